import { describe, expect, it } from 'vitest';
import { featureMatrix, knnRadiiSq, precisionRecall, type FeatureMatrix } from '../../../lib/metrics';
import type { Rng } from '../../../lib/rng';
import { gaussianRows, rngFor } from './helpers';

/** `perCluster` points around each chosen centre c·10·(1, 1, …) with standard deviation 0.5, in d dimensions. */
function clusters(rng: Rng, centres: readonly number[], perCluster: number, d: number): FeatureMatrix {
  const n = centres.length * perCluster;
  const x = new Float64Array(n * d);
  centres.forEach((c, ci) => {
    for (let i = 0; i < perCluster; i++) for (let j = 0; j < d; j++) x[(ci * perCluster + i) * d + j] = 10 * c * (j % 2 === 0 ? 1 : -1) + 0.5 * rng.normal();
  });
  return featureMatrix(x, n, d);
}

/** Kynkäänniemi et al.'s algorithm written out directly: every distance by differences, sorted. */
function naivePrecisionRecall(real: FeatureMatrix, gen: FeatureMatrix, k: number) {
  const dist = (a: FeatureMatrix, i: number, b: FeatureMatrix, j: number) => {
    let s = 0;
    for (let c = 0; c < a.cols; c++) s += (a.data[i * a.cols + c]! - b.data[j * b.cols + c]!) ** 2;
    return Math.sqrt(s);
  };
  const radii = (x: FeatureMatrix) =>
    Array.from({ length: x.rows }, (_, i) => {
      const ds = Array.from({ length: x.rows }, (_, j) => dist(x, i, x, j)).sort((a, b) => a - b);
      return ds[k]!; // ds[0] is the point itself
    });
  const shareInside = (q: FeatureMatrix, ref: FeatureMatrix, r: number[]) => {
    let inside = 0;
    for (let i = 0; i < q.rows; i++) if (r.some((ri, j) => dist(q, i, ref, j) <= ri)) inside++;
    return inside / q.rows;
  };
  return { precision: shareInside(gen, real, radii(real)), recall: shareInside(real, gen, radii(gen)) };
}

const line = (...v: number[]) => featureMatrix(Float64Array.from(v), v.length, 1);

describe('precisionRecall', () => {
  it.each([
    // Hand-worked, 1-D, k = 1: real radii are all 1; generated radii are both 6.
    // 4 lies exactly on the radius of 3 (counts as inside), 10 is 7 away: precision 1/2. Every real point is within 6 of 4.
    { name: 'hand-worked boundary case', real: line(0, 1, 2, 3), gen: line(4, 10), k: 1, precision: 0.5, recall: 1 },
    { name: 'identical sets', real: gaussianRows(rngFor(1), 300, 8), gen: gaussianRows(rngFor(1), 300, 8), k: 3, precision: 1, recall: 1 },
    { name: 'far-apart clusters', real: gaussianRows(rngFor(2), 200, 8), gen: gaussianRows(rngFor(3), 200, 8, 100), k: 3, precision: 0, recall: 0 },
  ])('$name: precision $precision, recall $recall', ({ real, gen, k, precision, recall }) => {
    expect(precisionRecall(real, gen, { k })).toEqual({ precision, recall });
  });

  it('a generator covering half of the real clusters: recall ≈ 0.5, precision ≈ 1', () => {
    const real = clusters(rngFor(4), [0, 1, 2, 3, 4, 5, 6, 7], 100, 3);
    const gen = clusters(rngFor(5), [0, 2, 4, 6], 200, 3);
    const { precision, recall } = precisionRecall(real, gen);
    // A k-NN manifold of a finite sample misses a few percent of fresh points from the same distribution.
    expect(precision).toBeGreaterThan(0.93);
    expect(recall).toBeGreaterThan(0.45);
    expect(recall).toBeLessThanOrEqual(0.5);
  });

  it.each([
    { nr: 41, ng: 33, d: 5, k: 3, shift: 0.4 },
    { nr: 17, ng: 60, d: 2, k: 1, shift: 1 },
    { nr: 50, ng: 49, d: 12, k: 5, shift: 0 },
  ])('matches a naive implementation (n_r = $nr, n_g = $ng, d = $d, k = $k)', ({ nr, ng, d, k, shift }) => {
    const real = gaussianRows(rngFor(nr), nr, d);
    const gen = gaussianRows(rngFor(ng + 1000), ng, d, shift);
    expect(precisionRecall(real, gen, { k })).toEqual(naivePrecisionRecall(real, gen, k));
  });

  it('does not lose accuracy to a large common offset', () => {
    const real = gaussianRows(rngFor(20), 120, 6);
    const gen = gaussianRows(rngFor(21), 120, 6, 0.5);
    const far = (m: FeatureMatrix) => featureMatrix(m.data.map((v) => v + 1e6), m.rows, m.cols);
    expect(precisionRecall(far(real), far(gen))).toEqual(precisionRecall(real, gen));
  });

  it('a larger k grows both manifolds, so neither number decreases', () => {
    const real = gaussianRows(rngFor(6), 200, 5);
    const gen = gaussianRows(rngFor(7), 200, 5, 0.7);
    let last = { precision: 0, recall: 0 };
    for (const k of [1, 3, 5, 10]) {
      const pr = precisionRecall(real, gen, { k });
      expect(pr.precision).toBeGreaterThanOrEqual(last.precision);
      expect(pr.recall).toBeGreaterThanOrEqual(last.recall);
      last = pr;
    }
    expect(last.precision).toBeLessThan(1);
  });

  it('reads Float32Array features', () => {
    const real = gaussianRows(rngFor(8), 100, 4);
    const gen = gaussianRows(rngFor(9), 100, 4, 0.5);
    const f32 = (m: FeatureMatrix) => featureMatrix(Float32Array.from(m.data), m.rows, m.cols);
    const a = precisionRecall(f32(real), f32(gen));
    expect(a.precision).toBeGreaterThan(0.5);
    expect(a.recall).toBeGreaterThan(0.5);
  });

  it.each([
    { name: 'k = 0', real: line(0, 1, 2), gen: line(0, 1, 2), k: 0, code: 'E_METRIC_PARAM' },
    { name: 'no more rows than k', real: line(0, 1, 2), gen: line(0, 1, 2), k: 3, code: 'E_METRIC_TOO_FEW' },
    { name: 'different dimensions', real: line(0, 1, 2, 3, 4), gen: featureMatrix(new Float64Array(10), 5, 2), k: 3, code: 'E_METRIC_DIMS' },
  ])('rejects $name with $code', ({ real, gen, k, code }) => {
    expect(() => precisionRecall(real, gen, { k })).toThrow(code);
  });
});

describe('knnRadiiSq', () => {
  it.each([1, 3, 7])('k = %i matches sorting every distance (self excluded)', (k) => {
    const x = gaussianRows(rngFor(10 + k), 37, 3);
    const radii = knnRadiiSq(x, k);
    for (let i = 0; i < x.rows; i++) {
      const dists: number[] = [];
      for (let j = 0; j < x.rows; j++) {
        if (j === i) continue;
        let s = 0;
        for (let c = 0; c < 3; c++) s += (x.data[i * 3 + c]! - x.data[j * 3 + c]!) ** 2;
        dists.push(s);
      }
      dists.sort((a, b) => a - b);
      expect(Math.abs(radii[i]! - dists[k - 1]!)).toBeLessThan(1e-12 * dists[k - 1]!);
    }
  });

  it('gives radius 0 to a point duplicated k times, and duplicates still count as inside', () => {
    const real = line(5, 5, 5, 5, 9);
    expect(Array.from(knnRadiiSq(real, 3))).toEqual([0, 0, 0, 0, 16]);
    expect(precisionRecall(real, line(5, 5, 5, 5, 9)).precision).toBe(1);
  });
});
