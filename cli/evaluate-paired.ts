import type * as tfType from '@tensorflow/tfjs';
import { MNIST_PAIRS, pairInput, type MnistPair } from '../lib/data/pairs';
import { gather } from '../lib/data/source';
import type { ImageSet } from '../lib/data/image-set';
import { bicubicUpsample } from '../lib/metrics/bicubic';
import { accuracyOf, classifyImages, generatedToInput, pixelsToInput, type MnistClassifier } from '../lib/metrics/classifier';
import { meanPsnr, meanSsim, type GreyImages, type PixelRange } from '../lib/metrics/image-quality';
import { generatedRef, type CallPlan, type TrainingPlan } from '../lib/train/plan';
import type { Trainer } from '../lib/train/trainer';

type Tf = typeof tfType;

/** A paired design the evaluation can score: its generator is a function of the source's input A alone. */
export type PairedTarget = { kind: 'paired'; pair: MnistPair; range: PixelRange; network: string };

/**
 * The paired source whose input A alone feeds the sampled generator call (SRGAN, pix2pix), or null when the design
 * has none, or its generator also takes noise or labels (then G(A) is not one image per A).
 */
export function pairedTarget(plan: TrainingPlan): PairedTarget | null {
  for (const s of plan.sources) {
    const ref = s.role.paired?.(s.params);
    if (!ref) continue;
    const call = sampledCall(plan);
    const feeds = call ? [...call.feeds.values()] : [];
    if (!call || feeds.length !== 1 || feeds[0]!.node !== s.id || feeds[0]!.port !== ref.input) return null;
    return { kind: 'paired', pair: ref.pair, range: ref.range, network: call.network };
  }
  return null;
}

/** The network call whose output is sampled as the generated images, if any. */
function sampledCall(plan: TrainingPlan): CallPlan | undefined {
  try {
    return plan.calls.get(generatedRef(plan).node);
  } catch {
    // A design with nothing to sample has no generator to score.
    return undefined;
  }
}

/** PSNR (dB, mean over images), SSIM (mean) against the true digits, and the classifier's accuracy on the true labels. */
export type PairedScores = { psnr: number | null; ssim: number; accuracy: number };

/**
 * Scores of a paired generator on the first `count` MNIST test digits (never trained on): G(A) against B, beside the
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

/** Generator outputs per call: 250 images of a small SR or U-Net generator stay well under 100 MB of activations. */
const BATCH = 250;

export async function pairedMetrics(tf: Tf, trainer: Trainer, target: PairedTarget, test: ImageSet, clf: MnistClassifier, count: number): Promise<PairedMetrics> {
  const n = Math.min(count, test.count);
  if (!test.labels) throw new Error('the paired evaluation needs labelled test digits');
  const { a: shapeA, factor } = MNIST_PAIRS[target.pair];
  const [ah, aw] = shapeA;
  const [scale, shift] = target.range === '[-1,1]' ? [1 / 127.5, -1] : [1 / 255, 0];
  const lo = target.range === '[-1,1]' ? -1 : 0;
  const idx = Array.from({ length: n }, (_, i) => i);
  const a = new Float32Array(n * ah * aw);
  idx.forEach((i) => pairInput(target.pair, test, i).forEach((v, q) => (a[i * ah * aw + q] = v * scale + shift)));
  const b: GreyImages = { pixels: gather(test, idx, target.range), count: n, height: 28, width: 28 };

  const model = trainer.models.get(target.network);
  if (!model) throw new Error(`no model for the network "${target.network}"`);
  const out = new Float32Array(n * 28 * 28);
  for (let s = 0; s < n; s += BATCH) {
    const c = Math.min(BATCH, n - s);
    const y = tf.tidy(() => {
      const x = tf.tensor4d(a.subarray(s * ah * aw, (s + c) * ah * aw), [c, ah, aw, 1]);
      const r = model.predict(x);
      return tf.clone(Array.isArray(r) ? r[0]! : r);
    });
    out.set((await y.data()) as Float32Array, s * 784);
    y.dispose();
  }
  const generated: GreyImages = { pixels: out, count: n, height: 28, width: 28 };
  const baseline: GreyImages =
    factor > 1 ? bicubicUpsample({ pixels: a, count: n, height: ah, width: aw }, factor, [lo, 1]) : { pixels: a, count: n, height: ah, width: aw };

  const accuracy = async (pixels: Float32Array) => {
    const { probs } = await classifyImages(tf, clf, {
      count: n,
      batch: (s, c) => tf.tidy(() => generatedToInput(tf, tf.tensor4d(pixels.subarray(s * 784, (s + c) * 784), [c, 28, 28, 1]), target.range)),
    });
    return accuracyOf(probs.data, test.labels!, n);
  };
  const scores = async (x: GreyImages): Promise<PairedScores> => {
    const psnr = meanPsnr(x, b, target.range);
    return { psnr: Number.isFinite(psnr) ? psnr : null, ssim: meanSsim(x, b, target.range), accuracy: await accuracy(x.pixels as Float32Array) };
  };
  const truth = await classifyImages(tf, clf, { count: n, batch: (s, c) => pixelsToInput(tf, test.pixels, s, c) });
  return {
    pair: target.pair,
    samples: n,
    baseline: factor > 1 ? 'bicubic' : 'input',
    generated: await scores(generated),
    baselineScores: await scores(baseline),
    truthAccuracy: accuracyOf(truth.probs.data, test.labels, n),
  };
}
