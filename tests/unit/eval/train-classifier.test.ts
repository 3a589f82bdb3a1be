import type * as tfType from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageSet } from '../../../lib/data/image-set';
import { BN_EPSILON, foldConvBatchNorm, trainClassifier } from '../../../lib/metrics/classifier';
import { mulberry32 } from '../../../lib/rng';
import { mnist, wasmTf } from './helpers';

let tf: typeof tfType;
let small: ImageSet;

beforeAll(async () => {
  tf = await wasmTf();
  const train = await mnist('train');
  // 256 images: enough for the whole recipe (shuffle, steps, BN calibration, folding) to run end to end in seconds.
  small = { ...train, count: 256, pixels: train.pixels.subarray(0, 256 * 784), labels: train.labels!.subarray(0, 256) };
}, 60_000);

describe('classifier training', () => {
  it('is reproducible: the same seed gives the same weights bit for bit, another seed different ones', async () => {
    const run = (seed: number) => trainClassifier(tf, small, { seed, epochs: 1, batchSize: 64, learningRate: 3e-3, maxSteps: 2 });
    const before = tf.memory().numTensors;
    const a = await run(1);
    expect(tf.memory().numTensors).toBe(before);
    const b = await run(1);
    const c = await run(2);
    for (const [name, w] of a) expect(b.get(name), name).toEqual(w);
    expect(c.get('conv1/kernel')).not.toEqual(a.get('conv1/kernel'));
  }, 120_000);

  it('folds batch norm into the convolution exactly: conv(x, W′) + b′ = BN(conv(x, W))', () => {
    const rng = mulberry32(3);
    const r = (n: number, scale = 1, shift = 0) => Float32Array.from({ length: n }, () => shift + scale * rng.normal());
    const [k, cin, cout] = [3, 4, 5];
    const kernel = r(k * k * cin * cout, 0.3);
    const bn = { gamma: r(cout, 0.5, 1), beta: r(cout, 0.5), mean: r(cout), variance: Float32Array.from(r(cout), (v) => v * v + 0.1) };
    const folded = foldConvBatchNorm(kernel, bn);
    const [direct, fused] = tf.tidy(() => {
      const x = tf.tensor4d(r(2 * 6 * 6 * cin), [2, 6, 6, cin]);
      const c = tf.conv2d(x, tf.tensor4d(kernel, [k, k, cin, cout]), 1, 'valid');
      const want = tf.batchNorm(c, tf.tensor1d(bn.mean), tf.tensor1d(bn.variance), tf.tensor1d(bn.beta), tf.tensor1d(bn.gamma), BN_EPSILON);
      const got = tf.add(tf.conv2d(x, tf.tensor4d(folded.kernel, [k, k, cin, cout]), 1, 'valid'), tf.tensor1d(folded.bias));
      return [want.dataSync(), got.dataSync()];
    });
    for (let i = 0; i < direct.length; i++) expect(fused[i]).toBeCloseTo(direct[i]!, 4);
  });
});
