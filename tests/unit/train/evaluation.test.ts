import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { Design } from '../../../lib/graph/schema';
import { sampleModes2d } from '../../../lib/metrics/modes2d';
import { getPreset } from '../../../lib/presets';
import { mulberry32 } from '../../../lib/rng';
import { validateDesign } from '../../../lib/validate';
import { EvalController } from '../../../lib/train/eval-controller';
import { clampSettings, evalTarget, evaluateToy, sampleShapeOf, type EvalResult, type Sampler, type ToyEvalResult } from '../../../lib/train/evaluation';
import { planTraining } from '../../../lib/train/plan';
import type { FromWorker } from '../../../lib/train/protocol';
import { Trainer } from '../../../lib/train/trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const preset = (id: string): Design => structuredClone(getPreset(id)!.design);
const planOf = (d: Design) => planTraining(d, validateDesign(d), blocks);

function trainer(design: Design, seed = 3) {
  const report = validateDesign(design);
  expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return Trainer.create(tf, design, report, { images: {}, seed, batchSize: 16, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
}

/** Draws real ring8 points: what a perfect generator would produce. */
const realRing: Sampler = { generate: (n, seed = 0) => tf.tensor2d(sampleModes2d('ring8', n, mulberry32(seed)).points, [n, 2]) };

function withDataset(id: string, params: Record<string, unknown>): Design {
  const d = preset(id);
  const data = d.training.nodes.find((n) => n.type === 'dataset')!;
  Object.assign(data.params, params);
  return d;
}

describe('evalTarget', () => {
  // [design, generated sample shape, expected kind, what the reason must mention]
  const cases: [string, () => Design, (number | null)[] | null, string, RegExp | null][] = [
    ['ring8-2d', () => preset('ring8-2d'), [2, 2], 'toy2d', null],
    ['grid25-2d', () => preset('grid25-2d'), [2, 2], 'toy2d', null],
    ['dcgan-mnist', () => preset('dcgan-mnist'), [2, 28, 28, 1], 'images', null],
    ['gan-mlp-mnist (flat 784)', () => preset('gan-mlp-mnist'), [2, 784], 'images', null],
    ['aae-mnist (critic judges codes)', () => preset('aae-mnist'), [2, 8], 'none', /latent codes/],
    ['cyclegan-mnist', () => preset('cyclegan-mnist'), [2, 28, 28, 1], 'none', /CycleGAN/],
    ['srgan-mnist (paired: G(A) against its targets)', () => preset('srgan-mnist'), [2, 28, 28, 1], 'paired', null],
    ['pix2pix-mnist (paired: G(A) against its targets)', () => preset('pix2pix-mnist'), [2, 28, 28, 1], 'paired', null],
    ['spiral', () => withDataset('ring8-2d', { name: 'spiral' }), [2, 2], 'none', /no discrete modes/],
    ['a 2-D dataset sampled as 3 values', () => preset('ring8-2d'), [2, 3], 'none', /2-D points/],
  ];
  it.each(cases)('%s', (_name, make, shape, kind, reason) => {
    const t = evalTarget(planOf(make()), shape);
    expect(t.kind).toBe(kind);
    if (reason) expect(t.kind === 'none' && t.reason).toMatch(reason);
  });

  it.each([
    ['srgan-mnist', 'mnist-lowres-7'],
    ['pix2pix-mnist', 'mnist-outline'],
  ])('scores %s as a paired design on its pair %s, fed through its source port a', (id, pair) => {
    expect(evalTarget(planOf(preset(id)), [2, 28, 28, 1])).toEqual({ kind: 'paired', pair, range: '[-1,1]', network: 'G', input: { node: 'data', port: 'a' } });
  });

  it('says why a paired design whose generator takes more than the input A has no metrics', () => {
    const d = preset('srgan-mnist');
    // A second feed of G_call beside A (here B): then G's output is not one image per A.
    const plan = planOf(d);
    const call = plan.calls.get('G_call')!;
    const twoFeeds = { ...plan, calls: new Map([...plan.calls, ['G_call', { ...call, feeds: new Map([...call.feeds, ['extra', { node: 'data', port: 'b' }]]) }]]) };
    const t = evalTarget(twoFeeds, [2, 28, 28, 1]);
    expect(t.kind === 'none' && t.reason).toMatch(/input A alone/);
  });

  it('says why user images have no metrics', () => {
    const d = preset('dcgan-mnist');
    const data = d.training.nodes.find((n) => n.type === 'dataset')!;
    const plan = planOf(d);
    // The folder dataset needs its images to validate; the target only reads the parsed name.
    const folderPlan = { ...plan, sources: plan.sources.map((s) => (s.id === data.id ? { ...s, params: { ...(s.params as object), name: 'folder' } } : s)) };
    const t = evalTarget(folderPlan, [2, 28, 28, 1]);
    expect(t.kind === 'none' && t.reason).toMatch(/no feature network offline/);
  });

  it('reads the sample shape off the trainer and the pixel range off the dataset', () => {
    const t = trainer(preset('ring8-2d'));
    expect(sampleShapeOf(t)).toEqual([2, 2]);
    t.dispose();
    expect(evalTarget(planOf(withDataset('gan-mlp-mnist', { range: '[0,1]' })), [2, 784])).toEqual({ kind: 'images', range: '[0,1]' });
  });
});

describe('evaluateToy', () => {
  it('scores an untrained ring8 generator as poor and real samples as 8 / 8, with tf memory flat', async () => {
    const t = trainer(preset('ring8-2d'));
    const before = tf.memory().numTensors;
    const untrained = await evaluateToy(t, 'ring8', 0, 2500);
    expect(tf.memory().numTensors).toBe(before);
    // A fresh MLP maps the noise to a blob near the origin, far from the radius-2 ring.
    expect(untrained.highQualityFraction).toBeLessThan(0.05);
    expect(untrained.modesCovered).toBeLessThan(8);
    expect(untrained).toMatchObject({ kind: 'toy2d', step: 0, samples: 2500, totalModes: 8 });

    const real = await evaluateToy(realRing, 'ring8', 0, 2500);
    expect(real.modesCovered).toBe(8);
    expect(real.highQualityFraction).toBeGreaterThan(0.97);
    expect(real.reverseKl!).toBeLessThan(0.01);
    expect(real.counts.reduce((a, b) => a + b, 0)).toBe(Math.round(real.highQualityFraction * 2500));
    // Plain data: survives structured cloning to the page and into IndexedDB unchanged.
    expect(structuredClone(real)).toEqual(real);
    t.dispose();
  });

  it('draws the same noise each time, so two evaluations of the same weights agree', async () => {
    const t = trainer(preset('ring8-2d'));
    const a = await evaluateToy(t, 'ring8', 0, 500);
    const b = await evaluateToy(t, 'ring8', 0, 500);
    expect({ ...b, seconds: 0 }).toEqual({ ...a, seconds: 0 });
    t.dispose();
  });
});

describe('clampSettings', () => {
  it.each([
    [{ every: 250, samples: 2500 }, { every: 250, samples: 2500 }],
    [{ every: -3, samples: 10 }, { every: 0, samples: 100 }],
    [{ every: 99.6, samples: 1e9 }, { every: 100, samples: 20_000 }],
    [{ every: Number.NaN, samples: Number.NaN }, { every: 0, samples: 2500 }],
  ])('%o → %o', (given, want) => expect(clampSettings('toy2d', given)).toEqual(want));
});

describe('EvalController', () => {
  const host = () => {
    const posted: FromWorker[] = [];
    const c = new EvalController({ tf, post: (m) => posted.push(m), loadClassifier: () => Promise.reject(new Error('no classifier in this test')) });
    return { c, posted, of: <T extends FromWorker['type']>(type: T) => posted.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type) };
  };

  it('announces what applies, evaluates on demand and every N steps, and keeps results for the checkpoint', async () => {
    const { c, of } = host();
    const t = trainer(preset('ring8-2d'));
    await c.attach(t, {});
    expect(of('evalInfo').at(-1)).toMatchObject({ target: { kind: 'toy2d', mixture: 'ring8' }, settings: { every: 250, samples: 2500 } });
    expect(of('evalHistory').at(-1)!.results).toEqual([]);
    expect([c.due(1), c.due(250), c.due(500)]).toEqual([false, true, true]);
    c.request();
    expect(c.due(1)).toBe(true);

    const before = tf.memory().numTensors;
    await c.run(() => false);
    expect(tf.memory().numTensors).toBe(before);
    expect(c.due(1)).toBe(false);
    expect(of('evalProgress').map((m) => m.progress.stage)).toEqual(['generating', 'scoring']);
    const result = of('evalResult').at(-1)!.result as ToyEvalResult;
    expect(result).toMatchObject({ kind: 'toy2d', step: 0, samples: 2500 });
    expect(c.results).toEqual([result]);

    c.configure({ every: 0, samples: 50 });
    expect(of('evalInfo').at(-1)!.settings).toEqual({ every: 0, samples: 100 });
    expect(c.due(250)).toBe(false);
    await c.detach();
    t.dispose();
  });

  it('keeps the user settings across reloads of the same kind of design, and restores only results up to the checkpoint step', async () => {
    const { c, of } = host();
    const t1 = trainer(preset('ring8-2d'));
    await c.attach(t1, {});
    c.configure({ every: 100, samples: 1000 });
    t1.step = 300;
    const restored: EvalResult[] = [100, 200, 300, 400].map((step) => ({ kind: 'toy2d', step, samples: 1000, seconds: 0, mixture: 'ring8', modesCovered: 8, totalModes: 8, highQualityFraction: 1, reverseKl: 0, counts: [] }));
    await c.attach(t1, {}, restored);
    expect(of('evalInfo').at(-1)!.settings).toEqual({ every: 100, samples: 1000 });
    expect(of('evalHistory').at(-1)!.results.map((r) => r.step)).toEqual([100, 200, 300]);
    t1.dispose();
  });

  it('stops when asked between chunks and reports the cancel; says plainly when nothing applies', async () => {
    const { c, of } = host();
    const t = trainer(preset('ring8-2d'));
    await c.attach(t, {});
    await c.run(() => true);
    expect(of('evalResult')).toEqual([]);
    expect(of('evalFailed').at(-1)).toMatchObject({ cancelled: true, message: expect.stringMatching(/stopped/) });
    t.dispose();

    const spiral = trainer(withDataset('ring8-2d', { name: 'spiral' }));
    await c.attach(spiral, {});
    expect(of('evalInfo').at(-1)!.target.kind).toBe('none');
    expect(c.due(250)).toBe(false);
    await c.run(() => false);
    expect(of('evalFailed').at(-1)).toMatchObject({ cancelled: false, message: expect.stringMatching(/^Not measured: the spiral/) });
    spiral.dispose();
  });

  it('a new trainer cancels the evaluation of the old one', async () => {
    const { c, of } = host();
    const t = trainer(preset('ring8-2d'));
    await c.attach(t, {});
    const running = c.run(() => false);
    await c.attach(t, {});
    await running;
    expect(of('evalFailed').at(-1)!.cancelled).toBe(true);
    expect(of('evalResult')).toEqual([]);
    t.dispose();
  });
});
