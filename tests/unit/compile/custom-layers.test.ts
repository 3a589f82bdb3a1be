import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { buildNetwork, layerFromSpec } from '../../../lib/compile/build-network';
import { CUSTOM_FACTORIES, customLayers, type CustomLayers } from '../../../lib/compile/layers';
import type { LayersModel, Tensor } from '../../../lib/compile/tf';
import type * as tfType from '@tensorflow/tfjs';
import { network } from '../../../lib/presets/builder';
import { mulberry32 } from '../../../lib/rng';
import { taping } from '../../../lib/tfjs/random-tap';
import { withRandom } from '../../../lib/train/random';
import { checkLayerAgainstTfjs, designOf, inferNetworks, oneLayerNetwork, tf, type LayerCase } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Spectral = InstanceType<CustomLayers['spectralDense' | 'spectralConv2d' | 'spectralConv2dTranspose']>;

/** A one-layer model of a block, built the way the app builds it. */
function oneLayerModel(c: LayerCase): LayersModel {
  const design = designOf([oneLayerNetwork(c)]);
  return buildNetwork(tf, design.networks[0]!, inferNetworks(design)['net']!, blocks);
}

const CUSTOM_CASES: LayerCase[] = [
  { name: 'instanceNormalization, affine', type: 'instanceNormalization', inputs: [[4, 4, 3]] },
  { name: 'instanceNormalization, not affine, 5×3', type: 'instanceNormalization', params: { affine: false }, inputs: [[5, 3, 2]] },
  { name: 'minibatchStdDev on vectors', type: 'minibatchStdDev', inputs: [[6]] },
  { name: 'minibatchStdDev on images', type: 'minibatchStdDev', inputs: [[3, 3, 2]] },
  { name: 'pack m 2, 6 examples of 3', type: 'pack', inputs: [[3]], batch: 6, packs: 3 },
  { name: 'pack m 4, 8 examples of 2', type: 'pack', params: { m: 4 }, inputs: [[2]], batch: 8, packs: 2 },
  { name: 'adaIN, c 3 from d 5', type: 'adaIN', inputs: [[4, 4, 3], [5]] },
  { name: 'adaIN, c 2 from d 1, 3×5', type: 'adaIN', params: { epsilon: 1e-8 }, inputs: [[3, 5, 2], [1]] },
  { name: 'learnedConstant 3×2×4 from a vector', type: 'learnedConstant', params: { height: 3, width: 2, channels: 4 }, inputs: [[8]] },
  { name: 'learnedConstant from an image', type: 'learnedConstant', params: { height: 2, width: 2, channels: 1 }, inputs: [[5, 5, 3]] },
  { name: 'noiseInjection', type: 'noiseInjection', inputs: [[4, 4, 3]] },
  { name: 'pixelShuffle ×2, 8 → 2 channels', type: 'pixelShuffle', inputs: [[3, 5, 8]] },
  { name: 'pixelShuffle ×3, 9 → 1 channel', type: 'pixelShuffle', params: { factor: 3 }, inputs: [[2, 2, 9]] },
  { name: 'dropout 0.3', type: 'dropout', params: { rate: 0.3 }, inputs: [[4, 4, 3]] },
  { name: 'gaussianNoise 0.2', type: 'gaussianNoise', params: { stddev: 0.2 }, inputs: [[6]] },
  { name: 'dense, spectral norm', type: 'dense', params: { units: 4, spectralNorm: true }, inputs: [[6]] },
  { name: 'conv2d, spectral norm', type: 'conv2d', params: { filters: 3, kernelSize: 3, strides: 2, padding: 'same', spectralNorm: true }, inputs: [[5, 5, 2]] },
  { name: 'conv2dTranspose, spectral norm', type: 'conv2dTranspose', params: { filters: 2, kernelSize: 3, strides: 2, padding: 'valid', spectralNorm: true }, inputs: [[3, 3, 4]] },
];

describe('custom layers: shapes and counts against our inferShape', () => {
  it('every custom factory a block can name is covered', () => {
    const named = new Set(CUSTOM_CASES.map((c) => blocks.get(c.type)!.layer!(blocks.get(c.type)!.params.parse(c.params ?? {})).factory));
    expect(CUSTOM_FACTORIES.filter((f) => !named.has(f))).toEqual([]);
  });

  it.each(CUSTOM_CASES)('$name', (c) => checkLayerAgainstTfjs(c));
});

describe('custom layers: values', () => {
  it('instanceNormalization gives each example and channel mean 0 and variance 1 over h, w', () => {
    const model = oneLayerModel({ name: 'in', type: 'instanceNormalization', params: { epsilon: 1e-5 }, inputs: [[5, 4, 3]] });
    tf.tidy(() => {
      const x = tf.add(tf.mul(tf.randomNormal([2, 5, 4, 3]), tf.tensor1d([1, 3, 0.5])), tf.tensor1d([4, -2, 0]));
      const { mean, variance } = tf.moments(model.predict(x) as Tensor, [1, 2]);
      for (const m of mean.dataSync()) expect(Math.abs(m)).toBeLessThan(1e-5);
      for (const v of variance.dataSync()) expect(v).toBeCloseTo(1, 3);
    });
    model.dispose();
  });

  it('pack concatenates every m consecutive examples, and refuses a batch that is not a multiple of m in figures', () => {
    const model = oneLayerModel({ name: 'pack', type: 'pack', params: { m: 2 }, inputs: [[2]] });
    tf.tidy(() => {
      const y = model.predict(tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]])) as Tensor;
      expect(y.shape).toEqual([2, 4]);
      expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(() => model.predict(tf.tensor2d([[1, 2], [3, 4], [5, 6]]))).toThrow('the batch of 3 examples is not a multiple of m = 2');
    });
    model.dispose();
  });

  it('minibatchStdDev appends the batch standard deviation, averaged over features, as a constant feature', () => {
    const model = oneLayerModel({ name: 'mbstd', type: 'minibatchStdDev', inputs: [[2]] });
    const rows = [
      [1, 10],
      [3, 10],
      [8, 4],
    ];
    // Population standard deviation of each column (ProGAN's code), then their mean.
    const std = (col: number[]) => {
      const m = col.reduce((a, b) => a + b, 0) / col.length;
      return Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length + 1e-8);
    };
    const s = (std(rows.map((r) => r[0]!)) + std(rows.map((r) => r[1]!))) / 2;
    const y = tf.tidy(() => (model.predict(tf.tensor2d(rows)) as Tensor).arraySync() as number[][]);
    rows.forEach((r, i) => {
      expect(y[i]!.slice(0, 2)).toEqual(r);
      expect(y[i]![2]).toBeCloseTo(s, 5);
    });
    model.dispose();
  });

  it('adaIN starts as plain instance normalisation for a zero style (scale bias 1, shift bias 0)', () => {
    const model = oneLayerModel({ name: 'adain', type: 'adaIN', inputs: [[3, 3, 2], [4]] });
    tf.tidy(() => {
      const x = tf.randomNormal([2, 3, 3, 2], 5, 2);
      const y = model.predict([x, tf.zeros([2, 4])]) as Tensor;
      const { mean, variance } = tf.moments(x, [1, 2], true);
      const expected = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5)));
      expect(tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0]).toBeLessThan(1e-4);
      // A style moves the per-channel statistics: the mean of channel c becomes its shift w·K_b.
      const w = tf.randomNormal([2, 4]);
      const styled = model.predict([x, w]) as Tensor;
      const [kernel, bias] = model.getLayer('layer').getWeights() as [Tensor, Tensor];
      const shift = tf.add(tf.matMul(w, tf.slice(kernel, [0, 2], [4, 2])), tf.slice(bias, [2], [2]));
      expect(tf.max(tf.abs(tf.sub(tf.mean(styled, [1, 2]), shift))).dataSync()[0]).toBeLessThan(1e-4);
    });
    model.dispose();
  });

  it('pixelShuffle computes tf.depthToSpace (TensorFlow\'s channel order), and its gradient is that map\'s adjoint', () => {
    const model = oneLayerModel({ name: 'ps', type: 'pixelShuffle', params: { factor: 2 }, inputs: [[3, 2, 8]] });
    tf.tidy(() => {
      const x = tf.randomNormal([2, 3, 2, 8]);
      const y = model.predict(x) as Tensor;
      expect(y.shape).toEqual([2, 6, 4, 2]);
      // depthToSpace has a forward kernel in tfjs 4.22, only no gradient: it is the reference for the values.
      expect(Array.from(y.dataSync())).toEqual(Array.from(tf.depthToSpace(x as tf.Tensor4D, 2).dataSync()));
      // A linear map P and its gradient Pᵀ satisfy ⟨P x, w⟩ = ⟨x, Pᵀ w⟩ for every x, w: the gradient is right
      // exactly when this holds (it is a permutation, so both sides sum the same products).
      const w = tf.randomNormal(y.shape);
      const g = tf.grad((v: Tensor) => tf.sum(tf.mul(model.apply(v) as Tensor, w)))(x);
      expect(tf.sum(tf.mul(g, x)).dataSync()[0]).toBeCloseTo(tf.sum(tf.mul(y, w)).dataSync()[0]!, 4);
      // …and the gradient is w moved back: every value of w appears once in it.
      expect(Array.from(g.dataSync()).sort()).toEqual(Array.from(w.dataSync()).sort());
    });
    model.dispose();
  });

  it('learnedConstant repeats its weight over the batch and ignores the input values', () => {
    const model = oneLayerModel({ name: 'const', type: 'learnedConstant', params: { height: 2, width: 3, channels: 2 }, inputs: [[4]] });
    tf.tidy(() => {
      const [c] = model.getLayer('layer').getWeights() as [Tensor];
      const y = model.predict(tf.randomNormal([3, 4])) as Tensor;
      expect(y.shape).toEqual([3, 2, 3, 2]);
      for (let i = 0; i < 3; i++) expect(tf.max(tf.abs(tf.sub(tf.slice(y, [i], [1]), c))).dataSync()[0]).toBe(0);
    });
    model.dispose();
  });

  it('dropout draws the mask tf.layers.dropout draws (same seeded Math.random), records it on a tape, and is the identity in inference', () => {
    const ours = oneLayerModel({ name: 'drop', type: 'dropout', params: { rate: 0.4 }, inputs: [[6, 5]] });
    const input = tf.input({ shape: [6, 5] });
    const theirs = tf.model({ inputs: input, outputs: tf.layers.dropout({ rate: 0.4 }).apply(input) as tfType.SymbolicTensor });
    tf.tidy(() => {
      const x = tf.add(tf.randomNormal([3, 6, 5]), 2);
      const taped: Tensor[] = [];
      const a = withRandom(mulberry32(9), () => taping(taped, () => ours.apply(x, { training: true }) as Tensor));
      const b = withRandom(mulberry32(9), () => theirs.apply(x, { training: true }) as Tensor);
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      // The tape holds the mask: x · mask is the output, and the mask is 0 or 1/keep.
      expect(taped).toHaveLength(1);
      expect(Array.from(tf.mul(x, taped[0]!).dataSync())).toEqual(Array.from(a.dataSync()));
      expect(new Set(Array.from(taped[0]!.dataSync()).map((v) => v.toFixed(4)))).toEqual(new Set(['0.0000', (1 / 0.6).toFixed(4)]));
      tf.dispose(taped);
      expect(Array.from((ours.apply(x, { training: false }) as Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
    });
    ours.dispose();
    theirs.dispose();
  });

  it('gaussianNoise adds the noise tf.layers.gaussianNoise adds (same seeded Math.random), records it on a tape, and is the identity in inference', () => {
    const ours = oneLayerModel({ name: 'noise', type: 'gaussianNoise', params: { stddev: 0.3 }, inputs: [[7]] });
    const input = tf.input({ shape: [7] });
    const theirs = tf.model({ inputs: input, outputs: tf.layers.gaussianNoise({ stddev: 0.3 }).apply(input) as tfType.SymbolicTensor });
    tf.tidy(() => {
      const x = tf.randomNormal([4, 7]);
      const taped: Tensor[] = [];
      const a = withRandom(mulberry32(4), () => taping(taped, () => ours.apply(x, { training: true }) as Tensor));
      const b = withRandom(mulberry32(4), () => theirs.apply(x, { training: true }) as Tensor);
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      expect(taped).toHaveLength(1);
      expect(Array.from(tf.add(x, taped[0]!).dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose(taped);
      expect(Array.from((ours.apply(x, { training: false }) as Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
    });
    ours.dispose();
    theirs.dispose();
  });

  it('noiseInjection is the identity at first, then adds one noise image per example, in inference too', () => {
    const model = oneLayerModel({ name: 'noise', type: 'noiseInjection', inputs: [[3, 3, 2]] });
    const layer = model.getLayer('layer');
    tf.tidy(() => {
      const x = tf.randomNormal([2, 3, 3, 2]);
      expect(tf.max(tf.abs(tf.sub(model.predict(x) as Tensor, x))).dataSync()[0]).toBe(0);
      layer.setWeights([tf.tensor1d([1, 2])]);
      const added = tf.sub(model.predict(x) as Tensor, x);
      const [c0, c1] = tf.split(added, 2, 3) as [Tensor, Tensor];
      // One image scaled per channel: channel 1 holds twice channel 0.
      expect(tf.max(tf.abs(tf.sub(c1, tf.mul(c0, 2)))).dataSync()[0]).toBeLessThan(1e-5);
      expect(tf.max(tf.abs(c0)).dataSync()[0]).toBeGreaterThan(0);
      const [e0, e1] = tf.split(c0, 2, 0) as [Tensor, Tensor];
      expect(tf.max(tf.abs(tf.sub(e0, e1))).dataSync()[0]).toBeGreaterThan(0);
    });
    model.dispose();
  });
});

/** The largest singular value of a matrix, by power iteration on WᵀW run to convergence, in plain numbers. */
function trueSigma(rows: number[][]): number {
  const cols = rows[0]!.length;
  let u = Array.from({ length: cols }, (_, i) => 1 + i / cols);
  let sigma = 0;
  for (let it = 0; it < 2000; it++) {
    const v = rows.map((r) => r.reduce((a, w, j) => a + w * u[j]!, 0));
    const next = Array.from({ length: cols }, (_, j) => rows.reduce((a, r, i) => a + r[j]! * v[i]!, 0));
    const norm = Math.hypot(...next);
    u = next.map((x) => x / norm);
    sigma = Math.sqrt(norm);
  }
  return sigma;
}

/** The kernel as spectral.ts sees it: rows × (last axis). */
function asMatrix(kernel: Tensor): number[][] {
  const cols = kernel.shape[kernel.shape.length - 1]!;
  return tf.tidy(() => tf.reshape(kernel, [-1, cols]).arraySync() as number[][]);
}

const SPECTRAL_CASES: LayerCase[] = [
  { name: 'spectralDense', type: 'dense', params: { units: 5, spectralNorm: true }, inputs: [[7]] },
  { name: 'spectralConv2d', type: 'conv2d', params: { filters: 4, kernelSize: 3, strides: 1, padding: 'same', spectralNorm: true }, inputs: [[4, 4, 2]] },
  { name: 'spectralConv2dTranspose', type: 'conv2dTranspose', params: { filters: 3, kernelSize: 2, strides: 2, padding: 'same', spectralNorm: true }, inputs: [[3, 3, 4]] },
];

describe('spectral normalisation (Miyato 2018)', () => {
  it.each(SPECTRAL_CASES)('$name: W/σ has largest singular value ≈ 1 after 20 training calls, u moves only in training', (c) => {
    const model = oneLayerModel(c);
    const layer = model.getLayer('layer') as unknown as Spectral;
    // Seeded kernel and u, so the convergence below is the same on every run.
    layer.kernel!.write(tf.randomNormal(layer.kernel!.shape as number[], 0, 1, 'float32', 7));
    layer.u!.write(tf.randomNormal(layer.u!.shape as number[], 0, 1, 'float32', 8));
    const x = tf.randomNormal([2, ...c.inputs[0]!]);
    const sigma = trueSigma(asMatrix(layer.kernel!.read()));
    const estimate = () => tf.tidy(() => tf.div(layer.kernel!.read(), layer.normalizedKernel()).dataSync()[0]!);
    const estimates: number[] = [];
    for (let i = 0; i < 20; i++) {
      tf.dispose(model.apply(x, { training: true }) as Tensor);
      estimates.push(estimate());
    }
    // Power iteration approaches σ from below, never passing it; how fast depends on the gap to the second singular
    // value (these seeded kernels end 1e-7, 3e-5 and 1.2e-3 short of σ after 20 steps).
    estimates.forEach((e, i) => {
      expect(e).toBeLessThanOrEqual(sigma * (1 + 1e-6));
      if (i > 0) expect(e).toBeGreaterThanOrEqual(estimates[i - 1]! * (1 - 1e-6));
    });
    const normalized = layer.normalizedKernel();
    expect(Math.abs(trueSigma(asMatrix(normalized)) - 1)).toBeLessThan(5e-3);

    const u = Array.from(layer.u!.read().dataSync());
    tf.dispose(model.predict(x) as Tensor);
    tf.dispose(model.apply(x, { training: false }) as Tensor);
    expect(Array.from(layer.u!.read().dataSync())).toEqual(u);
    tf.dispose(model.apply(x, { training: true }) as Tensor);
    expect(Array.from(layer.u!.read().dataSync())).not.toEqual(u);
    tf.dispose([x, normalized]);
    model.dispose();
  });

  it('the kernel gradient treats u and v as constants: ∂σ/∂W = v u′ᵀ', () => {
    const model = oneLayerModel({ name: 'sn', type: 'dense', params: { units: 3, useBias: false, spectralNorm: true }, inputs: [[4]] });
    const layer = model.getLayer('layer') as unknown as Spectral;
    const kernel = layer.kernel!.read() as tf.Variable;
    tf.tidy(() => {
      const x = tf.randomNormal([5, 4]);
      const r = tf.randomNormal([5, 3]);
      const u0 = tf.clone(layer.u!.read());
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(r, model.apply(x, { training: true }) as Tensor)), [kernel]);
      // The same step by hand, with v and u′ frozen before differentiating.
      const l2 = (t: Tensor) => tf.div(t, tf.norm(t));
      const v = l2(tf.matMul(kernel, tf.reshape(u0, [3, 1])));
      const u1 = l2(tf.matMul(kernel, v, true, false));
      const expected = tf.grad((k: Tensor) => tf.sum(tf.mul(r, tf.div(tf.matMul(x, k), tf.sum(tf.mul(v, tf.matMul(k, u1)))))))(kernel);
      expect(tf.max(tf.abs(tf.sub(grads[kernel.name]!, expected))).dataSync()[0]).toBeLessThan(1e-5);
      // …and u took the value u′.
      expect(tf.max(tf.abs(tf.sub(layer.u!.read(), tf.reshape(u1, [3])))).dataSync()[0]).toBeLessThan(1e-6);
    });
    model.dispose();
  });
});

/** A generator-and-critic-shaped network that holds every custom layer. */
function allCustomLayers() {
  return network('net', 'other', 'every custom layer', (g) => {
    g.node('z', 'input', { shape: [6] });
    g.node('const', 'learnedConstant', { height: 4, width: 4, channels: 3 });
    g.connect('z', 'const');
    g.chain('const', [
      ['noise', 'noiseInjection', {}],
      ['inorm', 'instanceNormalization', {}],
    ]);
    g.node('adain', 'adaIN', {});
    g.connect('inorm', 'adain', 'x');
    g.connect('z', 'adain', 'w');
    const last = g.chain('adain', [
      ['up', 'conv2dTranspose', { filters: 8, kernelSize: 2, strides: 2, padding: 'same', spectralNorm: true }],
      ['shuffle', 'pixelShuffle', { factor: 2 }],
      ['down', 'conv2d', { filters: 3, kernelSize: 3, strides: 2, padding: 'same', spectralNorm: true, activation: 'relu' }],
      ['mbstd', 'minibatchStdDev', {}],
      ['flat', 'flatten', {}],
      ['score', 'dense', { units: 1, spectralNorm: true }],
    ]);
    g.node('out', 'output', {});
    g.connect(last, 'out');
  });
}

function buildAll(): LayersModel {
  const design = designOf([allCustomLayers()]);
  return buildNetwork(tf, design.networks[0]!, inferNetworks(design)['net']!, blocks);
}

describe('custom layers in training', () => {
  it('every trainable weight gets a finite, non-zero gradient on the cpu backend', () => {
    const model = buildAll();
    // StyleGAN's constant starts at ones, which instance norm maps to 0 and gamma would get no gradient from.
    model.getLayer('const').setWeights([tf.randomNormal([4, 4, 3])]);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    expect(vars.length).toBe(12);
    tf.tidy(() => {
      const z = tf.randomNormal([4, 6]);
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(z, { training: true }) as Tensor)), vars);
      for (const v of vars) {
        const g = grads[v.name];
        expect(g, v.name).toBeDefined();
        const values = Array.from(g!.dataSync());
        expect(values.every(Number.isFinite), v.name).toBe(true);
        expect(values.some((x) => x !== 0), v.name).toBe(true);
      }
    });
    model.dispose();
  });

  it.each(
    CUSTOM_CASES.filter((c) => c.type !== 'learnedConstant'), // its output does not depend on its input's values
  )('$name: the input gradient exists and is finite', (c) => {
    const model = oneLayerModel(c);
    tf.tidy(() => {
      const xs = c.inputs.map((s) => tf.randomNormal([c.batch ?? 3, ...s]));
      const grads = tf.grads((...ins: Tensor[]) => tf.sum(tf.square(model.apply(ins.length === 1 ? ins[0]! : ins, { training: true }) as Tensor)))(xs);
      for (const g of grads) expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    });
    model.dispose();
  });

  it('keeps tf.memory().numTensors flat across training steps', () => {
    const before = tf.memory().numTensors;
    const model = buildAll();
    const optimizer = tf.train.sgd(0.01);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const z = tf.randomNormal([4, 6]);
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.mean(model.apply(z, { training: true }) as Tensor) as tf.Scalar, vars);
        optimizer.applyGradients(grads);
        return value.dataSync()[0]!;
      });
    step();
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) expect(Number.isFinite(step())).toBe(true);
    expect(tf.memory().numTensors).toBe(after1);
    z.dispose();
    optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('serialisation', () => {
  it('a model with every custom layer saves and loads with the same outputs', async () => {
    const model = buildAll();
    // Moves u and the weights away from their initial values, so the round trip has something to carry.
    tf.tidy(() => {
      const z = tf.randomNormal([4, 6]);
      for (let i = 0; i < 3; i++) tf.dispose(model.apply(z, { training: true }) as Tensor);
    });
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    expect(JSON.stringify(saved!.modelTopology)).toContain('"GanStudio>SpectralConv2DTranspose"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.countParams()).toBe(model.countParams());
    tf.tidy(() => {
      const z = tf.randomNormal([3, 6]);
      // noiseInjection's weight is still 0 (no optimizer ran), so both models are deterministic here.
      const diff = tf.max(tf.abs(tf.sub(model.predict(z) as Tensor, loaded.predict(z) as Tensor))).dataSync()[0];
      expect(diff).toBeLessThan(1e-6);
    });
    loaded.dispose();
    model.dispose();
  });

  it.each(CUSTOM_FACTORIES)('%s: getConfig round-trips and a default name is a valid tfjs name', (factory) => {
    const config = factory === 'learnedConstant' ? { height: 2, width: 2, channels: 2 } : factory === 'pixelShuffle' ? { factor: 3 } : factory.startsWith('spectral') ? { units: 2, filters: 2, kernelSize: 3 } : {};
    const Cls = customLayers(tf)[factory] as unknown as new (args: object) => tf.layers.Layer;
    const a = new Cls(config);
    expect(a.name).toMatch(/^[a-z][a-z0-9_]*_\d+$/);
    const b = layerFromSpec(tf, { factory, custom: true, config: a.getConfig() as Record<string, never> }, `${a.name}_copy`);
    expect({ ...b.getConfig(), name: a.name }).toEqual(a.getConfig());
    expect(b.getClassName()).toBe(`GanStudio>${b.getClassName().split('>')[1]}`);
  });
});
