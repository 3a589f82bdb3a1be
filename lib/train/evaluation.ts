import type * as tfType from '@tensorflow/tfjs';
import { scoreModes2d, type Modes2dName } from '../metrics/modes2d';
import type { TrainingPlan } from './plan';
import { MODE_METRICS } from '../blocks/sources/datasets';
import type { DataReference } from '../blocks/types';
import type { EvalHooks } from './eval-hooks';
import { pairedTarget, type PairedEvalResult, type PairedTarget } from './evaluation-paired';

/**
 * What the training dashboard can measure on a design's samples, and the results it keeps. Plain data (no typed
 * arrays) so results cross the worker boundary and go into IndexedDB checkpoints as they are. The numbers come from
 * lib/metrics (docs/metrics.md); this file decides which apply and runs the 2-D ones.
 */
export type EvalTarget =
  /** ring8 / grid25 points: modes covered, high-quality share, reverse KL (VEEGAN / PacGAN protocol). */
  | { kind: 'toy2d'; mixture: Modes2dName }
  /** 28×28×1 images of an MNIST design: the MNIST classifier's metrics against real training images. */
  | { kind: 'images'; range: '[-1,1]' | '[0,1]' }
  /** A paired image-to-image design (SRGAN, pix2pix): G(A) against the true digit B on MNIST test digits. */
  | PairedTarget
  | { kind: 'none'; reason: string };

export type EvalKind = EvalTarget['kind'];

/** `every`: evaluate after every N-th step (0 = only on demand); `samples`: generated samples per evaluation. */
export type EvalSettings = { every: number; samples: number };

/**
 * 2,500 points is the PacGAN protocol and takes milliseconds. 1,000 images each side keeps an image evaluation to
 * seconds in one wasm thread (the CLI's 10,000 take about 2 minutes); FD is biased upwards at small N, so compare
 * values only at equal sample counts.
 */
export const EVAL_DEFAULTS: Readonly<Record<EvalKind, EvalSettings>> = {
  toy2d: { every: 250, samples: 2500 },
  images: { every: 500, samples: 1000 },
  // 1,000 test digits: a fraction of a second of generator calls, PSNR ±0.1 dB (docs/metrics.md).
  paired: { every: 250, samples: 1000 },
  none: { every: 0, samples: 0 },
};

/** Accepted sample counts. Images: the reference is a subset of the 60,000 training images, and precision/recall is O(n²). */
export const EVAL_SAMPLE_LIMITS: Readonly<Record<EvalKind, { min: number; max: number }>> = {
  toy2d: { min: 100, max: 20_000 },
  images: { min: 100, max: 10_000 },
  // Paired: the MNIST test set has 10,000 digits.
  paired: { min: 100, max: 10_000 },
  none: { min: 0, max: 0 },
};

/** Seed of the evaluation's noise: the same z at every evaluation, so the history shows the generator change, not the draw. */
export const EVAL_SEED = 0;

export type ToyEvalResult = {
  kind: 'toy2d';
  step: number;
  samples: number;
  seconds: number;
  mixture: Modes2dName;
  modesCovered: number;
  totalModes: number;
  highQualityFraction: number;
  /** nats; null when no sample is high-quality. */
  reverseKl: number | null;
  /** High-quality samples per mode, in the mixture's centre order. */
  counts: number[];
};

export type ImageEvalResult = {
  kind: 'images';
  step: number;
  /** Generated images, and real training images in the reference (the same count). */
  samples: number;
  seconds: number;
  classifierScore: number;
  frechetDistance: number;
  kid: { mean: number; std: number; subsets: number; subsetSize: number };
  precision: number;
  recall: number;
  k: number;
  classesCovered: number;
  totalClasses: number;
  /** KL(class histogram ‖ uniform), nats. */
  classKl: number;
  classHistogram: number[];
};

/** What was measured; `criticKeep` (below 1) when the samples were D's best share of more candidates (critic-ranking.ts). */
export type EvalResult = (ToyEvalResult | ImageEvalResult | PairedEvalResult) & { criticKeep?: number };

export { EvalCancelled, type EvalHooks, type EvalProgress, type EvalStage } from './eval-hooks';

/** Anything that draws generated samples: the Trainer (its EMA weights when it keeps them), or a stand-in in tests. */
/** `criticKeep` below 1: `generate` draws 1/criticKeep candidates a sample and keeps D's best (critic-ranking.ts). */
export type Sampler = { generate(n: number, seed?: number): tfType.Tensor; readonly criticKeep?: number };

export type { PairedEvalResult } from './evaluation-paired';

/**
 * Which metrics apply: G(A) against B when a paired source's input alone feeds the generator; otherwise from the
 * design's first data source that names a reference distribution and the shape of one generated example
 * (`sampleShape`, batch first; null when the design has nothing to sample).
 */
export function evalTarget(plan: TrainingPlan, sampleShape: readonly (number | null)[] | null): EvalTarget {
  // Before the distribution metrics: a paired generator is judged against each input's own target.
  const paired = pairedTarget(plan);
  if (paired) return paired;
  const ref = dataReference(plan);
  if (!ref) return { kind: 'none', reason: 'the design has no dataset node, so there are no real samples to compare with.' };
  if (ref.kind === 'none') return ref;
  const per = sampleShape ? sampleShape.slice(1) : null;
  const got = per ? `[${per.join(', ')}]` : 'nothing';
  if (ref.kind === 'mixture') {
    if (per?.join() !== '2') return { kind: 'none', reason: `${MODE_METRICS} score 2-D points, and the design samples ${got} per example.` };
    return { kind: 'toy2d', mixture: ref.name };
  }
  if (!per || per.reduce<number>((a, b) => a * (b ?? 0), 1) !== 784) {
    return {
      kind: 'none',
      reason: `the MNIST classifier scores 28×28×1 images, and this design samples ${got} per example (what its first critic judges; an adversarial autoencoder's critic judges latent codes).`,
    };
  }
  return { kind: 'images', range: ref.range };
}

/** The reference distribution of the design's first data source that has one. */
export function dataReference(plan: TrainingPlan): DataReference | null {
  for (const s of plan.sources) {
    const ref = s.role.reference?.(s.params);
    if (ref) return ref;
  }
  return null;
}

/** The shape of one generated batch (2 examples), or null when the design has nothing to sample. */
export function sampleShapeOf(sampler: Sampler): number[] | null {
  try {
    const t = sampler.generate(2, EVAL_SEED);
    const shape = t.shape;
    t.dispose();
    return shape;
  } catch {
    return null;
  }
}

/** Clamps a requested setting into range; a non-finite or negative `every` means off. */
export function clampSettings(kind: EvalKind, s: EvalSettings): EvalSettings {
  const { min, max } = EVAL_SAMPLE_LIMITS[kind];
  const every = Number.isFinite(s.every) && s.every > 0 ? Math.round(s.every) : 0;
  const samples = Number.isFinite(s.samples) ? Math.min(max, Math.max(min, Math.round(s.samples))) : EVAL_DEFAULTS[kind].samples;
  return { every, samples };
}

/** Modes covered, high-quality share and reverse KL of `samples` generated points (one batch: a 2-D generator is small). */
export async function evaluateToy(sampler: Sampler, mixture: Modes2dName, step: number, samples: number, hooks: EvalHooks = {}): Promise<ToyEvalResult> {
  const t0 = performance.now();
  hooks.progress?.({ stage: 'generating', done: 0, total: samples });
  const points = sampler.generate(samples, EVAL_SEED);
  let values: Float32Array;
  try {
    values = (await points.data()) as Float32Array;
  } finally {
    points.dispose();
  }
  await hooks.between?.();
  hooks.progress?.({ stage: 'scoring', done: samples, total: samples });
  const s = scoreModes2d(mixture, values);
  return {
    kind: 'toy2d',
    step,
    samples,
    seconds: (performance.now() - t0) / 1000,
    mixture,
    modesCovered: s.modesCovered,
    totalModes: s.totalModes,
    highQualityFraction: s.highQualityFraction,
    reverseKl: s.reverseKl,
    counts: Array.from(s.counts),
  };
}

/** At most this many results are kept; older halves are thinned by 2 (as the loss history is). */
export const EVAL_HISTORY_CAP = 500;

/** Adds a result in step order; a result at a step already measured replaces it (an on-demand and a scheduled run). */
export function appendEval(h: readonly EvalResult[], r: EvalResult): EvalResult[] {
  const next = [...h.filter((x) => x.step !== r.step || x.kind !== r.kind), r].sort((a, b) => a.step - b.step);
  if (next.length <= EVAL_HISTORY_CAP) return next;
  const half = next.length >> 1;
  return [...next.slice(0, half).filter((_, i) => i % 2 === 0), ...next.slice(half)];
}
