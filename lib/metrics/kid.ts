import { mulberry32, type Rng } from '../rng';
import { MetricError } from './errors';
import { checkFeatures, checkSameDims, type FeatureMatrix, type Floats } from './features';
import { dot, dots1x4 } from './linalg';
import { meanStd } from './moments';

export type KidOptions = {
  /** How many random subsets to average over (default 100, as in Bińkowski et al.'s code and torch-fidelity). */
  subsets?: number;
  /** Samples drawn from each set per subset, without replacement (default 1000, same sources). */
  subsetSize?: number;
  /** Seed for the subset draws when no `rng` is given (default 0): equal inputs and seed give equal results. */
  seed?: number;
  rng?: Pick<Rng, 'next'>;
};

/** `values` holds one unbiased MMD² per subset; `std` is their population standard deviation (np.std, ddof 0). */
export type KidResult = { mean: number; std: number; values: Float64Array };

/**
 * Kernel Inception Distance (Bińkowski, Sutherland, Arbel & Gretton 2018, "Demystifying MMD GANs", §4):
 * the unbiased estimator of MMD² (Gretton et al. 2012, eq. 3) under the cubic polynomial kernel
 * k(x, y) = (xᵀy / d + 1)³, averaged over random subsets of both sets. Unlike FID its estimator is unbiased, so
 * it does not depend on the sample size and a single subset can come out negative when the sets match.
 */
export function kid(real: FeatureMatrix, generated: FeatureMatrix, opts: KidOptions = {}): KidResult {
  const subsets = opts.subsets ?? 100;
  const m = opts.subsetSize ?? 1000;
  if (!Number.isInteger(subsets) || subsets < 1) throw new MetricError('E_METRIC_PARAM', `subsets must be a whole number ≥ 1; got ${subsets}.`);
  if (!Number.isInteger(m) || m < 2) throw new MetricError('E_METRIC_PARAM', `subsetSize must be a whole number ≥ 2; got ${m}.`);
  checkFeatures(real, 'real features', 2);
  checkFeatures(generated, 'generated features', 2);
  checkSameDims(real, generated);
  const smaller = Math.min(real.rows, generated.rows);
  if (m > smaller) {
    throw new MetricError('E_METRIC_TOO_FEW', `subsetSize ${m} is larger than the ${smaller} samples of the smaller set. Pass subsetSize ≤ ${smaller} or more samples.`);
  }
  const rng = opts.rng ?? mulberry32(opts.seed ?? 0);
  const d = real.cols;
  const permR = Int32Array.from({ length: real.rows }, (_, i) => i);
  const permG = Int32Array.from({ length: generated.rows }, (_, i) => i);
  const bufR = new Float64Array(m * d);
  const bufG = new Float64Array(m * d);
  const values = new Float64Array(subsets);
  for (let s = 0; s < subsets; s++) {
    drawSubset(real, permR, m, rng, bufR);
    drawSubset(generated, permG, m, rng, bufG);
    values[s] = mmd2(bufR, m, bufG, m, d);
  }
  return { ...meanStd(values), values };
}

/** Unbiased MMD² with the KID kernel between two whole feature sets (no subsets). Needs ≥ 2 rows in each. */
export function polynomialMmd2Unbiased(x: FeatureMatrix, y: FeatureMatrix): number {
  checkFeatures(x, 'real features', 2);
  checkFeatures(y, 'generated features', 2);
  checkSameDims(x, y);
  return mmd2(x.data, x.rows, y.data, y.rows, x.cols);
}

/** The KID kernel, k(x, y) = (xᵀy / d + 1)³ (γ = 1/d, c = 1, degree 3: Bińkowski et al. 2018, §4). */
export function polynomialKernel(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return cube(dot(x, 0, y, 0, x.length) / x.length + 1);
}

/**
 * MMD²_u = 1/(m(m−1)) Σ_{i≠j} k(xᵢ,xⱼ) + 1/(n(n−1)) Σ_{i≠j} k(yᵢ,yⱼ) − 2/(mn) Σ_{i,j} k(xᵢ,yⱼ)
 * (Gretton et al. 2012, Lemma 6): the diagonal terms k(xᵢ,xᵢ) are left out, which is what removes the bias.
 */
function mmd2(x: Floats, m: number, y: Floats, n: number, d: number): number {
  const kxx = 2 * kernelSum(x, m, x, m, d, true);
  const kyy = 2 * kernelSum(y, n, y, n, d, true);
  const kxy = kernelSum(x, m, y, n, d, false);
  return kxx / (m * (m - 1)) + kyy / (n * (n - 1)) - (2 * kxy) / (m * n);
}

/** Σ k(aᵢ, bⱼ) over all pairs, or over i < j when `upper` (a = b); four rows of b at a time share each load of aᵢ. */
function kernelSum(a: Floats, na: number, b: Floats, nb: number, d: number, upper: boolean): number {
  const inv = 1 / d;
  const s = new Float64Array(4);
  let total = 0;
  for (let i = 0; i < na; i++) {
    const ai = i * d;
    let j = upper ? i + 1 : 0;
    for (; j + 3 < nb; j += 4) {
      dots1x4(a, ai, b, j * d, d, s);
      total += cube(s[0]! * inv + 1) + cube(s[1]! * inv + 1) + cube(s[2]! * inv + 1) + cube(s[3]! * inv + 1);
    }
    for (; j < nb; j++) total += cube(dot(a, ai, b, j * d, d) * inv + 1);
  }
  return total;
}

const cube = (t: number) => t * t * t;

/** Copies m rows chosen uniformly without replacement (a partial Fisher–Yates shuffle of `perm`) into `out`. */
function drawSubset(x: FeatureMatrix, perm: Int32Array, m: number, rng: Pick<Rng, 'next'>, out: Float64Array): void {
  const n = x.rows;
  const d = x.cols;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
    const src = perm[i]! * d;
    for (let k = 0; k < d; k++) out[i * d + k] = x.data[src + k]!;
  }
}
