import { describe, expect, it } from 'vitest';
import { featureMatrix, kid, polynomialKernel, polynomialMmd2Unbiased, type FeatureMatrix } from '../../../lib/metrics';
import { gaussianRows, rngFor } from './helpers';

const row = (x: FeatureMatrix, i: number) => x.data.subarray(i * x.cols, (i + 1) * x.cols);

/** The estimator written out term by term from Gretton et al. 2012, eq. 3. */
function naiveMmd2(x: FeatureMatrix, y: FeatureMatrix): number {
  const m = x.rows;
  const n = y.rows;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) xx += polynomialKernel(row(x, i), row(x, j));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) yy += polynomialKernel(row(y, i), row(y, j));
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) xy += polynomialKernel(row(x, i), row(y, j));
  return xx / (m * (m - 1)) + yy / (n * (n - 1)) - (2 * xy) / (m * n);
}

describe('polynomial kernel MMD²', () => {
  it('k(x, y) = (xᵀy / d + 1)³', () => {
    expect(polynomialKernel([1, 2], [3, 4])).toBe((11 / 2 + 1) ** 3);
    expect(polynomialKernel([0, 0, 0], [5, 6, 7])).toBe(1);
  });

  it.each([
    { m: 7, n: 7, d: 3 },
    { m: 13, n: 6, d: 5 },
    { m: 2, n: 9, d: 1 },
  ])('matches the term-by-term estimator (m = $m, n = $n, d = $d)', ({ m, n, d }) => {
    const rng = rngFor(m * n * d);
    const x = gaussianRows(rng, m, d);
    const y = gaussianRows(rng, n, d, 0.5);
    expect(polynomialMmd2Unbiased(x, y)).toBeCloseTo(naiveMmd2(x, y), 12);
  });

  it('is unbiased: over many draws from one distribution the mean is 0 within 4 standard errors, and single draws go negative', () => {
    const draws = 300;
    const values: number[] = [];
    for (let s = 0; s < draws; s++) {
      const rng = rngFor(1000 + s);
      values.push(polynomialMmd2Unbiased(gaussianRows(rng, 60, 8), gaussianRows(rng, 60, 8)));
    }
    const mean = values.reduce((a, b) => a + b, 0) / draws;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws - 1));
    expect(Math.abs(mean)).toBeLessThan((4 * sd) / Math.sqrt(draws));
    expect(values.filter((v) => v < 0).length).toBeGreaterThan(draws / 5);
  });

  it('is clearly positive between different distributions', () => {
    const rng = rngFor(5);
    const x = gaussianRows(rng, 200, 8);
    const same = gaussianRows(rng, 200, 8);
    const shifted = gaussianRows(rng, 200, 8, 0.5);
    const far = polynomialMmd2Unbiased(x, shifted);
    expect(far).toBeGreaterThan(0.1);
    expect(far).toBeGreaterThan(20 * Math.abs(polynomialMmd2Unbiased(x, same)));
  });
});

describe('kid (subset average)', () => {
  const rng = rngFor(42);
  const real = gaussianRows(rng, 400, 16);
  const same = gaussianRows(rng, 400, 16);
  const other = gaussianRows(rng, 400, 16, 0.3);

  it('is near 0 for one distribution, with negative subsets, and well above 0 for another', () => {
    const a = kid(real, same, { subsets: 20, subsetSize: 100 });
    const b = kid(real, other, { subsets: 20, subsetSize: 100 });
    // std is the spread of single subsets, not the standard error of their mean.
    expect(Math.abs(a.mean)).toBeLessThan(a.std);
    expect(a.values.some((v) => v < 0)).toBe(true);
    expect(b.values.every((v) => v > 0)).toBe(true);
    expect(b.mean).toBeGreaterThan(3 * b.std);
    expect(b.mean).toBeGreaterThan(20 * Math.abs(a.mean));
    expect(a.values.length).toBe(20);
  });

  it('reports the mean and population std of the per-subset values', () => {
    const r = kid(real, other, { subsets: 7, subsetSize: 50 });
    const mean = r.values.reduce((s, v) => s + v, 0) / 7;
    const std = Math.sqrt(r.values.reduce((s, v) => s + (v - mean) ** 2, 0) / 7);
    expect(r.mean).toBeCloseTo(mean, 14);
    expect(r.std).toBeCloseTo(std, 14);
  });

  it('is reproducible from its seed and changes with it', () => {
    const opts = { subsets: 3, subsetSize: 60 };
    expect(kid(real, other, { ...opts, seed: 1 }).values).toEqual(kid(real, other, { ...opts, seed: 1 }).values);
    expect(kid(real, other, { ...opts, seed: 1 }).mean).not.toBe(kid(real, other, { ...opts, seed: 2 }).mean);
  });

  it('with one subset holding every sample equals the whole-set estimator', () => {
    const x = gaussianRows(rngFor(3), 40, 4);
    const y = gaussianRows(rngFor(4), 40, 4, 1);
    const r = kid(x, y, { subsets: 1, subsetSize: 40 });
    // Same pairs, summed in another order.
    expect(r.mean).toBeCloseTo(polynomialMmd2Unbiased(x, y), 12);
    expect(r.std).toBe(0);
  });

  it.each([
    { name: 'subsetSize above the smaller set', opts: { subsetSize: 401 }, code: 'E_METRIC_TOO_FEW' },
    { name: 'subsetSize 1', opts: { subsetSize: 1 }, code: 'E_METRIC_PARAM' },
    { name: 'zero subsets', opts: { subsets: 0, subsetSize: 10 }, code: 'E_METRIC_PARAM' },
  ])('rejects $name with $code', ({ opts, code }) => {
    expect(() => kid(real, same, opts)).toThrow(code);
  });

  it('rejects sets of different dimensions', () => {
    expect(() => kid(real, featureMatrix(new Float64Array(40), 10, 4), { subsetSize: 5 })).toThrow('E_METRIC_DIMS');
  });
});
