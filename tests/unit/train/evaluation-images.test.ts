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
import { realSubset, type MnistClassifier } from '../../../lib/metrics/classifier';
import { getPreset } from '../../../lib/presets';
import { validateDesign } from '../../../lib/validate';
import { EvalController } from '../../../lib/train/eval-controller';
import type { ImageEvalResult, Sampler } from '../../../lib/train/evaluation';
import { evaluateImages, fetchClassifier, imageReference, type ImageReference } from '../../../lib/train/evaluation-images';
import type { FromWorker } from '../../../lib/train/protocol';
import { Trainer } from '../../../lib/train/trainer';

// The browser worker's path in Node: the classifier fetched from where the app serves it (here: the committed
// assets through a stand-in fetch), MNIST training images as the reference, wasm as in the worker.
const N = 200;
let tf: typeof tfType;
let train: ImageSet;
let clf: MnistClassifier;
let reference: ImageReference;

const assetsFetch = (async (url: string) => {
  const bytes = await readFile(join('assets/mnist-classifier', String(url).replace('/vendor/mnist-classifier/', '')));
  return new Response(bytes);
}) as typeof fetch;

beforeAll(async () => {
  tf = await nodeTf('wasm');
  train = await loadMnistNode('train');
  clf = await fetchClassifier(tf, '/vendor/mnist-classifier/', assetsFetch);
  reference = await imageReference(tf, clf, train, N);
}, 120_000);

/** Real training images other than the reference's, in a tanh generator's range: a perfect generator. */
const realImages = (): Sampler => {
  const idx = realSubset('mnist-train', N, train.count);
  let next = 0;
  return {
    generate: (n) => {
      const out = new Float32Array(n * 784);
      for (let k = 0; k < n; k++) for (let p = 0; p < 784; p++) out[k * 784 + p] = train.pixels[idx[(next + k) % N]! * 784 + p]! / 127.5 - 1;
      next += n;
      return tf.tensor4d(out, [n, 28, 28, 1]);
    },
  };
};

const mlpGan = (): Design => structuredClone(getPreset('gan-mlp-mnist')!.design);
const trainerFor = (d: Design) => Trainer.create(tf, d, validateDesign(d), { images: { mnist: train }, seed: 1, batchSize: 8, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });

describe('image evaluation (MNIST classifier)', () => {
  it('scores real images close to the reference and an untrained generator far from it, with tf memory flat', async () => {
    const real = await evaluateImages(tf, realImages(), clf, reference, { step: 0, range: '[-1,1]' });
    expect(real).toMatchObject({ kind: 'images', samples: N, classesCovered: 10, totalClasses: 10, k: 3, kid: { subsets: 10, subsetSize: N / 2 } });
    expect(real.classifierScore).toBeGreaterThan(9);
    expect(real.precision).toBeGreaterThan(0.7);
    expect(real.recall).toBeGreaterThan(0.7);

    const t = trainerFor(mlpGan());
    const before = tf.memory().numTensors;
    const untrained = await evaluateImages(tf, t, clf, reference, { step: 0, range: '[-1,1]' });
    expect(tf.memory().numTensors).toBe(before);
    expect(untrained.frechetDistance).toBeGreaterThan(10 * real.frechetDistance);
    expect(untrained.kid.mean).toBeGreaterThan(real.kid.mean + 10 * real.kid.std);
    expect(untrained.recall).toBeLessThan(0.2);
    expect(structuredClone(untrained)).toEqual(untrained);
    t.dispose();
  });

  it('the controller classifies the reference once, reports each stage, and stops at a chunk boundary when asked', async () => {
    const posted: FromWorker[] = [];
    let loads = 0;
    const c = new EvalController({ tf, post: (m) => posted.push(m), loadClassifier: () => (loads++, fetchClassifier(tf, '/vendor/mnist-classifier/', assetsFetch)) });
    const t = trainerFor(mlpGan());
    await c.attach(t, { mnist: train });
    const info = posted.find((m) => m.type === 'evalInfo');
    expect(info).toMatchObject({ target: { kind: 'images', range: '[-1,1]' }, settings: { every: 500, samples: 1000 } });
    c.configure({ every: 500, samples: 100 });

    const stages = () => posted.flatMap((m) => (m.type === 'evalProgress' ? [m.progress.stage] : []));
    await c.run(() => false);
    expect([...new Set(stages())]).toEqual(['reference', 'generating', 'scoring']);
    posted.length = 0;
    const before = tf.memory().numTensors;
    await c.run(() => false);
    expect(tf.memory().numTensors).toBe(before);
    expect([...new Set(stages())]).toEqual(['generating', 'scoring']);
    expect(loads).toBe(1);
    const results = c.results as ImageEvalResult[];
    expect(results).toHaveLength(1); // the same step twice: the second replaces the first
    expect(results[0]).toMatchObject({ kind: 'images', step: 0, samples: 100 });

    posted.length = 0;
    await c.run(() => true);
    expect(posted.find((m) => m.type === 'evalFailed')).toMatchObject({ cancelled: true });
    expect(posted.some((m) => m.type === 'evalResult')).toBe(false);
    await c.detach();
    t.dispose();
    clf.dispose();
  });
});
