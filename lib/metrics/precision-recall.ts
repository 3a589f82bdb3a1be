import { MetricError } from './errors';
import { checkFeatures, checkSameDims, type FeatureMatrix } from './features';
import { dot, dots1x4, dots2x4 } from './linalg';
import { mean } from './moments';

export type PrecisionRecall = { precision: number; recall: number };

/**
 * Improved precision and recall (Kynkäänniemi, Karras, Laine, Lehtinen & Aila 2019, "Improved Precision and Recall
 * Metric for Assessing Generative Models", §2). Each set's manifold is the union of balls around its samples, each
 * ball reaching that sample's k-th nearest neighbour in the same set (k = 3 as in the paper). Precision is the share
 * of generated samples inside the real manifold (quality); recall the share of real samples inside the generated
 * manifold (coverage). A sample on a ball's boundary counts as inside (the reference code's `distance <= radius`).
 *
 * Brute force, O((n_r + n_g)² · d): exact neighbours, no index to build. A sample's own distance 0 is skipped when
 * finding its neighbours, as the reference code does by taking the (k+1)-th smallest.
 */
export function precisionRecall(real: FeatureMatrix, generated: FeatureMatrix, opts: { k?: number } = {}): PrecisionRecall {
  const k = opts.k ?? 3;
  if (!Number.isInteger(k) || k < 1) throw new MetricError('E_METRIC_PARAM', `k must be a whole number ≥ 1; got ${k}.`);
  checkFeatures(real, 'real features', k + 1);
  checkFeatures(generated, 'generated features', k + 1);
  checkSameDims(real, generated);
  const centre = mean(real);
  const r = prepare(real, centre);
  const g = prepare(generated, centre);
  return {
    precision: share(g, r, radiiSq(r, k)),
    recall: share(r, g, radiiSq(g, k)),
  };
}

/** Squared distance from each row to its k-th nearest other row. */
export function knnRadiiSq(x: FeatureMatrix, k: number): Float64Array {
  if (!Number.isInteger(k) || k < 1) throw new MetricError('E_METRIC_PARAM', `k must be a whole number ≥ 1; got ${k}.`);
  checkFeatures(x, 'features', k + 1);
  return radiiSq(prepare(x, mean(x)), k);
}

/**
 * Rows centred on a common point, with their squared norms. Distances come from ‖a‖² + ‖b‖² − 2aᵀb, which lets the
 * inner loop be a register-tiled dot product (about twice as fast as summing squared differences). Centring first
 * keeps that form accurate: distances do not change under translation, but a large common offset would otherwise
 * cancel catastrophically. The norms are each row's `dot` with itself, so for equal rows the distance comes out
 * exactly 0.
 */
type Prepared = { readonly x: Float64Array; readonly norms: Float64Array; readonly n: number; readonly d: number };

function prepare(m: FeatureMatrix, centre: Float64Array): Prepared {
  const { data, rows: n, cols: d } = m;
  const x = new Float64Array(n * d);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) x[i * d + c] = data[i * d + c]! - centre[c]!;
    norms[i] = dot(x, i * d, x, i * d, d);
  }
  return { x, norms, n, d };
}

/** Each pair is measured once and offered to both rows' sorted k-lists; rows are taken two at a time. */
function radiiSq(p: Prepared, k: number): Float64Array {
  const { x, norms, n, d } = p;
  const best = new Float64Array(n * k).fill(Infinity);
  const s = new Float64Array(8);
  const sq = (a: number, b: number, dot: number) => Math.max(0, norms[a]! + norms[b]! - 2 * dot);
  for (let i = 0; i < n; i += 2) {
    // With n odd the last row is paired with itself; its second-row results are ignored.
    const i1 = Math.min(i + 1, n - 1);
    const pair = i1 !== i;
    if (pair) {
      const v = sq(i, i1, dot(x, i * d, x, i1 * d, d));
      offer(best, i * k, k, v);
      offer(best, i1 * k, k, v);
    }
    let j = i + 2;
    for (; j + 3 < n; j += 4) {
      dots2x4(x, i * d, i1 * d, x, j * d, d, s);
      for (let t = 0; t < 4; t++) {
        const v0 = sq(i, j + t, s[t]!);
        offer(best, i * k, k, v0);
        offer(best, (j + t) * k, k, v0);
        if (pair) {
          const v1 = sq(i1, j + t, s[4 + t]!);
          offer(best, i1 * k, k, v1);
          offer(best, (j + t) * k, k, v1);
        }
      }
    }
    for (; j < n; j++) {
      const v0 = sq(i, j, dot(x, i * d, x, j * d, d));
      offer(best, i * k, k, v0);
      offer(best, j * k, k, v0);
      if (pair) {
        const v1 = sq(i1, j, dot(x, i1 * d, x, j * d, d));
        offer(best, i1 * k, k, v1);
        offer(best, j * k, k, v1);
      }
    }
  }
  const radii = new Float64Array(n);
  for (let i = 0; i < n; i++) radii[i] = best[i * k + k - 1]!;
  return radii;
}

/** Inserts v into the ascending list best[o .. o+k) if it belongs there, dropping the largest. */
function offer(best: Float64Array, o: number, k: number, v: number): void {
  if (v >= best[o + k - 1]!) return;
  let p = o + k - 1;
  while (p > o && best[p - 1]! > v) {
    best[p] = best[p - 1]!;
    p--;
  }
  best[p] = v;
}

/**
 * Share of query rows inside some reference ball. Queries go two at a time through the 2 × 4 tile; once one of the
 * two has found its ball, the other goes on alone, so no dot product is computed for a query already decided.
 */
function share(q: Prepared, ref: Prepared, radii: Float64Array): number {
  const d = q.d;
  const s = new Float64Array(8);
  let inside = 0;
  for (let i = 0; i < q.n; i += 2) {
    const i1 = Math.min(i + 1, q.n - 1);
    const pair = i1 !== i;
    let hit0 = false;
    let hit1 = !pair;
    let j = 0;
    for (; j + 3 < ref.n && !hit0 && !hit1; j += 4) {
      dots2x4(q.x, i * d, i1 * d, ref.x, j * d, d, s);
      for (let t = 0; t < 4; t++) {
        if (within(q, i, ref, j + t, s[t]!, radii)) hit0 = true;
        if (within(q, i1, ref, j + t, s[4 + t]!, radii)) hit1 = true;
      }
    }
    if (!hit0) hit0 = scanFrom(q, i, ref, radii, j, s);
    if (!hit1) hit1 = scanFrom(q, i1, ref, radii, j, s);
    if (hit0) inside++;
    if (pair && hit1) inside++;
  }
  return inside / q.n;
}

/** Whether query row qi lies in any reference ball from row j on; stops at the first. */
function scanFrom(q: Prepared, qi: number, ref: Prepared, radii: Float64Array, j: number, s: Float64Array): boolean {
  const d = q.d;
  const qo = qi * d;
  for (; j + 3 < ref.n; j += 4) {
    dots1x4(q.x, qo, ref.x, j * d, d, s);
    for (let t = 0; t < 4; t++) if (within(q, qi, ref, j + t, s[t]!, radii)) return true;
  }
  for (; j < ref.n; j++) if (within(q, qi, ref, j, dot(q.x, qo, ref.x, j * d, d), radii)) return true;
  return false;
}

/** Whether query row qi, with dot product `dp` with reference row j, lies in that row's ball: ‖q‖² + ‖r‖² − 2qᵀr ≤ r². */
function within(q: Prepared, qi: number, ref: Prepared, j: number, dp: number, radii: Float64Array): boolean {
  return q.norms[qi]! + ref.norms[j]! - 2 * dp <= radii[j]!;
}
