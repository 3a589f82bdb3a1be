import { describe, expect, it } from 'vitest';
import { classCoverage, classifierScore, featureMatrix, klToUniform } from '../../../lib/metrics';

/** n rows over c classes; row i puts `confidence` on class pick(i) and spreads the rest evenly. */
function predictions(n: number, c: number, pick: (i: number) => number, confidence = 1) {
  const p = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < c; j++) p[i * c + j] = (1 - confidence) / (c - 1);
    p[i * c + pick(i)] = confidence;
  }
  return featureMatrix(p, n, c);
}

describe('classifierScore', () => {
  it.each([
    { name: 'confident, uniform over 10 classes', probs: predictions(1000, 10, (i) => i % 10), score: 10 },
    { name: 'confident, uniform over 4 of 10 classes', probs: predictions(1000, 10, (i) => i % 4), score: 4 },
    { name: 'every sample the same class', probs: predictions(500, 10, () => 3), score: 1 },
    { name: 'every row uniform (no confidence)', probs: predictions(500, 10, (i) => i % 10, 0.1), score: 1 },
  ])('$name → $score', ({ probs, score }) => {
    const r = classifierScore(probs);
    expect(r.score).toBeCloseTo(score, 10);
    expect(r.std).toBe(0);
  });

  it('lies strictly between 1 and C for unsure predictions, and grows with confidence', () => {
    const scores = [0.3, 0.6, 0.9].map((conf) => classifierScore(predictions(1000, 10, (i) => i % 10, conf)).score);
    expect(scores[0]!).toBeGreaterThan(1);
    expect(scores[2]!).toBeLessThan(10);
    expect(scores[0]!).toBeLessThan(scores[1]!);
    expect(scores[1]!).toBeLessThan(scores[2]!);
  });

  it('with splits scores each contiguous part on its own marginal', () => {
    // First half all class 0, second half all class 1: each split alone has one class, so each scores 1,
    // while all rows together score 2.
    const probs = predictions(100, 5, (i) => (i < 50 ? 0 : 1));
    expect(classifierScore(probs).score).toBeCloseTo(2, 12);
    const r = classifierScore(probs, { splits: 2 });
    expect(Array.from(r.splitScores)).toEqual([1, 1]);
    expect(r.score).toBe(1);
  });

  it.each([
    { name: 'logits', probs: featureMatrix(Float64Array.of(2.3, -1, 0.5), 1, 3), code: 'E_METRIC_NOT_PROBABILITIES' },
    { name: 'a negative probability', probs: featureMatrix(Float64Array.of(1.2, -0.2), 1, 2), code: 'E_METRIC_NOT_PROBABILITIES' },
    { name: 'a NaN', probs: { data: Float64Array.of(NaN, 1), rows: 1, cols: 2 }, code: 'E_METRIC_NOT_FINITE' },
  ])('rejects $name with $code', ({ probs, code }) => {
    expect(() => classifierScore(probs)).toThrow(code);
  });

  it('accepts float32 softmax rows whose sums are off by rounding', () => {
    const p = Float32Array.of(0.1, 0.2, 0.7, 0.3, 0.3, 0.4);
    expect(classifierScore(featureMatrix(p, 2, 3)).score).toBeGreaterThan(1);
  });

  it('rejects splits larger than the row count', () => {
    expect(() => classifierScore(predictions(3, 2, () => 0), { splits: 4 })).toThrow('E_METRIC_PARAM');
  });
});

describe('classCoverage', () => {
  it.each([
    { name: 'all 10 classes evenly', probs: predictions(1000, 10, (i) => i % 10), covered: 10, kl: 0 },
    { name: 'one class', probs: predictions(1000, 10, () => 7), covered: 1, kl: Math.log(10) },
    { name: 'two of ten classes evenly', probs: predictions(1000, 10, (i) => (i % 2) * 5), covered: 2, kl: Math.log(5) },
    // Class 9 gets 5 of 1000 samples (0.5 %), below the default 1 % (a tenth of the fair 10 %): not covered.
    { name: 'nine classes plus a trickle of a tenth', probs: predictions(1000, 10, (i) => (i < 5 ? 9 : i % 9)), covered: 9, kl: null },
  ])('$name → $covered covered', ({ probs, covered, kl }) => {
    const r = classCoverage(probs);
    expect(r.classesCovered).toBe(covered);
    expect(r.totalClasses).toBe(10);
    expect(r.histogram.reduce((a, b) => a + b, 0)).toBe(1000);
    if (kl !== null) expect(r.klToUniform).toBeCloseTo(kl, 12);
  });

  it('counts a class at any share ≥ minShare', () => {
    const probs = predictions(1000, 10, (i) => (i < 5 ? 9 : i % 9));
    expect(classCoverage(probs, { minShare: 0.005 }).classesCovered).toBe(10);
    expect(classCoverage(probs, { minShare: 0.5 }).classesCovered).toBe(0);
    expect(() => classCoverage(probs, { minShare: 2 })).toThrow('E_METRIC_PARAM');
  });
});

describe('klToUniform', () => {
  it.each([
    { counts: [5, 5, 5, 5], kl: 0 },
    { counts: [8, 0, 0, 0], kl: Math.log(4) },
    { counts: [1, 1, 0, 0], kl: Math.log(2) },
    { counts: [3, 1], kl: 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5) },
    { counts: [0, 0, 0], kl: null },
  ])('$counts → $kl', ({ counts, kl }) => {
    const got = klToUniform(counts);
    if (kl === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(kl, 14);
  });
});
