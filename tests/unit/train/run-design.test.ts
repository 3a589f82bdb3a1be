import { describe, expect, it } from 'vitest';
import { addNode, moveNodes, removeElements, setLabel, setParam, setSetting } from '../../../lib/editor/ops';
import type { Scope } from '../../../lib/editor/scope';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import { designAction, restoreRunDesign, trainingKey, type RunSummary } from '../../../lib/train/run-design';

const ring = (): Design => structuredClone(getPreset('ring8-2d')!.design);
const G: Scope = { kind: 'network', id: 'G' };
const TRAINING: Scope = { kind: 'training' };

describe('trainingKey: what a run depends on', () => {
  const base = ring();
  const same = (d: Design) => trainingKey(d) === trainingKey(base);

  it.each<[string, (d: Design) => Design]>([
    ['moving blocks', (d) => moveNodes(d, G, { fc1: { x: 999, y: -5 } })],
    ['a label', (d) => setLabel(d, G, 'fc1', 'first layer')],
    ['the name and description', (d) => ({ ...d, name: 'Renamed', description: 'about it' })],
    ['the step budget (the run trains on to it)', (d) => setSetting(d, 'steps', 50_000)],
    ['the sample interval', (d) => setSetting(d, 'sampleEvery', 7)],
    ['the share of samples D keeps (a way of sampling, nothing trained)', (d) => setSetting(d, 'criticKeep', 0.5)],
    ['adding a block and deleting it again', (d) => {
      const added = addNode(d, G, 'dense', { x: 0, y: 0 });
      expect(trainingKey(added.design)).not.toBe(trainingKey(d));
      return removeElements(added.design, G, [added.id], []);
    }],
    ['an edge deleted and drawn again (new id, at the end)', (d) => {
      const e = d.networks[0]!.edges[0]!;
      const without = removeElements(d, G, [], [e.id]);
      return { ...without, networks: without.networks.map((n) => (n.id === 'G' ? { ...n, edges: [...n.edges, { ...e, id: 'redrawn' }] } : n)) };
    }],
  ])('leaves out %s', (_what, edit) => {
    expect(same(edit(ring()))).toBe(true);
  });

  it.each<[string, (d: Design) => Design]>([
    ['a layer param', (d) => setParam(d, G, 'fc1', 'units', 33)],
    ['an added block, even unconnected', (d) => addNode(d, G, 'dense', { x: 0, y: 0 }).design],
    ['an optimizer setting', (d) => setParam(d, TRAINING, 'opt_G', 'learningRate', 0.5)],
    ['the batch size', (d) => setSetting(d, 'batchSize', 32)],
    ['the seed', (d) => setSetting(d, 'seed', 7)],
    ['a removed wire', (d) => removeElements(d, G, [], [d.networks[0]!.edges[0]!.id])],
  ])('keeps %s', (_what, edit) => {
    expect(same(edit(ring()))).toBe(false);
  });
});

describe('designAction', () => {
  const d = ring();
  const run = (over: Partial<RunSummary> = {}): RunSummary => ({ key: 'a', runKey: trainingKey(d), fresh: false, ...over });
  const edited = setParam(ring(), G, 'fc1', 'units', 33);

  it('opens another design, adopts an edit the run does not depend on, and keeps a trained run on a real change', () => {
    expect(designAction(null, 'a', d)).toBe('open');
    expect(designAction(run(), 'b', d)).toBe('open');
    expect(designAction(run(), 'a', moveNodes(d, G, { fc1: { x: 1, y: 1 } }))).toBe('adopt');
    expect(designAction(run(), 'a', edited)).toBe('diverge');
  });

  it('rebuilds when nothing would be lost: a run still at its initial weights, or none built', () => {
    expect(designAction(run({ fresh: true }), 'a', edited)).toBe('rebuild');
    expect(designAction(run({ runKey: null }), 'a', edited)).toBe('rebuild');
    // Even a fresh run takes on an edit that leaves training alone without a rebuild.
    expect(designAction(run({ fresh: true }), 'a', setSetting(d, 'steps', 10))).toBe('adopt');
  });
});

describe('restoreRunDesign: undo the change', () => {
  it("brings back the run's training content and keeps what the run does not depend on as the user left it", () => {
    const trained = ring();
    let now = setParam(trained, G, 'fc1', 'units', 33);
    now = addNode(now, G, 'dense', { x: 10, y: 10 }).design;
    now = moveNodes(now, G, { fc2: { x: 500, y: 600 } });
    now = setLabel(now, G, 'fc2', 'middle');
    now = setSetting({ ...now, name: 'Mine' }, 'steps', 12_345);
    now = setSetting(now, 'criticKeep', 0.4);
    now = removeElements(now, G, ['point'], []);

    const back = restoreRunDesign(now, trained);
    expect(trainingKey(back)).toBe(trainingKey(trained));
    const g = back.networks.find((n) => n.id === 'G')!;
    const byId = (id: string) => g.nodes.find((n) => n.id === id);
    expect(byId('fc2')).toMatchObject({ position: { x: 500, y: 600 }, label: 'middle' });
    // A block the change deleted comes back where it was; one it added goes.
    expect(byId('point')!.position).toEqual(trained.networks[0]!.nodes.find((n) => n.id === 'point')!.position);
    expect(byId('dense')).toBeUndefined();
    expect(byId('fc1')!.params['units']).toBe(trained.networks[0]!.nodes.find((n) => n.id === 'fc1')!.params['units']);
    expect(back.name).toBe('Mine');
    expect(back.training.settings.steps).toBe(12_345);
    expect(back.training.settings.criticKeep).toBe(0.4);
  });
});
