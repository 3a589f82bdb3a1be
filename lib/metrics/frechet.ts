import { MetricError } from './errors';
import { checkFinite, type FeatureMatrix } from './features';
import { matmul, sqrtmPsd, symmetrize, trace, traceSqrtPsd } from './linalg';
import { moments, type Moments } from './moments';

/**
 * Fréchet distance between two feature sets, each summarised by a Gaussian (Heusel et al. 2017, "GANs Trained by a
 * Two Time-Scale Update Rule Converge to a Local Nash Equilibrium"; Dowson & Landau 1982 for the closed form):
 *
 *   d² = ‖μ_r − μ_g‖² + Tr(Σ_r + Σ_g − 2 (Σ_r Σ_g)^{1/2})
 *
 * With Inception pool3 features this is FID; with the MNIST classifier's features, TF-GAN's "MNIST Fréchet distance".
 * Either argument may be precomputed `Moments`, so the real set's statistics are computed once per run.
 */
export function frechetDistance(real: FeatureMatrix | Moments, generated: FeatureMatrix | Moments): number {
  const [dr, dg] = [isMoments(real) ? real.dim : real.cols, isMoments(generated) ? generated.dim : generated.cols];
  if (dr !== dg) throw new MetricError('E_METRIC_DIMS', `real features have ${dr} dimensions, generated ${dg}. Extract both with the same classifier layer.`);
  const r = isMoments(real) ? real : moments(real);
  const g = isMoments(generated) ? generated : moments(generated);
  return frechetFromMoments(r.mean, r.cov, g.mean, g.cov, r.dim);
}

/**
 * The same distance from means and covariances (d × d, row-major).
 *
 * Tr((Σ1 Σ2)^{1/2}) is computed as Tr((S Σ2 S)^{1/2}) with S = Σ1^{1/2}: Σ1Σ2 = S(SΣ2) and (SΣ2)S have the same
 * eigenvalues, and S Σ2 S is symmetric PSD, so both roots come from a symmetric eigen-decomposition — real spectra,
 * orthogonal eigenvectors, rounding negatives clamped to 0. This holds for singular covariances too (fewer samples
 * than dimensions). pytorch-fid and the original TTUR code instead call scipy.linalg.sqrtm on the non-symmetric
 * product Σ1Σ2 (a Schur-form square root): its result can pick up spurious imaginary parts, which they drop when
 * below 1e-3 and otherwise reject, and when a singular product makes it non-finite they retry with 1e-6·I added to both
 * covariances. Neither fix-up is needed here; where theirs needs none either, the two agree to ~1e-14 (see
 * tests/unit/metrics/reference.test.ts).
 *
 * The result is a squared distance, ≥ 0 in exact arithmetic; rounding can leave a value like −1e−13 for two equal
 * inputs, which is returned as 0.
 */
export function frechetFromMoments(mu1: Float64Array, sigma1: Float64Array, mu2: Float64Array, sigma2: Float64Array, d: number): number {
  if (!Number.isInteger(d) || d < 1) throw new MetricError('E_METRIC_PARAM', `dimension d must be a whole number ≥ 1; got ${d}.`);
  for (const [name, arr, len] of [
    ['mu1', mu1, d],
    ['mu2', mu2, d],
    ['sigma1', sigma1, d * d],
    ['sigma2', sigma2, d * d],
  ] as const) {
    if (arr.length !== len) throw new MetricError('E_METRIC_DIMS', `${name} has ${arr.length} values; with d = ${d} it needs ${len}.`);
    checkFinite(arr, name);
  }

  let meanTerm = 0;
  for (let i = 0; i < d; i++) {
    const t = mu1[i]! - mu2[i]!;
    meanTerm += t * t;
  }
  const s = sqrtmPsd(symmetrize(sigma1, d), d);
  const middle = symmetrize(matmul(matmul(s, sigma2, d), s, d), d);
  const traceTerm = trace(sigma1, d) + trace(sigma2, d) - 2 * traceSqrtPsd(middle, d);
  return Math.max(0, meanTerm + traceTerm);
}

function isMoments(x: FeatureMatrix | Moments): x is Moments {
  return 'cov' in x;
}
