import type * as tfType from '@tensorflow/tfjs';
import type { Design } from '../lib/graph/schema';
import { scoreModes2d, type Modes2dName } from '../lib/metrics/modes2d';
import type { TrainingPlan } from '../lib/train/plan';
import { dataReference, EVAL_SEED } from '../lib/train/evaluation';
import type { Trainer } from '../lib/train/trainer';
import { loadClassifier } from './classifier-file';
import { pairedMetrics, pairedTarget, type PairedTarget } from '../lib/train/evaluation-paired';
import { loadMnistNode } from './node-data';

/** PacGAN scores 2,500 generated points per evaluation. */
export const TOY_SAMPLES = 2500;

/** Held-out MNIST test digits a paired design is scored on, at the end of `gan train` and by `gan eval`. */
export const PAIRED_SAMPLES = 1000;

/**
 * What can be measured on a design's samples, read off its first dataset node (parameters parsed, defaults applied):
 * the 2-D mode benchmarks for ring8 / grid25, the MNIST classifier's metrics for MNIST images, pixel fidelity against
 * ground truth for paired image-to-image designs, nothing otherwise.
 */
export type EvalKind =
  | { kind: 'toy2d'; mixture: Modes2dName }
  | PairedTarget
  | { kind: 'mnist'; range: '[-1,1]' | '[0,1]' }
  | { kind: 'none'; reason: string };

export function evalKind(plan: TrainingPlan): EvalKind {
  const paired = pairedTarget(plan);
  if (paired) return paired;
  const ref = dataReference(plan);
  if (!ref) return { kind: 'none', reason: 'it has no dataset node' };
  if (ref.kind === 'mixture') return { kind: 'toy2d', mixture: ref.name };
  return ref;
}

export type ToyMetrics = { modesCovered: number; totalModes: number; highQualityFraction: number; reverseKl: number | null };

/**
 * Modes covered, high-quality share and reverse KL of `n` generated points (VEEGAN / PacGAN protocol). The trainer
 * samples with the generators' moving average when the run keeps one; the noise is seeded with EVAL_SEED unless told
 * otherwise — the seed `gan eval` and the dashboard use, so `gan train`'s closing report and `gan eval` of its
 * checkpoint score the same points (they differed by the seed alone: 87.8 % against 88.8 % high quality).
 */
export async function toyMetrics(trainer: Trainer, mixture: Modes2dName, n = TOY_SAMPLES, seed = EVAL_SEED): Promise<ToyMetrics> {
  const points = trainer.generate(n, seed);
  const values = (await points.data()) as Float32Array;
  points.dispose();
  const s = scoreModes2d(mixture, values);
  return { modesCovered: s.modesCovered, totalModes: s.totalModes, highQualityFraction: s.highQualityFraction, reverseKl: s.reverseKl };
}

/**
 * Metrics printed at the end of `gan train`: for the 2-D mixtures, modes covered, high-quality share and reverse KL;
 * for paired designs, PSNR, SSIM and the classifier's accuracy on 1,000 test digits beside the baseline's (a few seconds).
 * Distribution metrics of images need the MNIST feature classifier over 10,000 samples, so they are `gan eval`'s job.
 */
export async function evaluateSamples(tf: typeof tfType, _design: Design, trainer: Trainer): Promise<Record<string, number | null> | null> {
  const k = evalKind(trainer.plan);
  if (k.kind === 'toy2d') {
    const m = await toyMetrics(trainer, k.mixture);
    const keep = trainer.criticKeep;
    if (keep >= 1) return m;
    // Samples kept by D's ranking, and beside them G's own: what the generator learnt, apart from what D filters out.
    trainer.setCriticKeep(1);
    try {
      const raw = await toyMetrics(trainer, k.mixture);
      return { ...m, criticKeep: keep, rawModesCovered: raw.modesCovered, rawHighQualityFraction: raw.highQualityFraction, rawReverseKl: raw.reverseKl };
    } finally {
      trainer.setCriticKeep(keep);
    }
  }
  if (k.kind !== 'paired') return null;
  const clf = loadClassifier(tf);
  try {
    const m = await pairedMetrics(tf, trainer, k, await loadMnistNode('test'), clf, PAIRED_SAMPLES);
    const b = m.baseline;
    return {
      samples: m.samples,
      psnr: m.generated.psnr,
      ssim: m.generated.ssim,
      accuracy: m.generated.accuracy,
      [`${b}Psnr`]: m.baselineScores.psnr,
      [`${b}Ssim`]: m.baselineScores.ssim,
      [`${b}Accuracy`]: m.baselineScores.accuracy,
      truthAccuracy: m.truthAccuracy,
    };
  } finally {
    clf.dispose();
  }
}
