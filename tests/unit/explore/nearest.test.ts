import { describe, expect, it } from 'vitest';
import { nearestRows, typicalNearestDistance } from '../../../lib/explore/nearest';
import { mulberry32 } from '../../../lib/rng';

const rows = (n: number, dim: number, seed: number) => {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: n * dim }, () => rng.normal());
};
const distance = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.hypot(...Array.from(a, (x, i) => x - b[i]!));

describe('nearest rows', () => {
  it('ranks the k nearest rows as a full sort of the distances does, nearest first', () => {
    const dim = 16;
    const pool = rows(500, dim, 1);
    const query = rows(1, dim, 2);
    const all = Array.from({ length: 500 }, (_, i) => ({ index: i, distance: distance(query, pool.subarray(i * dim, (i + 1) * dim)) })).sort((a, b) => a.distance - b.distance);
    const got = nearestRows(query, pool, dim, 8);
    expect(got.map((n) => n.index)).toEqual(all.slice(0, 8).map((n) => n.index));
    got.forEach((n, i) => expect(n.distance).toBeCloseTo(all[i]!.distance, 5));
  });

  it('finds an exact copy at distance 0, keeps ties in row order, leaves out `skip`, and returns all rows when k exceeds them', () => {
    const pool = Float32Array.of(0, 0, 3, 4, 1, 0, 3, 4, 0, 1);
    expect(nearestRows([3, 4], pool, 2, 2)).toEqual([
      { index: 1, distance: 0 },
      { index: 3, distance: 0 },
    ]);
    expect(nearestRows([3, 4], pool, 2, 1, 1)).toEqual([{ index: 3, distance: 0 }]);
    expect(nearestRows([0, 0], pool, 2, 10).map((n) => n.index)).toEqual([0, 2, 4, 1, 3]);
    expect(() => nearestRows([0, 0, 0], pool, 2, 1)).toThrow('a query of 3 features against a pool of 10 numbers in rows of 2');
  });

  it('the typical distance is the median of each row’s distance to its nearest other row', () => {
    // Points on a line at 0, 1, 3, 7: nearest-other distances 1, 1, 2, 4 — median 1.5.
    expect(typicalNearestDistance(Float32Array.of(0, 1, 3, 7), 1, 4)).toBe(1.5);
    // Only the first 3 rows are measured: 1, 1, 2.
    expect(typicalNearestDistance(Float32Array.of(0, 1, 3, 7), 1, 3)).toBe(1);
    expect(() => typicalNearestDistance(Float32Array.of(5), 1, 1)).toThrow('at least 2 rows');
  });
});
