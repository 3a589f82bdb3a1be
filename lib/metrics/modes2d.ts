import { GRID25, RING8, sampleMixture, type Mixture } from '../data/toy2d';
import type { Rng } from '../rng';
import { MetricError } from './errors';
import { checkFinite, type Floats } from './features';
import { klToUniform } from './histogram';

/**
 * The 2-D mode-collapse benchmarks. The mixtures themselves live in lib/data/toy2d.ts, shared with the dataset
 * source, so training data and scoring use the very same centres and σ:
 *   ring8  — 8 Gaussians at angles 2πi/8 on a circle of radius 2, σ = 0.02 (Metz et al. 2017, Unrolled GANs,
 *            followed by VEEGAN; PacGAN's code uses radius 1, σ = 0.01, the same shape at half the scale).
 *            Some widely copied notebooks place the centres with linspace(0, 2π, 8), which puts the first and last
 *            on the same point; ours are 8 distinct modes.
 *   grid25 — 25 Gaussians at {−4, −2, 0, 2, 4}², σ = 0.05 (VEEGAN; PacGAN's code, 2DGrid config).
 */
export type Modes2dName = 'ring8' | 'grid25';

export const MIXTURES_2D: Readonly<Record<Modes2dName, Mixture>> = { ring8: RING8, grid25: GRID25 };

/** A sample is high-quality when within this many σ of its nearest centre (VEEGAN §5.1; PacGAN code `dis_thre=3`). */
export const HIGH_QUALITY_STDS = 3;

/**
 * High-quality samples a mode needs to count as covered. PacGAN's evaluation code counts every mode with a non-zero
 * number of high-quality samples (`numpy.nonzero(detail_of_coverage)`), over 2,500 generated points; 1 reproduces
 * that protocol. Raise it (e.g. to 20 for 2,500 points) to ignore modes hit only by a stray sample.
 */
export const DEFAULT_MIN_COUNT = 1;

export type Modes2dScore = {
  modesCovered: number;
  totalModes: number;
  /** Share of all samples within 3σ of their nearest centre. */
  highQualityFraction: number;
  /**
   * KL(p ‖ uniform) in nats, p the histogram of high-quality samples over modes (PacGAN's "reverse KL"): 0 for a
   * balanced generator, log K when all high-quality samples sit on one of K modes. null when no sample is
   * high-quality, since then there is no histogram.
   */
  reverseKl: number | null;
  /** High-quality samples per mode, in the mixture's centre order. */
  counts: Uint32Array;
};

/**
 * Scores generated 2-D points (interleaved x0, y0, x1, y1, …, as a [n, 2] tensor's data) against a mixture:
 * each point is assigned to its nearest centre and counts as high-quality when within 3σ of it (an isotropic
 * Gaussian puts 1 − e^{−9/2} ≈ 98.9 % of its mass there).
 */
export function scoreModes2d(mixture: Modes2dName | Mixture, points: Floats, opts: { minCount?: number } = {}): Modes2dScore {
  const m = typeof mixture === 'string' ? MIXTURES_2D[mixture] : mixture;
  const minCount = opts.minCount ?? DEFAULT_MIN_COUNT;
  if (!Number.isInteger(minCount) || minCount < 1) throw new MetricError('E_METRIC_PARAM', `minCount must be a whole number ≥ 1; got ${minCount}.`);
  if (points.length % 2 !== 0) throw new MetricError('E_METRIC_SHAPE', `2-D points come in (x, y) pairs; got ${points.length} values.`);
  const n = points.length / 2;
  if (n === 0) throw new MetricError('E_METRIC_TOO_FEW', 'no points to score. Pass at least one generated sample (PacGAN uses 2,500).');
  checkFinite(points, 'points');

  const k = m.centres.length;
  const cx = Float64Array.from(m.centres, (c) => c[0]);
  const cy = Float64Array.from(m.centres, (c) => c[1]);
  const limitSq = (HIGH_QUALITY_STDS * m.std) ** 2;
  const counts = new Uint32Array(k);
  let highQuality = 0;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    let best = 0;
    let bestSq = Infinity;
    for (let c = 0; c < k; c++) {
      const dx = x - cx[c]!;
      const dy = y - cy[c]!;
      const s = dx * dx + dy * dy;
      if (s < bestSq) {
        bestSq = s;
        best = c;
      }
    }
    // Strictly inside, as PacGAN's `min_dis < dis_thre`.
    if (bestSq < limitSq) {
      counts[best]!++;
      highQuality++;
    }
  }
  let modesCovered = 0;
  for (let c = 0; c < k; c++) if (counts[c]! >= minCount) modesCovered++;
  return { modesCovered, totalModes: k, highQualityFraction: highQuality / n, reverseKl: klToUniform(counts), counts };
}

/** n real samples from a benchmark mixture (uniform over modes), drawn exactly as the dataset source draws them. */
export function sampleModes2d(mixture: Modes2dName | Mixture, n: number, rng: Rng): { points: Float32Array; modes: Uint8Array } {
  if (!Number.isInteger(n) || n < 0) throw new MetricError('E_METRIC_PARAM', `n must be a whole number ≥ 0; got ${n}.`);
  return sampleMixture(typeof mixture === 'string' ? MIXTURES_2D[mixture] : mixture, n, rng);
}
