import { describe, expect, it } from 'vitest';
import { featureMatrix, frechetDistance, polynomialMmd2Unbiased, precisionRecall } from '../../../lib/metrics';

// A fixed 12 × 3 and 10 × 3 pair, and each metric as the reference Python code computes it (numpy 2.4, scipy 1.17):
//   FD   — pytorch-fid `calculate_frechet_distance`: np.cov(rowvar=False), scipy.linalg.sqrtm(σ1·σ2), real part.
//   MMD² — Bińkowski et al.'s `polynomial_mmd` (unbiased, k = (xᵀy/d + 1)³) on the whole sets.
//   P/R  — Kynkäänniemi et al.: radius = np.partition(dist, k)[:, k]; inside when dist <= radius.
const X = featureMatrix(
  Float64Array.of(
    1.7, 0.38, -0.12, 0.41, -0.59, -0.24, 0.2, -1.76, 0.19, 0.57, -0.33, -0.31, 0.46, -0.01, -0.25, -1.43, -0.17, 0.25, 0.6, -1.39, 0.7, 0.56, -0.31, 1.3,
    -0.13, -1.47, -0.72, -2.37, -0.09, 0.02, -1.07, 0.7, -0.83, 0.4, -1.8, -1.08,
  ),
  12,
  3,
);
const Y = featureMatrix(
  Float64Array.of(-0.46, 1.17, 1.11, 0.24, 0.67, -0.44, 0.95, -0.6, -1.67, -0.94, 0.31, 1.5, 0.72, -0.42, 1.23, 0.69, 0.08, -0.1, 0.39, -0.25, -1.45, 0.9, -0.08, 0.65, 0.2, -1.53, -0.38, 1.86, -0.31, -1.01),
  10,
  3,
);

describe('agreement with the reference Python implementations', () => {
  it.each([
    { name: 'Fréchet distance (pytorch-fid formula)', got: () => frechetDistance(X, Y), want: 1.0074088252786622, rel: 1e-12 },
    { name: 'unbiased polynomial MMD² (KID kernel)', got: () => polynomialMmd2Unbiased(X, Y), want: 0.20332168480198742, rel: 1e-12 },
    { name: 'precision, k = 3', got: () => precisionRecall(X, Y).precision, want: 1, rel: 0 },
    { name: 'recall, k = 3', got: () => precisionRecall(X, Y).recall, want: 11 / 12, rel: 0 },
    { name: 'precision, k = 2', got: () => precisionRecall(X, Y, { k: 2 }).precision, want: 0.7, rel: 0 },
    { name: 'recall, k = 2', got: () => precisionRecall(X, Y, { k: 2 }).recall, want: 11 / 12, rel: 0 },
  ])('$name = $want', ({ got, want, rel }) => {
    expect(Math.abs(got() - want)).toBeLessThanOrEqual(rel * Math.abs(want));
  });
});
