import type * as tfType from '@tensorflow/tfjs';
import type { ImageSet } from '../data/image-set';
import { MNIST_PAIRS, pairInput, type MnistPair } from '../data/pairs';
import { gather } from '../data/source';
import { bicubicUpsample } from '../metrics/bicubic';
import { classifyImages, generatedToInput, pixelsToInput } from '../metrics/classifier/extract';
import type { MnistClassifier } from '../metrics/classifier/model';
import { accuracyOf } from '../metrics/classifier/train';
import { meanPsnr, meanSsim, type GreyImages, type PixelRange } from '../metrics/image-quality';
import type { EvalHooks, EvalStage } from './eval-hooks';

/**
 * The scoring of a paired generator, shared by GAN Studio (evaluation-paired.ts: the dashboard, `gan train`, `gan eval`)
 * and the exported project's `npm run eval` (templates/src/eval-paired.ts), so both give the same figures. The export
 * copies this file into its src/lib/ (lib/codegen/templates.ts): it imports concrete files only, and nothing of the
 * training plan (plan.ts), which the export does not carry — G comes in as a Translate.
 */

type Tf = typeof tfType;
/** 28×28 (or A-sized) grey images in single precision, as tensors take them. */
type Images = GreyImages & { readonly pixels: Float32Array };

/** The MNIST pair a paired design trains on and the pixel range its images are in. */
export type PairedData = { pair: MnistPair; range: PixelRange };

/**
 * G as a function of a batch of inputs A [c, h, w, 1] to its outputs G(A) [c, 28, 28, 1]: a new tensor, which the
 * caller disposes (as it does `a`). GAN Studio's Trainer or the export's sampler, in inference mode with the moving
 * average of G's weights when the run keeps one.
 */
export type Translate = (a: tfType.Tensor) => tfType.Tensor;

/** PSNR (dB, mean over images), SSIM (mean) against the true digits, and the classifier's accuracy on the true labels. */
export type PairedScores = { psnr: number | null; ssim: number; accuracy: number };

/**
 * Scores of a paired generator on the first `samples` MNIST test digits (never trained on): G(A) against B, beside the
 * baseline that needs no training — bicubic up-sampling (Keys, a = −0.5) for super-resolution, A itself otherwise —
 * and the classifier's accuracy on B itself (the ceiling). PSNR is null where it is +∞ (identical images), as JSON
 * has no infinity.
 */
export type PairedMetrics = {
  pair: MnistPair;
  samples: number;
  baseline: 'bicubic' | 'input';
  generated: PairedScores;
  baselineScores: PairedScores;
  truthAccuracy: number;
};

/**
 * What a paired evaluation compares with, none of it depending on G: the first `count` test digits' inputs A (in the
 * design's pixel range) and targets B, and the baseline's and the true digits' scores. Computed once per sample count.
 */
export type PairedTestSet = {
  pair: MnistPair;
  range: PixelRange;
  count: number;
  a: Images;
  b: Images;
  labels: ArrayLike<number>;
  baseline: 'bicubic' | 'input';
  baselineScores: PairedScores;
  truthAccuracy: number;
};

/** Images per generator call and per classifier call: 250 images of a small SR or U-Net generator stay well under 100 MB of activations. */
export const PAIRED_CHUNK = 250;

/** The inputs, targets, baseline and ceiling of a paired evaluation on the first `count` digits of `test`. */
export async function pairedTestSet(tf: Tf, clf: MnistClassifier, data: PairedData, test: ImageSet, count: number, hooks: EvalHooks = {}): Promise<PairedTestSet> {
  const n = Math.min(count, test.count);
  const labels = test.labels;
  if (!labels) throw new Error('the paired evaluation needs labelled test digits');
  const { a: shapeA, factor } = MNIST_PAIRS[data.pair];
  const [ah, aw] = shapeA;
  // The paired source's own scaling of A and B (lib/blocks/sources/pairs.ts).
  const [scale, shift] = data.range === '[-1,1]' ? [1 / 127.5, -1] : [1 / 255, 0];
  const lo = data.range === '[-1,1]' ? -1 : 0;
  const idx = Array.from({ length: n }, (_, i) => i);
  const pixels = new Float32Array(n * ah * aw);
  idx.forEach((i) => pairInput(data.pair, test, i).forEach((v, q) => (pixels[i * ah * aw + q] = v * scale + shift)));
  const a: Images = { pixels, count: n, height: ah, width: aw };
  const b: Images = { pixels: gather(test, idx, data.range), count: n, height: 28, width: 28 };
  const baselineImages: Images = factor > 1 ? bicubicUpsample(a, factor, [lo, 1]) : a;
  hooks.progress?.({ stage: 'reference', done: 0, total: n });
  const truth = await classifiedAccuracy(tf, clf, n, labels, (s, c) => pixelsToInput(tf, test.pixels, s, c), 'reference', hooks);
  return {
    pair: data.pair,
    range: data.range,
    count: n,
    a,
    b,
    labels,
    baseline: factor > 1 ? 'bicubic' : 'input',
    baselineScores: await scoresOf(tf, clf, baselineImages, { b, labels, range: data.range }, 'reference', hooks),
    truthAccuracy: truth,
  };
}

/** G(A) for every input of `set`, PAIRED_CHUNK at a time, each chunk read back and disposed before the next. */
export async function translateAll(tf: Tf, translate: Translate, set: PairedTestSet, hooks: EvalHooks = {}): Promise<Images> {
  const { count: n, a } = set;
  const per = a.height * a.width;
  const out = new Float32Array(n * 784);
  hooks.progress?.({ stage: 'generating', done: 0, total: n });
  for (let s = 0; s < n; s += PAIRED_CHUNK) {
    const c = Math.min(PAIRED_CHUNK, n - s);
    const x = tf.tensor4d(a.pixels.subarray(s * per, (s + c) * per), [c, a.height, a.width, 1]);
    let y: tfType.Tensor;
    try {
      y = translate(x);
    } finally {
      x.dispose();
    }
    try {
      if (y.size !== c * 784) throw new Error(`the generator makes [${y.shape.join(', ')}] from ${c} inputs; the paired evaluation scores 28×28×1 digits.`);
      // data(), not dataSync(): WebGPU in Node cannot read synchronously.
      out.set((await y.data()) as Float32Array, s * 784);
    } finally {
      y.dispose();
    }
    hooks.progress?.({ stage: 'generating', done: s + c, total: n });
    await hooks.between?.();
  }
  return { pixels: out, count: n, height: 28, width: 28 };
}

/** PSNR, SSIM and the classifier's accuracy of 28×28 images `x` against the set's targets and labels. */
async function scoresOf(tf: Tf, clf: MnistClassifier, x: Images, set: Pick<PairedTestSet, 'b' | 'labels' | 'range'>, stage: EvalStage, hooks: EvalHooks): Promise<PairedScores> {
  const psnr = meanPsnr(x, set.b, set.range);
  const accuracy = await classifiedAccuracy(
    tf,
    clf,
    x.count,
    set.labels,
    (s, c) => tf.tidy(() => generatedToInput(tf, tf.tensor4d(x.pixels.subarray(s * 784, (s + c) * 784), [c, 28, 28, 1]), set.range)),
    stage,
    hooks,
  );
  return { psnr: Number.isFinite(psnr) ? psnr : null, ssim: meanSsim(x, set.b, set.range), accuracy };
}

/** The classifier's accuracy on `n` images made by `batch`, PAIRED_CHUNK at a time with a pause point after each. */
async function classifiedAccuracy(tf: Tf, clf: MnistClassifier, n: number, labels: ArrayLike<number>, batch: (start: number, count: number) => tfType.Tensor, stage: EvalStage, hooks: EvalHooks): Promise<number> {
  const probs = new Float32Array(n * 10);
  for (let s = 0; s < n; s += PAIRED_CHUNK) {
    const c = Math.min(PAIRED_CHUNK, n - s);
    const out = await classifyImages(tf, clf, { count: c, batch: () => batch(s, c) }, { batchSize: c });
    probs.set(out.probs.data, s * 10);
    await hooks.between?.();
  }
  return accuracyOf(probs, labels, n);
}

/** G's scores on a test set, beside the set's baseline and ceiling. */
export async function scorePaired(tf: Tf, translate: Translate, clf: MnistClassifier, set: PairedTestSet, hooks: EvalHooks = {}): Promise<PairedMetrics> {
  const generated = await translateAll(tf, translate, set, hooks);
  hooks.progress?.({ stage: 'scoring', done: set.count, total: set.count });
  return {
    pair: set.pair,
    samples: set.count,
    baseline: set.baseline,
    generated: await scoresOf(tf, clf, generated, set, 'scoring', hooks),
    baselineScores: set.baselineScores,
    truthAccuracy: set.truthAccuracy,
  };
}

/** G on the first `count` digits of `test`, test set and all: `gan train`'s, `gan eval`'s and `npm run eval`'s figures. */
export async function pairedScores(tf: Tf, translate: Translate, data: PairedData, test: ImageSet, clf: MnistClassifier, count: number, hooks: EvalHooks = {}): Promise<PairedMetrics> {
  return scorePaired(tf, translate, clf, await pairedTestSet(tf, clf, data, test, count, hooks), hooks);
}
