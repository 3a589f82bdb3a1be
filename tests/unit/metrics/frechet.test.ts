import { describe, expect, it } from 'vitest';
import { featureMatrix, frechetDistance, frechetFromMoments, moments, trace } from '../../../lib/metrics';
import { correlatedRows, diag, gaussianRows, naiveMatmul, newtonSchulzTraceSqrt, randomOrthogonal, rngFor, withSpectrum } from './helpers';

const vec = (...v: number[]) => Float64Array.from(v);

/** ‖μ1 − μ2‖² + Σ (√a_i − √b_i)²: the closed form when Σ1, Σ2 share eigenvectors with eigenvalues a, b. */
function commutingClosedForm(mu1: Float64Array, mu2: Float64Array, a: readonly number[], b: readonly number[]): number {
  let fd = 0;
  mu1.forEach((m, i) => (fd += (m - mu2[i]!) ** 2));
  a.forEach((x, i) => (fd += (Math.sqrt(x) - Math.sqrt(b[i]!)) ** 2));
  return fd;
}

describe('frechetFromMoments against closed forms', () => {
  it.each([
    { mu1: 0, s1: 1, mu2: 0, s2: 1 },
    { mu1: 0, s1: 1, mu2: 3, s2: 1 },
    { mu1: 1, s1: 2, mu2: -1, s2: 0.5 },
    { mu1: 0, s1: 0, mu2: 0, s2: 2 },
    { mu1: 1e3, s1: 1e-3, mu2: 1e3 + 1, s2: 1e3 },
  ])('1-D: ($mu1, σ $s1) vs ($mu2, σ $s2) = (μ1 − μ2)² + (σ1 − σ2)²', ({ mu1, s1, mu2, s2 }) => {
    const want = (mu1 - mu2) ** 2 + (s1 - s2) ** 2;
    const got = frechetFromMoments(vec(mu1), vec(s1 * s1), vec(mu2), vec(s2 * s2), 1);
    expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, want));
  });

  const q = randomOrthogonal(rngFor(31), 6);
  const a = [4, 1, 0.25, 9, 1e-6, 2];
  const b = [1, 1, 1, 16, 1, 0];
  const mu1 = vec(0, 1, 2, 3, 4, 5);
  const mu2 = vec(0, 1, 2, 3, 4, 6);
  it.each([
    { name: 'diagonal covariances', s1: diag(a), s2: diag(b) },
    { name: 'commuting, non-diagonal covariances (shared eigenvectors)', s1: withSpectrum(q, a), s2: withSpectrum(q, b) },
  ])('$name: ‖Δμ‖² + Σ(√a − √b)²', ({ s1, s2 }) => {
    const want = commutingClosedForm(mu1, mu2, a, b);
    expect(Math.abs(frechetFromMoments(mu1, s1, mu2, s2, 6) - want)).toBeLessThan(1e-10 * want);
  });

  it('2 × 2 non-commuting: Tr√(Σ1Σ2) = √(tr P + 2√det P) for P = Σ1Σ2', () => {
    const s1 = vec(2, 0.9, 0.9, 1);
    const s2 = vec(1, -0.4, -0.4, 3);
    const p = naiveMatmul(s1, s2, 2);
    const trSqrt = Math.sqrt(p[0]! + p[3]! + 2 * Math.sqrt(p[0]! * p[3]! - p[1]! * p[2]!));
    const want = trace(s1, 2) + trace(s2, 2) - 2 * trSqrt;
    expect(Math.abs(frechetFromMoments(vec(0, 0), s1, vec(0, 0), s2, 2) - want)).toBeLessThan(1e-14);
  });

  it.each([
    { d: 5, seed: 1, cond: 1e2 },
    { d: 12, seed: 2, cond: 1e3 },
    { d: 24, seed: 3, cond: 1e4 },
  ])('non-commuting d = $d: matches a Newton–Schulz square root of the product Σ1Σ2', ({ d, seed, cond }) => {
    const rng = rngFor(seed);
    const spec = (shift: number) => Array.from({ length: d }, (_, i) => shift * cond ** (-i / (d - 1)));
    const s1 = withSpectrum(randomOrthogonal(rng, d), spec(2));
    const s2 = withSpectrum(randomOrthogonal(rng, d), spec(0.7));
    const m1 = Float64Array.from({ length: d }, () => rng.normal());
    const m2 = Float64Array.from({ length: d }, () => rng.normal());
    let dm = 0;
    m1.forEach((v, i) => (dm += (v - m2[i]!) ** 2));
    const want = dm + trace(s1, d) + trace(s2, d) - 2 * newtonSchulzTraceSqrt(naiveMatmul(s1, s2, d), d, 80);
    const got = frechetFromMoments(m1, s1, m2, s2, d);
    expect(Math.abs(got - want)).toBeLessThan(1e-9 * want);
    // Symmetric in its arguments, although S Σ2 S and the product are not.
    expect(Math.abs(frechetFromMoments(m2, s2, m1, s1, d) - got)).toBeLessThan(1e-10 * got);
  });

  it('rejects a covariance of the wrong size', () => {
    expect(() => frechetFromMoments(vec(0, 0), vec(1, 0, 0, 1), vec(0, 0), vec(1), 2)).toThrow('E_METRIC_DIMS');
  });
});

describe('frechetDistance on feature sets', () => {
  it.each([
    { name: 'n ≫ d', n: 2000, d: 16 },
    { name: 'n < d (singular covariance)', n: 10, d: 24 },
  ])('a set against itself is 0 ($name)', ({ n, d }) => {
    const rng = rngFor(n + d);
    const l = Float64Array.from({ length: d * d }, () => rng.normal());
    const x = correlatedRows(rng, n, Float64Array.from({ length: d }, (_, i) => i), l);
    const scale = trace(moments(x).cov, d);
    expect(frechetDistance(x, x)).toBeLessThan(1e-10 * scale);
  });

  it('converges to the closed form on large samples of two Gaussians', () => {
    const rng = rngFor(77);
    const d = 4;
    // L1 = diag(1, 2, 0.5, 1); L2 a lower-triangular factor, so Σ2 does not commute with Σ1.
    const l1 = diag([1, 2, 0.5, 1]);
    const l2 = Float64Array.of(1.5, 0, 0, 0, 0.3, 1, 0, 0, -0.2, 0.4, 0.8, 0, 0.1, 0.1, 0.1, 1.2);
    const mu1 = vec(0, 0, 0, 0);
    const mu2 = vec(1, 0, -0.5, 0);
    const n = 40_000;
    const x = correlatedRows(rng, n, mu1, l1);
    const y = correlatedRows(rng, n, mu2, l2);
    const lt = (l: Float64Array) => Float64Array.from({ length: d * d }, (_, i) => l[(i % d) * d + Math.floor(i / d)]!);
    const want = frechetFromMoments(mu1, naiveMatmul(l1, lt(l1), d), mu2, naiveMatmul(l2, lt(l2), d), d);
    const got = frechetDistance(x, y);
    // Sampling error of FD at n = 40k and d = 4 is ~1e-2 (bias ~ d²/n plus noise ~ 1/√n).
    expect(Math.abs(got - want)).toBeLessThan(0.03);
    expect(want).toBeGreaterThan(1);
  });

  it('accepts precomputed moments for either side and gives the same number', () => {
    const rng = rngFor(9);
    const x = gaussianRows(rng, 300, 8);
    const y = gaussianRows(rng, 200, 8, 0.3);
    const direct = frechetDistance(x, y);
    expect(frechetDistance(moments(x), y)).toBe(direct);
    expect(frechetDistance(x, moments(y))).toBe(direct);
  });

  it('reads Float32Array features', () => {
    const rng = rngFor(10);
    const x = gaussianRows(rng, 100, 5);
    const y = gaussianRows(rng, 100, 5, 1);
    const f32 = (m: typeof x) => featureMatrix(Float32Array.from(m.data), m.rows, m.cols);
    const a = frechetDistance(f32(x), f32(y));
    expect(Math.abs(a - frechetDistance(x, y))).toBeLessThan(1e-5);
  });

  it('rejects feature sets of different dimensions with E_METRIC_DIMS', () => {
    const rng = rngFor(1);
    expect(() => frechetDistance(gaussianRows(rng, 10, 3), gaussianRows(rng, 10, 4))).toThrow('E_METRIC_DIMS');
  });
});
