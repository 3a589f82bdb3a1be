import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addNode, emptyDesign, moveNodes, removeElements, setParam, setSetting } from '../../../lib/editor/ops';
import type { Scope } from '../../../lib/editor/scope';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import type { StoredCheckpoint } from '../../../lib/train/checkpoint-store';
import { restoreRunDesign, trainingKey } from '../../../lib/train/run-design';
import type { RunStore } from '../../../lib/train/run-host';
import type { Trainer } from '../../../lib/train/trainer';
import { testHost } from './run-host-harness';

/**
 * The training worker's run handling (lib/train/run-host.ts) with real trainers on tfjs's cpu backend, a store that
 * copies what it keeps as IndexedDB does, and the dashboard's reducer folding what the host reports.
 */
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const G: Scope = { kind: 'network', id: 'G' };
const ring = (): Design => structuredClone(getPreset('ring8-2d')!.design);

function memoryStore(): RunStore & { kept: Map<string, StoredCheckpoint> } {
  const kept = new Map<string, StoredCheckpoint>();
  return {
    kept,
    save: async (key, s, evaluations, record) => void kept.set(key, structuredClone({ ...s, key, savedAt: 0, evaluations: [...evaluations], ...(record.history ? { history: [...record.history] } : {}), ...(record.design ? { design: record.design } : {}) })),
    load: async (key) => structuredClone(kept.get(key)),
    remove: async (key) => void kept.delete(key),
  };
}

/** A host as the worker makes one, on a store in memory. */
function host(store = memoryStore()) {
  return { ...testHost(store), store };
}

const kernel = (t: Trainer | null, net: string, layer: string) => Array.from(t!.models.get(net)!.getLayer(layer).getWeights()[0]!.dataSync());

describe('RunHost: an edit never discards a run unasked', () => {
  it('keeps a trained run when the design changes under it, and restarts it warm: unchanged layers keep their weights', async () => {
    const h = host();
    await h.design('a', ring());
    await h.steps(3);
    const trained = h.runs.trainer;
    const fc1 = kernel(trained, 'G', 'fc1');
    const dFc1 = kernel(trained, 'D', 'fc1');

    const wider = setParam(ring(), G, 'fc2', 'units', 24);
    await h.design('a', wider);
    expect(h.runs.trainer).toBe(trained);
    expect(h.dashboard()).toMatchObject({ step: 3, phase: 'paused', designChange: { since: 3 } });
    expect(trainingKey(h.dashboard().designChange!.design)).toBe(trainingKey(ring()));
    // Training goes on with the design it was trained on.
    await h.steps(1);
    expect(h.dashboard()).toMatchObject({ step: 4, designChange: { since: 3 } });

    await h.runs.serially(() => h.runs.restart());
    const s = h.dashboard();
    expect(s).toMatchObject({ step: 0, phase: 'ready', designChange: null, checkpointStep: 0 });
    expect(s.history).toEqual([]);
    expect(s.warmStart!.fresh.map((l) => `${l.network}/${l.layer} ${l.why}`)).toEqual(['G/fc2 changed', 'G/point changed']);
    expect(s.warmStart!.kept.map((l) => `${l.network}/${l.layer}`).sort()).toEqual(['D/fc1', 'D/fc2', 'D/score', 'G/fc1']);
    // fc1 trained on for the 4th step: the restart took the weights it had then, not the ones from step 3.
    expect(kernel(h.runs.trainer, 'G', 'fc1')).not.toEqual(fc1);
    expect(kernel(h.runs.trainer, 'D', 'fc1')).not.toEqual(dFc1);
    expect(h.runs.trainer!.models.get('G')!.getLayer('fc2').getWeights()[0]!.shape).toEqual([256, 24]);
    // The replaced run is gone from the store: a reload brings back the restarted one, on the changed design.
    expect(h.store.kept.get('a')).toMatchObject({ step: 0 });
    expect(trainingKey(h.store.kept.get('a')!.design!)).toBe(trainingKey(wider));
  });

  it('restarting keeps the exact trained weights of the layers left alone', async () => {
    const h = host();
    await h.design('a', ring());
    await h.steps(2);
    const before = { g: kernel(h.runs.trainer, 'G', 'fc1'), d: kernel(h.runs.trainer, 'D', 'score') };
    await h.design('a', setParam(ring(), G, 'point', 'activation', 'tanh'));
    await h.runs.serially(() => h.runs.restart());
    expect(h.dashboard().warmStart!.fresh).toEqual([]);
    expect(kernel(h.runs.trainer, 'G', 'fc1')).toEqual(before.g);
    expect(kernel(h.runs.trainer, 'D', 'score')).toEqual(before.d);
  });

  it('undoing the change, or adding and deleting an unconnected block, or moving one, leaves the run as it was', async () => {
    const h = host();
    await h.design('a', ring());
    await h.steps(2);
    const trained = h.runs.trainer;

    const added = addNode(ring(), G, 'dense', { x: 0, y: 0 });
    await h.design('a', added.design);
    expect(h.dashboard().designChange).toMatchObject({ since: 2 });
    await h.design('a', removeElements(added.design, G, [added.id], []));
    expect(h.dashboard().designChange).toBeNull();

    const edited = setParam(ring(), G, 'fc1', 'units', 5);
    await h.design('a', edited);
    expect(h.dashboard().designChange).toMatchObject({ since: 2 });
    await h.design('a', restoreRunDesign(edited, h.dashboard().designChange!.design));
    expect(h.dashboard().designChange).toBeNull();

    await h.design('a', setSetting(moveNodes(ring(), G, { fc1: { x: 900, y: 900 } }), 'steps', 10));
    expect(h.runs.trainer).toBe(trained);
    expect(h.dashboard()).toMatchObject({ step: 2, totalSteps: 10, phase: 'paused', designChange: null });
    // Keeping only D's best samples changes what is measured, not what is trained: the run takes it on.
    await h.design('a', setSetting(setSetting(ring(), 'steps', 10), 'criticKeep', 0.5));
    expect(h.runs.trainer).toBe(trained);
    expect(h.runs.trainer!.criticKeep).toBe(0.5);
    expect(h.dashboard().designChange).toBeNull();
    expect(h.posted.filter((m) => m.type === 'opened')).toHaveLength(1);
  });

  it('refuses a restart on a design with errors and keeps the run', async () => {
    const h = host();
    await h.design('a', ring());
    await h.steps(2);
    const broken = addNode(ring(), G, 'dense', { x: 0, y: 0 }).design;
    await h.design('a', broken);
    await h.runs.serially(() => h.runs.restart());
    expect(h.dashboard()).toMatchObject({ step: 2, phase: 'paused', designChange: { since: 2 } });
    expect(h.dashboard().notice).toMatch(/^Not restarted: the design has 1 errors\. The run goes on/);
  });

  it('follows edits without asking while nothing is trained', async () => {
    const h = host();
    await h.design('a', ring());
    const first = h.runs.trainer;
    await h.design('a', setParam(ring(), G, 'fc1', 'units', 12));
    expect(h.runs.trainer).not.toBe(first);
    expect(h.dashboard()).toMatchObject({ phase: 'ready', designChange: null });
    expect(h.runs.trainer!.models.get('G')!.getLayer('fc1').getWeights()[0]!.shape).toEqual([8, 12]);
  });
});

describe('RunHost: controls pressed in quick succession', () => {
  it('Reset right after Step waits for the step, then starts fresh; a second Step during the first is refused', async () => {
    const h = host();
    await h.design('a', ring());
    h.runs.run(1);
    h.runs.run(1);
    await h.runs.serially(() => h.runs.reset());
    expect(h.dashboard()).toMatchObject({ step: 0, phase: 'ready', history: [], checkpointStep: null });
    expect(h.posted.filter((m) => m.type === 'metrics')).toHaveLength(1);
    expect(h.store.kept.has('a')).toBe(false);
  });
});

describe('RunHost: runs per design, and what comes back with them', () => {
  it('brings the loss history and the run design back with the checkpoint (a reload)', async () => {
    const store = memoryStore();
    const before = host(store);
    await before.design('a', ring());
    await before.steps(3);
    await before.design('a', setParam(ring(), G, 'fc1', 'units', 5));
    await before.runs.serially(() => before.runs.stop());

    const after = host(store);
    await after.design('a', setParam(ring(), G, 'fc1', 'units', 5));
    const s = after.dashboard();
    expect(s).toMatchObject({ step: 3, phase: 'paused', designChange: { since: 3 }, checkpointStep: 3 });
    expect(s.history.map((m) => m.step)).toEqual([1, 2, 3]);
    expect(s.history).toEqual(before.dashboard().history);
    // Trained on the design it was trained on: fc1 still has its 256 units.
    expect(after.runs.trainer!.models.get('G')!.getLayer('fc1').getWeights()[0]!.shape).toEqual([8, 256]);
  });

  it('opens a blank design to an empty, idle dashboard, and keeps the other design its run', async () => {
    const h = host();
    await h.design('a', ring());
    await h.steps(2);
    expect(h.dashboard().samples).not.toBeNull();

    await h.design('b', emptyDesign());
    const blank = h.dashboard();
    expect(blank).toMatchObject({ key: 'b', phase: 'idle', step: 0, samples: null, history: [], checkpointStep: null, fault: null, error: null, designChange: null });
    expect(blank.message).toMatch(/^The design has \d+ errors/);

    await h.design('a', ring());
    expect(h.dashboard()).toMatchObject({ key: 'a', step: 2, phase: 'paused' });
    expect(h.dashboard().history.map((m) => m.step)).toEqual([1, 2]);
  });

  it('hands a run to another host (a backend switch) with its step, weights, history and design change', async () => {
    const one = host();
    await one.design('a', ring());
    await one.steps(2);
    await one.design('a', setParam(ring(), G, 'fc1', 'units', 5));
    const weights = kernel(one.runs.trainer, 'G', 'fc1');
    const run = await one.runs.handOver();
    expect(run).toMatchObject({ key: 'a', running: false, changedAt: 2 });

    const two = host(one.store);
    await two.design('a', setParam(ring(), G, 'fc1', 'units', 5), { run });
    expect(two.dashboard()).toMatchObject({ step: 2, phase: 'paused', designChange: { since: 2 }, notice: 'Moved the run at step 2 to cpu.' });
    expect(two.dashboard().history.map((m) => m.step)).toEqual([1, 2]);
    expect(kernel(two.runs.trainer, 'G', 'fc1')).toEqual(weights);
  });
});
