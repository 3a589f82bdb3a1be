/**
 * Nearest neighbours in a feature space, for the latent explorer's memorisation check: which training images a
 * generated sample is closest to in the MNIST classifier's features. Plain arrays, no tfjs; a brute-force scan, since
 * the pool is a few thousand rows of 128 (a k-d tree would not pay in 128 dimensions).
 */

/**
 * The explorer's search: the first 5,000 training images of gan eval's fixed shuffle (embedded once per worker, ~5 s
 * on wasm), and the 8 nearest shown.
 */
export const NEAREST_POOL = 5_000;
export const NEAREST_K = 8;

/** Row-major feature rows (the classifier's features come as either). */
export type Rows = Float32Array | Float64Array;

export type Neighbour = { /** Row of the pool. */ index: number; /** Euclidean distance to the query. */ distance: number };

function squaredDistance(a: ArrayLike<number>, aStart: number, b: ArrayLike<number>, bStart: number, dim: number): number {
  let s = 0;
  for (let j = 0; j < dim; j++) {
    const d = a[aStart + j]! - b[bStart + j]!;
    s += d * d;
  }
  return s;
}

/**
 * The `k` rows of `pool` (row-major, `dim` columns) nearest to `query` (one row of `dim`), nearest first; equal
 * distances keep the lower row first, so the answer does not depend on the scan. `skip` leaves one row out (a pool
 * row's own neighbours).
 */
export function nearestRows(query: ArrayLike<number>, pool: Rows, dim: number, k: number, skip = -1): Neighbour[] {
  const rows = pool.length / dim;
  if (query.length !== dim || !Number.isInteger(rows)) throw new Error(`a query of ${query.length} features against a pool of ${pool.length} numbers in rows of ${dim}`);
  const best: { index: number; d2: number }[] = [];
  for (let i = 0; i < rows; i++) {
    if (i === skip) continue;
    const d2 = squaredDistance(query, 0, pool, i * dim, dim);
    if (best.length === k && !(d2 < best[k - 1]!.d2)) continue;
    // Insertion into the short sorted list: O(k) per row kept, and most rows are not kept.
    let at = best.length;
    while (at > 0 && best[at - 1]!.d2 > d2) at--;
    best.splice(at, 0, { index: i, d2 });
    if (best.length > k) best.pop();
  }
  return best.map((b) => ({ index: b.index, distance: Math.sqrt(b.d2) }));
}

/**
 * The median distance from a pool row to its nearest other row, over the first `sample` rows: the scale a sample's
 * distances are read against. A generated image much closer to a training image than training images are to each
 * other is a near-copy of it.
 */
export function typicalNearestDistance(pool: Rows, dim: number, sample: number): number {
  const rows = pool.length / dim;
  const n = Math.min(sample, rows);
  if (rows < 2 || n < 1) throw new Error(`the median nearest-neighbour distance needs at least 2 rows; the pool has ${rows}`);
  const nearest = Array.from({ length: n }, (_, i) => nearestRows(pool.subarray(i * dim, (i + 1) * dim), pool, dim, 1, i)[0]!.distance);
  nearest.sort((a, b) => a - b);
  return n % 2 ? nearest[(n - 1) / 2]! : (nearest[n / 2 - 1]! + nearest[n / 2]!) / 2;
}
