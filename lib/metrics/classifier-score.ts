import { MetricError } from './errors';
import { checkFeatures, type FeatureMatrix } from './features';
import { klToUniform } from './histogram';
import { meanStd } from './moments';

/** How far a row's sum may stray from 1 (float32 softmax rounds to about 1e-6) before it is taken for logits. */
const SUM_TOLERANCE = 1e-3;

export type ClassifierScore = { score: number; std: number; splitScores: Float64Array };

/**
 * Inception-Score-style classifier score (Salimans et al. 2016, "Improved Techniques for Training GANs", §4):
 *   exp( E_x KL(p(y|x) ‖ p(y)) ),  p(y) = E_x p(y|x)
 * from rows of class probabilities p(y|x) (n × C; softmax outputs, not logits). Ranges from 1 (every sample gets
 * the same prediction) to C (confident predictions spread evenly over all classes). With the MNIST classifier in
 * place of Inception this is TF-GAN's "MNIST score".
 *
 * `splits` follows the original Inception Score code: the rows are cut into that many contiguous parts, each part is
 * scored with its own p(y), and the mean and population std of the part scores are reported. The default, 1, scores
 * all rows together (TF-GAN's `classifier_score`); std is then 0.
 */
export function classifierScore(probs: FeatureMatrix, opts: { splits?: number } = {}): ClassifierScore {
  const splits = opts.splits ?? 1;
  checkProbabilities(probs);
  if (!Number.isInteger(splits) || splits < 1 || splits > probs.rows) {
    throw new MetricError('E_METRIC_PARAM', `splits must be a whole number from 1 to the ${probs.rows} rows; got ${splits}.`);
  }
  const splitScores = new Float64Array(splits);
  for (let s = 0; s < splits; s++) {
    const r0 = Math.floor((s * probs.rows) / splits);
    const r1 = Math.floor(((s + 1) * probs.rows) / splits);
    splitScores[s] = Math.exp(meanKlToMarginal(probs, r0, r1));
  }
  const { mean, std } = meanStd(splitScores);
  return { score: mean, std, splitScores };
}

/** E_x KL(p(y|x) ‖ p(y)) over rows r0 … r1−1, with p(y) their mean row; terms with p(y|x) = 0 contribute 0. */
function meanKlToMarginal(probs: FeatureMatrix, r0: number, r1: number): number {
  const { data, cols: c } = probs;
  const n = r1 - r0;
  const marginal = new Float64Array(c);
  for (let i = r0; i < r1; i++) for (let j = 0; j < c; j++) marginal[j]! += data[i * c + j]!;
  for (let j = 0; j < c; j++) marginal[j]! /= n;
  const logMarginal = marginal.map((m) => (m > 0 ? Math.log(m) : 0));
  let kl = 0;
  for (let i = r0; i < r1; i++) {
    for (let j = 0; j < c; j++) {
      const p = data[i * c + j]!;
      if (p > 0) kl += p * (Math.log(p) - logMarginal[j]!);
    }
  }
  return kl / n;
}

export type ClassCoverage = {
  /** Samples whose most probable class is c, for each class c. */
  histogram: Uint32Array;
  classesCovered: number;
  totalClasses: number;
  /** KL(class histogram ‖ uniform) in nats: 0 when classes are equally frequent, log C when one class takes all. */
  klToUniform: number;
  /** The share a class needed to count as covered. */
  minShare: number;
};

/**
 * Which classes the generator produces, by each sample's most probable class (the way Stacked-MNIST mode counts
 * work, Metz et al. 2017). A class is covered when it takes at least `minShare` of the samples; the default,
 * 0.1 / C (a tenth of its fair share), is this project's convention: it ignores the few stray samples a collapsed
 * generator still lands in a class while counting any class it produces at a visible rate.
 */
export function classCoverage(probs: FeatureMatrix, opts: { minShare?: number } = {}): ClassCoverage {
  checkProbabilities(probs);
  const { data, rows: n, cols: c } = probs;
  const minShare = opts.minShare ?? 0.1 / c;
  if (!(minShare >= 0 && minShare <= 1)) throw new MetricError('E_METRIC_PARAM', `minShare must be in [0, 1]; got ${minShare}.`);
  const histogram = new Uint32Array(c);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (data[i * c + j]! > data[i * c + best]!) best = j;
    histogram[best]!++;
  }
  let classesCovered = 0;
  for (let j = 0; j < c; j++) if (histogram[j]! > 0 && histogram[j]! >= minShare * n) classesCovered++;
  return { histogram, classesCovered, totalClasses: c, klToUniform: klToUniform(histogram) ?? 0, minShare };
}

function checkProbabilities(probs: FeatureMatrix): void {
  checkFeatures(probs, 'class probabilities', 1);
  const { data, rows, cols } = probs;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const p = data[i * cols + j]!;
      if (p < 0) throw new MetricError('E_METRIC_NOT_PROBABILITIES', `row ${i} has p = ${p} < 0. Apply softmax to the classifier's logits first.`);
      sum += p;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new MetricError('E_METRIC_NOT_PROBABILITIES', `row ${i} sums to ${sum}, not 1. Apply softmax to the classifier's logits first.`);
    }
  }
}
