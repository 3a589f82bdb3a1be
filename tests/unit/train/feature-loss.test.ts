import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier } from '../../../cli/classifier-file';
import { frozenFor, loadMnistNode } from '../../../cli/node-data';
import { blocks } from '../../../lib/blocks';
import { featureLoss, featureLossBlock, type FeatureLossParams } from '../../../lib/blocks/losses/feature';
import { buildNetwork } from '../../../lib/compile/build-network';
import { classifierActivations, classifierForward, frozenClassifier, type MnistClassifier } from '../../../lib/metrics/classifier';
import { frozenNeeds } from '../../../lib/train/image-needs';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';
import { mulberry32 } from '../../../lib/rng';
import type { ImageSet } from '../../../lib/data/image-set';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { srganWithFeatureLoss } from './feature-design';

let clf: MnistClassifier;
let mnist: ImageSet;
// wasm with GAN Studio's training kernels, as `gan train` runs: the cpu backend's convolutions take seconds here.
beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTrainingKernels(tf);
  await tf.setBackend('wasm');
  clf = loadClassifier(tf);
  mnist = await loadMnistNode('test');
});
afterAll(() => clf.dispose());

const P: FeatureLossParams = { layer: 'conv3', norm: 'l2', range: '[-1,1]', weight: 1 };
const ctx = { networks: new Map() };
const infer = (target: (number | null)[], output: (number | null)[]) => featureLossBlock.inferShape({ target, output }, featureLossBlock.params.parse({}), ctx);

describe('feature loss: shape inference', () => {
  it('takes 28×28×1 digits, as images or flattened, and nothing else', () => {
    expect(infer([null, 28, 28, 1], [null, 28, 28, 1])).toEqual({ ok: true, outputs: {} });
    expect(infer([null, 784], [null, 784])).toEqual({ ok: true, outputs: {} });
    const small = infer([null, 28, 28, 1], [null, 14, 14, 1]);
    expect(small.ok).toBe(false);
    if (!small.ok) {
      expect(small.code).toBe('E_SHAPE_SIZE');
      expect(small.message).toContain('output is [batch, 14, 14, 1]');
    }
    const colour = infer([null, 28, 28, 3], [null, 28, 28, 3]);
    expect(!colour.ok && colour.code).toBe('E_SHAPE_SIZE');
    const mixed = infer([null, 28, 28, 1], [null, 784]);
    expect(!mixed.ok && mixed.code).toBe('E_SHAPE_MISMATCH');
  });
});

describe('feature loss: values', () => {
  // Eight real digits in [-1, 1], and a fixed noise image per digit.
  const digits = async () => {
    const b = tf.tensor4d(Float32Array.from(mnist.pixels.subarray(0, 8 * 784), (v) => v / 127.5 - 1), [8, 28, 28, 1]);
    const rng = mulberry32(5);
    const noise = tf.tensor4d(Float32Array.from({ length: 8 * 784 }, () => rng.normal()), [8, 28, 28, 1]);
    return { b, noise };
  };

  it("the classifier's own features, from the same weights the metrics use", async () => {
    const { b, noise } = await digits();
    const x01 = tf.mul(tf.add(b, 1), 0.5) as tf.Tensor4D;
    const ours = classifierActivations(tf, clf.weights, x01, 'features');
    const metrics = classifierForward(tf, clf.weights, x01).features;
    expect(tf.max(tf.abs(tf.sub(ours, metrics))).dataSync()[0]).toBeLessThan(1e-4);
    expect(classifierActivations(tf, clf.weights, x01, 'conv1').shape).toEqual([8, 26, 26, 32]);
    expect(classifierActivations(tf, clf.weights, tf.reshape(x01, [8, 784]), 'conv3').shape).toEqual([8, 9, 9, 64]);
    expect(() => classifierActivations(tf, clf.weights, x01, 'dense2')).toThrow('the classifier has no layer "dense2"');
    tf.dispose([b, noise, x01, ours, metrics]);
  });

  it.each(['conv1', 'conv2', 'conv3', 'features'] as const)('at %s, falls as the output approaches the target, to 0 on it', async (layer) => {
    const { b, noise } = await digits();
    const frozen = { 'mnist-classifier': frozenClassifier(tf, clf) };
    const at = (alpha: number, norm: 'l1' | 'l2') =>
      tf.tidy(() => featureLoss(tf, { ...P, layer, norm }, 'generator', { target: b, output: tf.clipByValue(tf.add(b, tf.mul(alpha, noise)), -1, 1) }, { rng: mulberry32(1), frozen })!.dataSync()[0]!);
    for (const norm of ['l1', 'l2'] as const) {
      const values = [1, 0.5, 0.25, 0.1].map((a) => at(a, norm));
      for (let i = 1; i < values.length; i++) expect(values[i], `${norm}: ${values.join(', ')}`).toBeLessThan(values[i - 1]!);
      expect(at(0, norm)).toBe(0);
    }
    // The weight scales the value.
    const one = at(0.5, 'l2');
    const ten = tf.tidy(() => featureLoss(tf, { ...P, layer, weight: 10 }, 'generator', { target: b, output: tf.clipByValue(tf.add(b, tf.mul(0.5, noise)), -1, 1) }, { rng: mulberry32(1), frozen })!.dataSync()[0]!);
    expect(ten / one).toBeCloseTo(10, 3);
    tf.dispose([b, noise]);
  });

  it('says what is missing when the run did not load the classifier', () => {
    const t = tf.zeros([2, 28, 28, 1]);
    expect(() => featureLoss(tf, P, 'generator', { target: t, output: t }, { rng: mulberry32(1) })).toThrow('the feature loss needs the MNIST classifier, which this run did not load');
    t.dispose();
  });
});

describe('feature loss in a training step', () => {
  it("trains G through the classifier's activations and leaves the classifier's weights as they were", async () => {
    const design = srganWithFeatureLoss({ layer: 'conv3', weight: 1 });
    expect(frozenNeeds(design, blocks)).toEqual(['mnist-classifier']);
    const report = validateDesign(design);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const frozen = frozenFor(tf, design);
    const weights = frozen['mnist-classifier']!.weights;
    const before = new Map([...weights].map(([k, w]) => [k, Float32Array.from(w.dataSync())]));
    // The weights are constants: no optimizer can hold them, and variableGrads cannot reach them.
    for (const w of weights.values()) expect(w).not.toBeInstanceOf(tf.Variable);
    const trainer = Trainer.create(tf, design, report, { images: { mnist }, frozen, seed: 3, batchSize: 4, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
    try {
      const g0 = trainer.models.get('G')!.getWeights().map((w) => Float32Array.from(w.dataSync()));
      const m = await trainer.trainStep();
      expect(m.losses['feature']).toBeGreaterThan(0);
      expect(Number.isFinite(m.losses['feature'])).toBe(true);
      const g1 = trainer.models.get('G')!.getWeights().map((w) => Float32Array.from(w.dataSync()));
      expect(g1.some((w, i) => w.some((v, j) => v !== g0[i]![j]))).toBe(true);
      for (const [k, w] of weights) expect(Float32Array.from(w.dataSync()), k).toEqual(before.get(k));
    } finally {
      trainer.dispose();
    }
  }, 60_000);

  it('refuses to train without the classifier, with a message naming what is missing', async () => {
    const design = srganWithFeatureLoss({ layer: 'conv3', weight: 1 });
    const trainer = Trainer.create(tf, design, validateDesign(design), { images: { mnist }, seed: 3, batchSize: 2, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
    try {
      await expect(trainer.trainStep()).rejects.toThrow('MNIST classifier');
    } finally {
      trainer.dispose();
    }
  }, 60_000);
});
