import { describe, expect, it } from 'vitest';
import { covariance, featureMatrix, matmul, mean, MetricError, moments, sqrtmPsd, symmetricEigen, trace, traceSqrtPsd } from '../../../lib/metrics';
import { diag, naiveMatmul, randomOrthogonal, relFrobenius, rngFor, withSpectrum } from './helpers';

type EigenCase = { name: string; a: Float64Array; n: number; values: number[]; tol: number };

const q6 = randomOrthogonal(rngFor(11), 6);
const q40 = randomOrthogonal(rngFor(12), 40);
const spectrum40 = Array.from({ length: 40 }, (_, i) => (i - 20) * 0.37);

const EIGEN_CASES: EigenCase[] = [
  { name: '1 × 1', a: Float64Array.of(-2.5), n: 1, values: [-2.5], tol: 0 },
  { name: 'zero matrix', a: new Float64Array(9), n: 3, values: [0, 0, 0], tol: 0 },
  { name: 'diagonal, unsorted', a: diag([3, -1, 2, 0.5]), n: 4, values: [-1, 0.5, 2, 3], tol: 1e-15 },
  // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
  { name: '2 × 2 closed form', a: Float64Array.of(2, 1, 1, 2), n: 2, values: [1, 3], tol: 1e-15 },
  { name: 'repeated eigenvalues', a: withSpectrum(q6, [2, 2, 2, 5, 5, -1]), n: 6, values: [-1, 2, 2, 2, 5, 5], tol: 1e-13 },
  { name: 'random 40 × 40, known spectrum', a: withSpectrum(q40, spectrum40), n: 40, values: [...spectrum40].sort((x, y) => x - y), tol: 1e-12 },
];

describe('symmetricEigen', () => {
  it.each(EIGEN_CASES)('$name: values, A v = λ v, VᵀV = I', ({ a, n, values, tol }) => {
    const eig = symmetricEigen(a, n);
    values.forEach((v, k) => expect(Math.abs(eig.values[k]! - v)).toBeLessThanOrEqual(tol));
    const v = eig.vectors!;
    let scale = 1;
    for (const x of values) scale = Math.max(scale, Math.abs(x));
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j]! * v[k * n + j]!;
        expect(Math.abs(av - eig.values[k]! * v[k * n + i]!)).toBeLessThan(1e-12 * scale);
      }
      for (let l = 0; l < n; l++) {
        let dot = 0;
        for (let j = 0; j < n; j++) dot += v[k * n + j]! * v[l * n + j]!;
        expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-13);
      }
    }
  });

  it.each(EIGEN_CASES)('$name: the values-only path gives the same spectrum', ({ a, n }) => {
    const full = symmetricEigen(a, n).values;
    const only = symmetricEigen(a, n, { vectors: false });
    expect(only.vectors).toBeNull();
    expect(Array.from(only.values)).toEqual(Array.from(full));
  });

  it('handles d = 256 with a residual near machine precision', () => {
    const rng = rngFor(3);
    const n = 256;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const x = rng.normal();
        a[i * n + j] = x;
        a[j * n + i] = x;
      }
    }
    const { values, vectors } = symmetricEigen(a, n);
    // ‖A V − V Λ‖_F / ‖A‖_F: backward stability says O(n ε).
    let num = 0;
    let den = 0;
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j]! * vectors![k * n + j]!;
        num += (av - values[k]! * vectors![k * n + i]!) ** 2;
        den += a[k * n + i]! ** 2;
      }
    }
    expect(Math.sqrt(num / den)).toBeLessThan(1e-13);
  });

  it.each([
    { name: 'wrong length', a: new Float64Array(5), n: 2, code: 'E_METRIC_SHAPE' },
    { name: 'NaN entry', a: Float64Array.of(1, NaN, NaN, 1), n: 2, code: 'E_METRIC_NOT_FINITE' },
  ])('rejects $name with $code', ({ a, n, code }) => {
    expect(() => symmetricEigen(a, n)).toThrow(MetricError);
    expect(() => symmetricEigen(a, n)).toThrow(code);
  });
});

describe('sqrtmPsd', () => {
  it.each([
    { name: 'condition number 1e8', d: 48, lo: -8 },
    { name: 'condition number 1e12', d: 48, lo: -12 },
    { name: 'd = 128, condition number 1e8', d: 128, lo: -8 },
  ])('$name: ‖sqrtm(A)² − A‖ / ‖A‖ < 1e-12', ({ d, lo }) => {
    const spectrum = Array.from({ length: d }, (_, i) => 10 ** ((lo * i) / (d - 1)));
    const a = withSpectrum(randomOrthogonal(rngFor(d), d), spectrum);
    const s = sqrtmPsd(a, d);
    expect(relFrobenius(naiveMatmul(s, s, d), a)).toBeLessThan(1e-12);
    // The root itself is symmetric and its trace is Σ√λ.
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) expect(s[i * d + j]).toBe(s[j * d + i]);
    // Σ√λ: eigenvalues carry absolute error ~ε‖A‖, so the smallest roots are only good to ~√ε absolutely.
    const want = spectrum.reduce((t, x) => t + Math.sqrt(x), 0);
    expect(Math.abs(trace(s, d) - want) / want).toBeLessThan(1e-10);
    expect(Math.abs(traceSqrtPsd(a, d) - want) / want).toBeLessThan(1e-10);
  });

  it('clamps the rounding negatives of a singular PSD matrix to 0 instead of returning NaN', () => {
    // Rank 3 of 10: the 7 zero eigenvalues come out as ±1e-16 or so.
    const spectrum = [4, 1, 0.25, 0, 0, 0, 0, 0, 0, 0];
    const a = withSpectrum(randomOrthogonal(rngFor(5), 10), spectrum);
    const s = sqrtmPsd(a, 10);
    expect(s.every(Number.isFinite)).toBe(true);
    expect(relFrobenius(naiveMatmul(s, s, 10), a)).toBeLessThan(1e-7);
    expect(traceSqrtPsd(a, 10)).toBeCloseTo(2 + 1 + 0.5, 6);
  });
});

describe('matmul and trace', () => {
  it('agrees with the naive triple loop', () => {
    const rng = rngFor(8);
    const n = 17;
    const a = Float64Array.from({ length: n * n }, () => rng.normal());
    const b = Float64Array.from({ length: n * n }, () => rng.normal());
    expect(relFrobenius(matmul(a, b, n), naiveMatmul(a, b, n))).toBeLessThan(1e-15);
    expect(trace(diag([1, 2, 3]), 3)).toBe(6);
  });
});

describe('mean and covariance', () => {
  /** Textbook two-pass definitions, one entry at a time. */
  function naiveMoments(data: ArrayLike<number>, n: number, d: number) {
    const mu = Array.from({ length: d }, (_, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += data[i * d + j]!;
      return s / n;
    });
    const cov = new Float64Array(d * d);
    for (let p = 0; p < d; p++) {
      for (let q = 0; q < d; q++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (data[i * d + p]! - mu[p]!) * (data[i * d + q]! - mu[q]!);
        cov[p * d + q] = s / (n - 1);
      }
    }
    return { mu, cov };
  }

  // Row counts around the 8-row block of the fast loop, so the remainder path runs too.
  it.each([
    { n: 2, d: 1 },
    { n: 7, d: 3 },
    { n: 8, d: 5 },
    { n: 29, d: 13 },
    { n: 300, d: 33 },
  ])('n = $n, d = $d: matches the naive two-pass definition', ({ n, d }) => {
    const rng = rngFor(n * 100 + d);
    const data = Float64Array.from({ length: n * d }, () => rng.normal() * 3 + 1);
    const want = naiveMoments(data, n, d);
    const x = featureMatrix(data, n, d);
    const mu = mean(x);
    want.mu.forEach((m, j) => expect(mu[j]).toBeCloseTo(m, 13));
    const cov = covariance(x);
    expect(relFrobenius(cov, want.cov)).toBeLessThan(1e-14);
    for (let p = 0; p < d; p++) for (let q = 0; q < p; q++) expect(cov[p * d + q]).toBe(cov[q * d + p]);
  });

  it('stays accurate with a large common offset (no E[xxᵀ] − μμᵀ cancellation)', () => {
    const rng = rngFor(21);
    const n = 1000;
    const d = 4;
    const data = Float64Array.from({ length: n * d }, () => 1e8 + rng.normal());
    const shifted = data.map((v) => v - 1e8);
    const a = covariance(featureMatrix(data, n, d));
    const b = covariance(featureMatrix(shifted, n, d));
    // Shifting by 1e8 loses ~1e-8 of each value to rounding before the covariance even starts.
    expect(relFrobenius(a, b)).toBeLessThan(1e-6);
  });

  it('reads Float32Array features (as tfjs returns them) in float64', () => {
    const rng = rngFor(4);
    const n = 50;
    const d = 6;
    const f32 = Float32Array.from({ length: n * d }, () => rng.normal());
    const a = moments(featureMatrix(f32, n, d));
    const b = moments(featureMatrix(Float64Array.from(f32), n, d));
    expect(Array.from(a.cov)).toEqual(Array.from(b.cov));
    expect(a.count).toBe(n);
    expect(a.dim).toBe(d);
  });

  it.each([
    { name: 'length does not match rows × cols', make: () => covariance({ data: new Float64Array(5), rows: 2, cols: 3 }), code: 'E_METRIC_SHAPE' },
    { name: 'a single row', make: () => covariance(featureMatrix(new Float64Array(3), 1, 3)), code: 'E_METRIC_TOO_FEW' },
    { name: 'an Infinity', make: () => mean({ data: Float64Array.of(1, Infinity), rows: 1, cols: 2 }), code: 'E_METRIC_NOT_FINITE' },
  ])('rejects $name with $code', ({ make, code }) => {
    expect(make).toThrow(code);
  });
});
