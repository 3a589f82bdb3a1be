import { classCoverage, classifierScore } from '../classifier-score';
import { frechetDistance } from '../frechet';
import { kid } from '../kid';
import { moments, type Moments } from '../moments';
import { precisionRecall } from '../precision-recall';
import type { ClassifierOutputs } from './extract';

export type ImageMetricOptions = {
  /** Neighbours for the precision/recall manifolds (default 3, Kynkäänniemi et al.). */
  k?: number;
  /** KID subsets and their size (defaults 100 and 1000, clamped to the smaller set; see docs/metrics.md). */
  kidSubsets?: number;
  kidSubsetSize?: number;
  /** Seed of the KID subset draws (default 0). */
  seed?: number;
  /** The reference set's feature moments, when the caller has them already. */
  referenceMoments?: Moments;
};

/** Every image metric of one evaluated set against the real reference set. All numbers are plain JSON values. */
export type ImageMetrics = {
  samples: { reference: number; evaluated: number };
  /** Inception-Score formula with the MNIST classifier (TF-GAN's "MNIST score"): 1 … 10. */
  classifierScore: number;
  /** Fréchet distance of the 128-d classifier features (TF-GAN's "MNIST Fréchet distance"). */
  frechetDistance: number;
  kid: { mean: number; std: number; subsets: number; subsetSize: number };
  precision: number;
  recall: number;
  k: number;
  classesCovered: number;
  totalClasses: number;
  /** KL(histogram of predicted classes ‖ uniform), nats: 0 balanced, log 10 ≈ 2.303 for one class. */
  classKlToUniform: number;
  classHistogram: number[];
};

/**
 * Scores `evaluated` (generated images, or a real split) against `reference` (real training images), both as the
 * classifier's outputs. Classifier score and class coverage look at `evaluated` alone; Fréchet distance, KID and
 * precision/recall compare the two feature sets.
 */
export function imageMetrics(reference: ClassifierOutputs, evaluated: ClassifierOutputs, opts: ImageMetricOptions = {}): ImageMetrics {
  const k = opts.k ?? 3;
  const subsets = opts.kidSubsets ?? 100;
  const subsetSize = Math.min(opts.kidSubsetSize ?? 1000, reference.features.rows, evaluated.features.rows);
  const kidResult = kid(reference.features, evaluated.features, { subsets, subsetSize, seed: opts.seed ?? 0 });
  const pr = precisionRecall(reference.features, evaluated.features, { k });
  const coverage = classCoverage(evaluated.probs);
  return {
    samples: { reference: reference.features.rows, evaluated: evaluated.features.rows },
    classifierScore: classifierScore(evaluated.probs).score,
    frechetDistance: frechetDistance(opts.referenceMoments ?? moments(reference.features), evaluated.features),
    kid: { mean: kidResult.mean, std: kidResult.std, subsets, subsetSize },
    precision: pr.precision,
    recall: pr.recall,
    k,
    classesCovered: coverage.classesCovered,
    totalClasses: coverage.totalClasses,
    classKlToUniform: coverage.klToUniform,
    classHistogram: Array.from(coverage.histogram),
  };
}
