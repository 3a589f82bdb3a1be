import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setParam } from '../../../lib/editor/ops';
import { TRAINING, type Scope } from '../../../lib/editor/scope';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import type { StoredCheckpoint } from '../../../lib/train/checkpoint-store';
import { trainingKey } from '../../../lib/train/run-design';
import type { RunStore } from '../../../lib/train/run-host';
import { testHost } from './run-host-harness';

/**
 * The run host with a store that keeps runs as the archive does (lib/train/run-archive-store.ts): `remove` ends the
 * current run and the next save starts a new one. Reset, Restart and an import each leave the run before listed;
 * `switchRun` (Open, Fork) loads the run the store makes current, on the design the page sends.
 */
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const G: Scope = { kind: 'network', id: 'G' };
const ring = (): Design => structuredClone(getPreset('ring8-2d')!.design);

type Kept = { checkpoints: StoredCheckpoint[] };
function archiveStore() {
  const runs: Kept[] = [];
  let active: Kept | null = null;
  const latest = () => active?.checkpoints.at(-1);
  const store: RunStore = {
    save: async (key, s, evaluations, record) => {
      if (!active) runs.push((active = { checkpoints: [] }));
      const before = latest();
      active.checkpoints.push(
        structuredClone({ ...s, key, savedAt: 0, evaluations: [...evaluations], history: [...(record.history ?? before?.history ?? [])], ...((record.design ?? before?.design) ? { design: record.design ?? before?.design } : {}) }),
      );
    },
    load: async () => structuredClone(latest()),
    remove: async () => void (active = null),
  };
  /** What Fork does in the store: a new current run from `from`'s checkpoint at `step`, on `design`. */
  const fork = (from: Kept, step: number, design: Design) => {
    const c = from.checkpoints.find((x) => x.step === step)!;
    runs.push((active = { checkpoints: [{ ...structuredClone(c), design, history: c.history!.filter((h) => h.step <= step) }] }));
  };
  return { store, runs, fork, current: () => active };
}

function host() {
  const archive = archiveStore();
  return { ...testHost(archive.store), archive };
}

const lastStep = (k: { checkpoints: StoredCheckpoint[] }) => k.checkpoints.at(-1)!.step;

describe('runs kept in an archive', () => {
  it('Reset and Restart start new runs and leave the ones before listed with their steps and curves', async () => {
    const h = host();
    await h.design('a', ring());
    await h.steps(3);
    await h.runs.serially(() => h.runs.reset());
    await h.steps(2);
    expect(h.archive.runs.map(lastStep)).toEqual([3, 2]);
    expect(h.archive.runs[0]!.checkpoints.at(-1)!.history!.map((m) => m.step)).toEqual([1, 2, 3]);

    await h.design('a', setParam(ring(), G, 'fc2', 'units', 24));
    await h.runs.serially(() => h.runs.restart());
    await h.steps(1);
    expect(h.archive.runs.map(lastStep)).toEqual([3, 2, 1]);
    // The second run kept the design it trained; the third trains the changed one.
    expect(trainingKey(h.archive.runs[1]!.checkpoints.at(-1)!.design!)).toBe(trainingKey(ring()));
    expect(trainingKey(h.archive.runs[2]!.checkpoints.at(-1)!.design!)).not.toBe(trainingKey(ring()));
  });

  it('an import becomes a new run, and the run before keeps its curves', async () => {
    const h = host();
    await h.design('a', ring());
    await h.steps(2);
    const snap = await h.runs.trainer!.snapshot();
    await h.runs.serially(() => h.runs.importWeights('a', 'w.json', { step: 7, weights: snap.weights, shapes: snap.shapes, ema: {} }));
    expect(h.posted.some((m) => m.type === 'imported')).toBe(true);
    expect(h.archive.runs.map(lastStep)).toEqual([2, 7]);
    expect(h.archive.runs[0]!.checkpoints.at(-1)!.history!.map((m) => m.step)).toEqual([1, 2]);
  });

  it('a fork continues from the saved weights of a step, on the changed design, with the curves up to that step', async () => {
    const h = host();
    const d = ring();
    await h.design('a', d);
    await h.steps(3);
    const parent = h.archive.current()!;
    const atTwo = parent.checkpoints.find((c) => c.step === 2)!;
    const lrNode = d.training.nodes.find((n) => n.type === 'adam')!;
    const forked = setParam(d, TRAINING, lrNode.id, 'learningRate', 0.01);
    await h.runs.serially(() => h.runs.switchRun('a', forked, async () => (h.archive.fork(parent, 2, forked), 'Forked Run 2.')));
    const t = h.runs.trainer!;
    expect(t.step).toBe(2);
    const weights = (await t.snapshot()).weights;
    expect(weights['G']![0]).toEqual(atTwo.weights['G']![0]);
    const s = h.dashboard();
    expect(s.step).toBe(2);
    expect(s.history.map((m) => m.step)).toEqual([1, 2]);
    expect(s.designChange).toBeNull();
    expect(s.notice).toBe('Forked Run 2.');
    await h.steps(2);
    expect(h.archive.runs.map(lastStep)).toEqual([3, 4]);
    expect(h.archive.runs[1]!.checkpoints.at(-1)!.design!.training.nodes.find((n) => n.id === lrNode.id)!.params['learningRate']).toBe(0.01);
    // The parent run is untouched by the fork's training.
    expect(h.archive.runs[0]!.checkpoints.at(-1)!.step).toBe(3);
  });

  it('a switch the store refuses says why and opens the current run again', async () => {
    const h = host();
    await h.design('a', ring());
    await h.steps(2);
    await h.runs.serially(() =>
      h.runs.switchRun('a', ring(), () => {
        throw new Error('that run is no longer kept');
      }),
    );
    expect(h.dashboard().notice).toBe('That run could not be opened: that run is no longer kept.');
    expect(h.runs.trainer!.step).toBe(2);
    expect(h.dashboard().phase).toBe('paused');
  });
});
