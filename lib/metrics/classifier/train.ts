import type * as tfType from '@tensorflow/tfjs';
import type { ImageSet } from '../../data/image-set';
import { mulberry32, type Rng } from '../../rng';
import { CONV_LAYERS, FEATURE_DIM, FLAT_DIM, INPUT_SHAPE, NUM_CLASSES } from './architecture';
import { classifyImages, pixelsToInput } from './extract';
import { createClassifier } from './model';
import { shuffled } from './subsets';

type Tf = typeof tfType;

export type ClassifierTrainOptions = {
  seed: number;
  epochs: number;
  batchSize: number;
  /** Adam's peak learning rate; a cosine schedule takes it to 0 over the run. */
  learningRate: number;
  /** Stop after this many steps (tests); by default epochs × ⌊images / batch⌋. */
  maxSteps?: number;
};

/** The recipe of the committed weights (scripts/train-classifier.ts): 3 epochs, batch 64, Adam 3e-3 with cosine decay. */
export const DEFAULT_RECIPE: ClassifierTrainOptions = { seed: 1, epochs: 3, batchSize: 64, learningRate: 3e-3 };

/** Keras' BatchNormalization default ε. */
export const BN_EPSILON = 1e-3;

/**
 * Training images the batch-norm statistics are measured on after training (the first ones of the set). A pass
 * over 10,000 images gives the population mean and variance of each channel to about 1 % (channels see
 * 10,000 · H · W values), with no warm-up bias from a moving average.
 */
export const BN_CALIBRATION_IMAGES = 10_000;

export type TrainEvent =
  | { kind: 'step'; step: number; steps: number; loss: number; ms: number }
  | { kind: 'epoch'; epoch: number; step: number; ms: number };

type TrainState = { trainable: Map<string, tfType.Variable> };

/**
 * Trains the feature classifier on `train` (bytes, 28×28×1) and returns its inference weights with batch norm folded
 * in, ready for `encodeClassifier`. Everything random comes from one mulberry32 stream seeded by `opts.seed`:
 * the Glorot-uniform initial weights are drawn in JS, the epoch shuffles are Fisher–Yates with it, and there is no
 * dropout, so a run is reproducible bit for bit on a given backend (tfjs-backend-wasm is single-threaded in Node).
 */
export async function trainClassifier(
  tf: Tf,
  train: ImageSet,
  opts: ClassifierTrainOptions,
  onEvent: (e: TrainEvent) => void = () => undefined,
): Promise<Map<string, Float32Array>> {
  checkSet(train);
  const rng = mulberry32(opts.seed);
  const state = initState(tf, rng);
  const vars = [...state.trainable.values()];
  const optimizer = tf.train.adam(opts.learningRate, 0.9, 0.999, 1e-7);
  const perEpoch = Math.floor(train.count / opts.batchSize);
  const steps = Math.min(opts.maxSteps ?? Infinity, opts.epochs * perEpoch);
  const started = performance.now();
  let step = 0;
  try {
    for (let epoch = 0; epoch < opts.epochs && step < steps; epoch++) {
      const order = shuffled(train.count, rng);
      for (let b = 0; b < perEpoch && step < steps; b++) {
        // Cosine decay to 0 (Loshchilov & Hutter 2017, SGDR without restarts).
        (optimizer as unknown as { learningRate: number }).learningRate = 0.5 * opts.learningRate * (1 + Math.cos((Math.PI * step) / steps));
        const idx = order.subarray(b * opts.batchSize, (b + 1) * opts.batchSize);
        const loss = trainStep(tf, state, vars, optimizer, train, idx);
        step++;
        if (step % 100 === 0 || step === steps) onEvent({ kind: 'step', step, steps, loss: await readScalar(loss), ms: performance.now() - started });
        else loss.dispose();
      }
      onEvent({ kind: 'epoch', epoch: epoch + 1, step, ms: performance.now() - started });
    }
    return await foldBatchNorm(state, await calibrateBatchNorm(tf, state, train));
  } finally {
    optimizer.dispose();
    for (const v of state.trainable.values()) v.dispose();
  }
}

async function readScalar(t: tfType.Tensor): Promise<number> {
  const v = (await t.data())[0]!;
  t.dispose();
  return v;
}

function trainStep(tf: Tf, state: TrainState, vars: tfType.Variable[], optimizer: tfType.Optimizer, set: ImageSet, idx: Int32Array): tfType.Scalar {
  const n = idx.length;
  const per = INPUT_SHAPE[0] * INPUT_SHAPE[1];
  const pixels = new Float32Array(n * per);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = idx[i]! * per;
    for (let p = 0; p < per; p++) pixels[i * per + p] = set.pixels[src + p]! / 255;
    labels[i] = set.labels![idx[i]!]!;
  }
  return tf.tidy(() => {
    const x = tf.tensor4d(pixels, [n, ...INPUT_SHAPE]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), NUM_CLASSES);
    const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, trainingForward(tf, state, x)) as tfType.Scalar, true, vars);
    return cost!;
  });
}

/** The training graph: conv → batch norm on the batch's statistics (Ioffe & Szegedy 2015) → ReLU → pool. */
function trainingForward(tf: Tf, s: TrainState, x: tfType.Tensor4D): tfType.Tensor2D {
  const p = (name: string) => s.trainable.get(name)!;
  let h: tfType.Tensor4D = x;
  for (const l of CONV_LAYERS) {
    const c = tf.conv2d(h, p(`${l.name}/kernel`) as tfType.Tensor4D, 1, 'valid');
    const { mean, variance } = tf.moments(c, [0, 1, 2]);
    h = tf.relu(tf.batchNorm(c, mean, variance, p(`${l.name}/beta`), p(`${l.name}/gamma`), BN_EPSILON)) as tfType.Tensor4D;
    if (l.pool) h = tf.maxPool(h, 2, 2, 'valid');
  }
  const flat = tf.reshape(h, [-1, FLAT_DIM]) as tfType.Tensor2D;
  const features = tf.fused.matMul({ a: flat, b: p('dense1/kernel') as tfType.Tensor2D, bias: p('dense1/bias'), activation: 'relu' });
  return tf.fused.matMul({ a: features, b: p('dense2/kernel') as tfType.Tensor2D, bias: p('dense2/bias') }) as tfType.Tensor2D;
}

function initState(tf: Tf, rng: Rng): TrainState {
  const trainable = new Map<string, tfType.Variable>();
  const add = (m: Map<string, tfType.Variable>, name: string, values: Float32Array, shape: number[], train: boolean) =>
    // Inside tidy, so the initial value tensor (a variable shares its data) is not left behind.
    m.set(name, tf.tidy(() => tf.variable(tf.tensor(values, shape), train, `mnist-classifier/${name}`)));
  let cin: number = INPUT_SHAPE[2];
  for (const l of CONV_LAYERS) {
    const shape = [l.kernel, l.kernel, cin, l.filters];
    // Keras' glorot_uniform for conv kernels: fan_in = k²·c_in, fan_out = k²·c_out.
    add(trainable, `${l.name}/kernel`, glorot(rng, shape, l.kernel * l.kernel * cin, l.kernel * l.kernel * l.filters), shape, true);
    add(trainable, `${l.name}/gamma`, new Float32Array(l.filters).fill(1), [l.filters], true);
    add(trainable, `${l.name}/beta`, new Float32Array(l.filters), [l.filters], true);
    cin = l.filters;
  }
  add(trainable, 'dense1/kernel', glorot(rng, [FLAT_DIM, FEATURE_DIM], FLAT_DIM, FEATURE_DIM), [FLAT_DIM, FEATURE_DIM], true);
  add(trainable, 'dense1/bias', new Float32Array(FEATURE_DIM), [FEATURE_DIM], true);
  add(trainable, 'dense2/kernel', glorot(rng, [FEATURE_DIM, NUM_CLASSES], FEATURE_DIM, NUM_CLASSES), [FEATURE_DIM, NUM_CLASSES], true);
  add(trainable, 'dense2/bias', new Float32Array(NUM_CLASSES), [NUM_CLASSES], true);
  return { trainable };
}

/** Glorot & Bengio 2010: U(−a, a), a = √(6 / (fan_in + fan_out)). */
function glorot(rng: Rng, shape: number[], fanIn: number, fanOut: number): Float32Array {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => (2 * rng.next() - 1) * a);
}

type Stats = Map<string, { mean: Float64Array; variance: Float64Array }>;

/**
 * Population statistics of each conv's output for inference ("recomputing the BN statistics" after training, as
 * SWA's bn_update does): for layer i, every calibration image is run through layers 1 … i−1 normalised with the
 * statistics already measured, and layer i's output is summed per channel in float64. Exact where a moving average
 * would still carry its initial (0, 1) after short runs.
 */
async function calibrateBatchNorm(tf: Tf, s: TrainState, set: ImageSet): Promise<Stats> {
  const stats: Stats = new Map();
  const n = Math.min(BN_CALIBRATION_IMAGES, set.count);
  const bs = 500;
  for (let depth = 0; depth < CONV_LAYERS.length; depth++) {
    const layer = CONV_LAYERS[depth]!;
    const c = layer.filters;
    const sum = new Float64Array(c);
    const sumSq = new Float64Array(c);
    let count = 0;
    for (let start = 0; start < n; start += bs) {
      const k = Math.min(bs, n - start);
      const moments = tf.tidy(() => {
        let h: tfType.Tensor4D = pixelsToInput(tf, set.pixels, start, k);
        for (let i = 0; i <= depth; i++) {
          const l = CONV_LAYERS[i]!;
          h = tf.conv2d(h, s.trainable.get(`${l.name}/kernel`)! as tfType.Tensor4D, 1, 'valid');
          if (i === depth) break;
          const st = stats.get(l.name)!;
          const norm = tf.batchNorm(h, tf.tensor1d(Float32Array.from(st.mean)), tf.tensor1d(Float32Array.from(st.variance)), s.trainable.get(`${l.name}/beta`)!, s.trainable.get(`${l.name}/gamma`)!, BN_EPSILON);
          h = tf.relu(norm) as tfType.Tensor4D;
          if (l.pool) h = tf.maxPool(h, 2, 2, 'valid');
        }
        count += h.size / c;
        // Per-batch sums in float32 (≤ 340,000 terms a channel), accumulated across batches in float64.
        return tf.stack([tf.sum(h, [0, 1, 2]), tf.sum(tf.square(h), [0, 1, 2])]);
      });
      const v = await moments.data();
      moments.dispose();
      for (let j = 0; j < c; j++) {
        sum[j]! += v[j]!;
        sumSq[j]! += v[c + j]!;
      }
    }
    const mean = sum.map((x) => x / count);
    // Var = E[x²] − E[x]², the population variance tf.moments computes per batch; fine in float64 at these magnitudes.
    stats.set(layer.name, { mean, variance: sumSq.map((x, i) => Math.max(0, x / count - mean[i]! * mean[i]!)) });
  }
  return stats;
}

/** Inference weights: each conv with its batch norm folded in (foldConvBatchNorm); the dense layers as they are. */
async function foldBatchNorm(s: TrainState, stats: Stats): Promise<Map<string, Float32Array>> {
  const read = async (v: tfType.Variable) => Float32Array.from(await v.data());
  const out = new Map<string, Float32Array>();
  for (const l of CONV_LAYERS) {
    const { mean, variance } = stats.get(l.name)!;
    const folded = foldConvBatchNorm(await read(s.trainable.get(`${l.name}/kernel`)!), {
      gamma: await read(s.trainable.get(`${l.name}/gamma`)!),
      beta: await read(s.trainable.get(`${l.name}/beta`)!),
      mean,
      variance,
    });
    out.set(`${l.name}/kernel`, folded.kernel);
    out.set(`${l.name}/bias`, folded.bias);
  }
  for (const name of ['dense1/kernel', 'dense1/bias', 'dense2/kernel', 'dense2/bias']) out.set(name, await read(s.trainable.get(name)!));
  return out;
}

export type BatchNormStats = { gamma: ArrayLike<number>; beta: ArrayLike<number>; mean: ArrayLike<number>; variance: ArrayLike<number> };

/**
 * A convolution followed by inference-mode batch norm, as one convolution with a bias: with s = γ / √(σ² + ε) per
 * output channel, W' = W·s along the last axis of the [k, k, c_in, c_out] kernel and b' = β − μ·s, since
 * γ(W∗x − μ)/√(σ² + ε) + β = (W·s)∗x + (β − μ·s).
 */
export function foldConvBatchNorm(kernel: Float32Array, bn: BatchNormStats, epsilon = BN_EPSILON): { kernel: Float32Array; bias: Float32Array } {
  const c = bn.gamma.length;
  if (kernel.length % c !== 0) throw new Error(`a kernel of ${kernel.length} values does not end in ${c} output channels`);
  const scale = Float64Array.from({ length: c }, (_, i) => bn.gamma[i]! / Math.sqrt(bn.variance[i]! + epsilon));
  const out = Float32Array.from(kernel, (w, i) => w * scale[i % c]!);
  return { kernel: out, bias: Float32Array.from({ length: c }, (_, i) => bn.beta[i]! - bn.mean[i]! * scale[i]!) };
}

/** Share of `set`'s images whose most probable class is their label, with the given inference weights. */
export async function classifierAccuracy(tf: Tf, weights: ReadonlyMap<string, Float32Array>, set: ImageSet, opts: { count?: number; batchSize?: number } = {}): Promise<number> {
  checkSet(set);
  const clf = createClassifier(tf, weights);
  try {
    const n = Math.min(opts.count ?? set.count, set.count);
    const { probs } = await classifyImages(tf, clf, { count: n, batch: (s, c) => pixelsToInput(tf, set.pixels, s, c) }, { batchSize: opts.batchSize });
    return accuracyOf(probs.data, set.labels!, n);
  } finally {
    clf.dispose();
  }
}

/** Share of rows whose arg-max is the label. */
export function accuracyOf(probs: ArrayLike<number>, labels: ArrayLike<number>, n: number): number {
  let right = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < NUM_CLASSES; c++) if (probs[i * NUM_CLASSES + c]! > probs[i * NUM_CLASSES + best]!) best = c;
    if (best === labels[i]) right++;
  }
  return right / n;
}

function checkSet(set: ImageSet): void {
  if (set.height !== INPUT_SHAPE[0] || set.width !== INPUT_SHAPE[1] || set.channels !== INPUT_SHAPE[2] || !set.labels) {
    throw new Error(`the classifier trains on labelled 28×28×1 images; got ${set.width}×${set.height}×${set.channels}${set.labels ? '' : ' without labels'}`);
  }
}
