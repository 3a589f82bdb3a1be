import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistNode } from '../../../cli/node-data';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import { EvalController } from '../../../lib/train/eval-controller';
import { EXPLORE_LIMIT, exploreFrame, latentInfo } from '../../../lib/train/explore';
import type { ExploreResult, FromWorker } from '../../../lib/train/protocol';
import { RunHost } from '../../../lib/train/run-host';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';

/** The latent explorer's worker side (lib/train/explore.ts) on a real ring8 trainer, tfjs's cpu backend. */
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ring = (): Design => structuredClone(getPreset('ring8-2d')!.design);

async function trained(design: Design, steps = 3, images = {}) {
  const t = Trainer.create(tf, design, validateDesign(design), { images, seed: 5, batchSize: 16, buildNetwork: (x, n, r) => buildNetwork(x, n, r, blocks) });
  for (let i = 0; i < steps; i++) await t.trainStep();
  return t;
}

const frameOf = (r: ExploreResult) => {
  if (!r.ok) throw new Error(r.message);
  return r.frame;
};

/** G's output for `z` with the given weights per layer in place (then put back). */
function gWith(t: Trainer, weights: Map<string, Float32Array[]>, z: Float32Array, dim: number): Float32Array {
  const g = t.models.get('G')!;
  const saved = g.layers.map((l) => l.getWeights().map((w) => w.clone()));
  try {
    for (const l of g.layers) {
      const w = weights.get(l.name);
      if (w) l.setWeights(w.map((v, i) => tf.tensor(v, l.weights[i]!.shape as number[])));
    }
    return tf.tidy(() => (g.predict(tf.tensor2d(z, [z.length / dim, dim])) as tf.Tensor).dataSync() as Float32Array);
  } finally {
    g.layers.forEach((l, i) => l.setWeights(saved[i]!));
    saved.flat().forEach((w) => w.dispose());
  }
}

describe('latent explorer: noise vectors in, sample frame out', () => {
  it('describes the latent G takes: the noise source’s dimension and distribution, no labels for ring8', async () => {
    const t = await trained(ring(), 0);
    expect(latentInfo(t)).toEqual({ dim: 8, distribution: 'normal', scale: 1, classes: null, nearest: expect.stringContaining('samples are 2-D points, not images') });
    t.dispose();
  });

  it('generates one point per vector from the moving-average weights, as the sample grid does', async () => {
    const design = ring();
    const t = await trained(design);
    const dim = 8;
    const z = Float32Array.from({ length: 3 * dim }, (_, i) => Math.sin(i * 1.7) * 1.3);
    const frame = frameOf(await exploreFrame(t, design, { latent: z }));
    expect(frame.kind).toBe('points');
    if (frame.kind !== 'points') return;
    expect(frame.step).toBe(3);
    expect(frame.fake.length).toBe(3 * 2);
    expect(frame.real.length).toBeGreaterThan(0);
    expect(frame.surface?.values.length).toBe(40 * 40);

    const layers = await t.layerWeights();
    const ema = new Map(layers.filter((l) => l.network === 'G').map((l) => [l.layer, l.ema!] as const));
    const raw = new Map(layers.filter((l) => l.network === 'G').map((l) => [l.layer, l.values] as const));
    const want = gWith(t, ema, z, dim);
    Array.from(frame.fake).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    // After 3 steps at decay 0.99 the average is still far from the trained weights: the two outputs differ.
    const rawOut = gWith(t, raw, z, dim);
    expect(Math.max(...Array.from(frame.fake, (v, i) => Math.abs(v - rawOut[i]!)))).toBeGreaterThan(1e-4);

    // One vector, one sample: the same vector asked again, alone, gives the same point.
    const again = frameOf(await exploreFrame(t, design, { latent: z.slice(dim, 2 * dim) }));
    expect(again.kind === 'points' && Array.from(again.fake)).toEqual(Array.from(frame.fake.slice(2, 4)));
    t.dispose();
  });

  it('refuses requests that do not fit, naming the figures', async () => {
    const design = ring();
    const t = await trained(design, 0);
    const refused = async (latent: Float32Array, labels?: Int32Array) => {
      const r = await exploreFrame(t, design, { latent, labels });
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.message;
    };
    expect(await refused(new Float32Array((EXPLORE_LIMIT + 1) * 8))).toBe(`${EXPLORE_LIMIT + 1} noise vectors asked for; the explorer draws at most ${EXPLORE_LIMIT} at once.`);
    expect(await refused(new Float32Array(7))).toContain('7 numbers are not whole noise vectors of 8');
    expect(await refused(Float32Array.of(0, 0, 0, Number.NaN, 0, 0, 0, 0))).toContain('not a finite number');
    expect(await refused(new Float32Array(8), Int32Array.of(1))).toContain('takes no class labels');
    const ok = await exploreFrame(t, design, { latent: new Float32Array(EXPLORE_LIMIT * 8) });
    expect(ok.ok && ok.frame.kind === 'points' && ok.frame.fake.length).toBe(EXPLORE_LIMIT * 2);
    t.dispose();
  });

  it('leaks no tensors: the count is the same before and after each request, refused or answered', async () => {
    const design = ring();
    const t = await trained(design, 1);
    latentInfo(t); // draws the fixed sample batch, which the trainer keeps
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await exploreFrame(t, design, { latent: Float32Array.from({ length: 16 * 8 }, (_, j) => Math.cos(j + i)) });
      await exploreFrame(t, design, { latent: new Float32Array(9) });
    }
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('a conditional design (cgan-mnist): a label per vector picks the class; the same noise with another label is another image', async () => {
    const design = structuredClone(getPreset('cgan-mnist')!.design);
    const t = await trained(design, 1, { mnist: await loadMnistNode('train') });
    expect(latentInfo(t)).toEqual({ dim: 100, distribution: 'normal', scale: 1, classes: 10, nearest: null });
    const before = tf.memory().numTensors;
    const z = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i));
    const twice = new Float32Array(200);
    twice.set(z);
    twice.set(z, 100);
    const frame = frameOf(await exploreFrame(t, design, { latent: twice, labels: Int32Array.of(3, 8) }));
    expect(frame).toMatchObject({ kind: 'images', count: 2, height: 28, width: 28, channels: 1 });
    if (frame.kind !== 'images') return;
    const [three, eight] = [frame.data.slice(0, 784), frame.data.slice(784)];
    expect(Math.max(...Array.from(three, (v, i) => Math.abs(v - eight[i]!)))).toBeGreaterThan(1e-3);
    // The label is what was asked: class 3 alone gives the first image again.
    const alone = frameOf(await exploreFrame(t, design, { latent: z, labels: Int32Array.of(3) }));
    expect(alone.kind === 'images' && Array.from(alone.data)).toEqual(Array.from(three));
    const r = await exploreFrame(t, design, { latent: z, labels: Int32Array.of(10) });
    expect(r.ok ? '' : r.message).toBe('a label is outside the 10 classes (0–9).');
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('through the worker’s run host: no run, no latent; a loaded run answers from its current step', async () => {
    const post = (_m: FromWorker) => undefined;
    const evals = new EvalController({ tf, post, loadClassifier: () => Promise.reject(new Error('no classifier in this test')) });
    const build = async (d: Design) => Trainer.create(tf, d, validateDesign(d), { images: {}, batchSize: 16, buildNetwork: (x, n, r) => buildNetwork(x, n, r, blocks) });
    const store = { save: async () => undefined, load: async () => undefined, remove: async () => undefined };
    const runs = new RunHost({ tf, post, store, evals, images: () => ({}), build, movedMessage: () => '' });
    expect(runs.latentSpace()).toEqual({ key: null, info: 'No run is loaded: the design has nothing to train yet.' });
    expect(await runs.explore({ latent: new Float32Array(8) })).toEqual({ ok: false, message: 'No run is loaded: the design has nothing to train yet.' });
    await runs.serially(() => runs.design('r', ring()));
    runs.run(1);
    await runs.idleLoop();
    expect(runs.latentSpace()).toEqual({ key: 'r', info: { dim: 8, distribution: 'normal', scale: 1, classes: null, nearest: expect.stringContaining('2-D points') } });
    const r = await runs.explore({ latent: new Float32Array(2 * 8) });
    expect(r.ok && r.frame.kind === 'points' && [r.frame.step, r.frame.fake.length]).toEqual([1, 4]);
    await runs.stop();
    runs.trainer?.dispose();
  });
});
