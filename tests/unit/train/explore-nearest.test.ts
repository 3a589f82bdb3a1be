import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistNode } from '../../../cli/node-data';
import { nodeTf } from '../../../cli/node-tf';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { ImageSet } from '../../../lib/data/image-set';
import type { Design } from '../../../lib/graph/schema';
import { classifyImages, gatherPixelsToInput, realSubset, type MnistClassifier } from '../../../lib/metrics/classifier';
import { getPreset } from '../../../lib/presets';
import { fetchClassifier } from '../../../lib/train/evaluation-images';
import { NEAREST_K, NearestImages } from '../../../lib/train/explore-nearest';
import type { NearestResult } from '../../../lib/train/protocol';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';

// The explorer's memorisation check (lib/train/explore-nearest.ts) with the committed classifier and MNIST, on wasm
// as in the worker; a pool of 300 training images instead of 5,000 keeps it to seconds.
const POOL = 300;
let tf: typeof tfType;
let train: ImageSet;
let clf: MnistClassifier;

beforeAll(async () => {
  tf = await nodeTf('wasm');
  train = await loadMnistNode('train');
  clf = await fetchClassifier(tf, '/vendor/mnist-classifier/', (async (url: string) => new Response(await readFile(join('assets/mnist-classifier', String(url).split('/').pop()!)))) as typeof fetch);
}, 120_000);

const preset = (id: string): Design => structuredClone(getPreset(id)!.design);
const trainer = (design: Design) => Trainer.create(tf, design, validateDesign(design), { images: { mnist: train }, seed: 3, batchSize: 8, buildNetwork: (x, n, r) => buildNetwork(x, n, r, blocks) });
const finder = () => new NearestImages(tf, async () => clf, POOL);
const ok = (r: NearestResult) => {
  if (!r.ok) throw new Error(r.message);
  return r;
};

/** Makes an MLP generator draw training image `index` whatever z is: its output layer's kernel zero, its bias atanh of the image. */
async function memorise(t: Trainer, index: number): Promise<void> {
  const out = t.models.get('G')!.getLayer('image');
  const [kernel, bias] = out.getWeights();
  const image = Float32Array.from(train.pixels.subarray(index * 784, (index + 1) * 784), (p) => Math.atanh(Math.min(0.9999, Math.max(-0.9999, (p / 255) * 2 - 1))));
  out.setWeights([tf.zerosLike(kernel!), tf.tensor(image, bias!.shape)]);
  // Samples come from the moving averages: a snapshot without them restores them from these weights.
  const { ema: _ema, ...snap } = await t.snapshot();
  t.restore(snap);
}

describe('nearest training images (MNIST classifier features)', () => {
  it('finds the training image a generator copies at distance ≈ 0, ranks 8 by distance, and leaks no tensors', async () => {
    const t = trainer(preset('gan-mlp-mnist'));
    const pool = realSubset('reference', POOL, train.count);
    const copied = pool[17]!;
    await memorise(t, copied);
    const near = finder();
    const z = Float32Array.from({ length: 100 }, (_, i) => Math.cos(i));
    const first = ok(await near.find(t, { mnist: train }, { latent: z.slice() }));
    expect(first).toMatchObject({ pool: POOL, sampleClass: train.labels![copied], frame: { kind: 'images', count: NEAREST_K, height: 28, width: 28, channels: 1, range: '[0,1]' } });
    expect(first.neighbours).toHaveLength(NEAREST_K);
    expect(first.neighbours[0]).toMatchObject({ index: copied, label: train.labels![copied] });
    expect(first.neighbours[0]!.distance).toBeLessThan(0.05 * first.typical);
    const d = first.neighbours.map((n) => n.distance);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(first.neighbours.every((n) => pool.includes(n.index))).toBe(true);
    // The frame holds the neighbours' own pixels, nearest first.
    const second = first.neighbours[1]!.index;
    expect(first.frame.kind === 'images' && Array.from(first.frame.data.subarray(784, 2 * 784))).toEqual(Array.from(Float32Array.from(train.pixels.subarray(second * 784, (second + 1) * 784), (p) => p / 255)));

    // The distances are the classifier's: the copied image's features against the second neighbour's, directly.
    const direct = await classifyImages(tf, clf, { count: 2, batch: () => gatherPixelsToInput(tf, train.pixels, [copied, second]) });
    const f = direct.features.data;
    const between = Math.hypot(...Array.from(f.subarray(0, 128), (x, j) => x - f[128 + j]!));
    expect(first.neighbours[1]!.distance).toBeCloseTo(between, 1);

    // Asked again (the pool now embedded): the same answer, and the tensor count is the same after the request.
    const before = tf.memory().numTensors;
    const again = ok(await near.find(t, { mnist: train }, { latent: z.slice() }));
    expect(again.neighbours).toEqual(first.neighbours);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('says in words why it does not apply: 2-D points, one sample at a time, images not loaded', async () => {
    const near = finder();
    const ring = Trainer.create(tf, preset('ring8-2d'), validateDesign(preset('ring8-2d')), { images: {}, seed: 1, batchSize: 8, buildNetwork: (x, n, r) => buildNetwork(x, n, r, blocks) });
    const r = await near.find(ring, {}, { latent: new Float32Array(8) });
    expect(r.ok ? '' : r.message).toContain('samples are 2-D points, not images');
    ring.dispose();
    const t = trainer(preset('gan-mlp-mnist'));
    const two = await near.find(t, { mnist: train }, { latent: new Float32Array(200) });
    expect(two.ok ? '' : two.message).toBe('nearest training images are found for one sample at a time; 2 were asked for.');
    const missing = await near.find(t, {}, { latent: new Float32Array(100) });
    expect(missing.ok ? '' : missing.message).toContain('MNIST training images are not loaded');
    t.dispose();
  });
});
