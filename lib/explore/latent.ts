import { symmetricEigen } from '../metrics/eigen';
import type { Rng } from '../rng';

/**
 * Latent-space arithmetic for exploring a trained generator: paths between two noise vectors, directions to sweep
 * along, and the grids built from them. Plain arrays, no tfjs: the explorer turns the vectors into one batch for G.
 */

export type Vector = Float32Array;
export type InterpolationMode = 'linear' | 'spherical';

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** (1 − t)·a + t·b. */
export function lerp(a: Vector, b: Vector, t: number): Vector {
  return a.map((x, i) => x + t * (b[i]! - x));
}

/**
 * Spherical interpolation (Shoemake 1985), as White 2016 ("Sampling Generative Networks") recommends for Gaussian
 * latents: a linear path between two draws passes near the origin, where a d-dimensional Gaussian has almost no mass
 * (its norm concentrates at √d), so midpoints look unlike any sample; the great-circle path keeps the norm typical.
 * Falls back to lerp for (anti)parallel vectors, where the arc is undefined.
 */
export function slerp(a: Vector, b: Vector, t: number): Vector {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return lerp(a, b, t);
  let cos = 0;
  for (let i = 0; i < a.length; i++) cos += (a[i]! / na) * (b[i]! / nb);
  const omega = Math.acos(Math.min(1, Math.max(-1, cos)));
  const s = Math.sin(omega);
  if (s < 1e-6) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / s;
  const wb = Math.sin(t * omega) / s;
  return a.map((x, i) => wa * x + wb * b[i]!);
}

/** `steps` vectors from a to b inclusive (steps ≥ 2). */
export function interpolate(a: Vector, b: Vector, steps: number, mode: InterpolationMode): Vector[] {
  if (a.length !== b.length) throw new Error(`the two noise vectors differ in length: ${a.length} and ${b.length}`);
  const n = Math.max(2, Math.floor(steps));
  const f = mode === 'spherical' ? slerp : lerp;
  return Array.from({ length: n }, (_, i) => f(a, b, i / (n - 1)));
}

/** z + s·d for each s: a sweep along one direction (unit length, so s is in the latent's standard deviations). */
export function sweep(z: Vector, direction: Vector, offsets: readonly number[]): Vector[] {
  return offsets.map((s) => z.map((x, i) => x + s * direction[i]!));
}

/** k random orthonormal directions in `dim` dimensions (Gaussian draws, Gram–Schmidt). */
export function randomDirections(dim: number, k: number, rng: Rng): Vector[] {
  if (k > dim) throw new Error(`at most ${dim} independent directions exist in a ${dim}-dimensional latent; asked for ${k}`);
  const out: Vector[] = [];
  while (out.length < k) {
    const v = Float32Array.from({ length: dim }, () => rng.normal());
    for (const u of out) {
      let d = 0;
      for (let i = 0; i < dim; i++) d += v[i]! * u[i]!;
      for (let i = 0; i < dim; i++) v[i]! -= d * u[i]!;
    }
    const n = norm(v);
    // A draw (almost) in the span of the others carries no new direction: draw again.
    if (n > 1e-3) out.push(v.map((x) => x / n));
  }
  return out;
}

export type LatentDirection = { direction: Vector; /** Share of the features' variance along this component. */ explained: number };

/**
 * GANSpace's latent directions (Härkönen et al. 2020, §3.1): the principal components of G's early activations y = G₁(z)
 * over many samples, carried back to z by linear regression. `z` holds n rows of `zDim`, `features` the same n rows of
 * `fDim` activations. The n × n Gram matrix of the centred features gives each component's scores x_j directly (its
 * eigenvectors scaled by √λ), so the cost is O(n²·fDim + n³) whatever fDim is — a DCGAN's first layer has 6,272
 * features, whose covariance would be 6,272². GANSpace regresses z on the scores; this regresses each score on z,
 * β_j = (ZᵀZ)⁻¹Zᵀx_j — the direction in z that moves component j most in the linear model. For whitened z the two agree
 * as n grows; at small n this one is closer (tests/unit/explore/latent.test.ts, a planted linear G₁ with n = 300, d = 8:
 * cosine to the planted direction 0.982 regressing z on the scores, 0.994 this way).
 */
export function principalLatentDirections(z: Float32Array, zDim: number, features: Float32Array, fDim: number, k: number): LatentDirection[] {
  const n = z.length / zDim;
  if (!Number.isInteger(n) || n * fDim !== features.length) throw new Error(`${n} noise vectors but ${features.length / fDim} feature rows`);
  if (n < 2) throw new Error('principal directions need at least 2 samples');
  const mean = new Float64Array(fDim);
  for (let i = 0; i < n; i++) for (let j = 0; j < fDim; j++) mean[j]! += features[i * fDim + j]! / n;
  const centred = new Float64Array(n * fDim);
  for (let i = 0; i < n; i++) for (let j = 0; j < fDim; j++) centred[i * fDim + j] = features[i * fDim + j]! - mean[j]!;
  const gram = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let j = 0; j < fDim; j++) s += centred[a * fDim + j]! * centred[b * fDim + j]!;
      gram[a * n + b] = s;
      gram[b * n + a] = s;
    }
  }
  return principalFromGram(z, zDim, gram, k);
}

/**
 * principalLatentDirections from the n × n Gram matrix of the centred features (row-major, symmetric), for callers
 * that form it elsewhere: the training worker multiplies the activations on tfjs's backend, which is many times
 * faster than the loop above at a DCGAN's 6,272 features, and hands over only the n² products.
 */
export function principalFromGram(z: Float32Array, zDim: number, gram: ArrayLike<number>, k: number): LatentDirection[] {
  const n = z.length / zDim;
  if (!Number.isInteger(n) || gram.length !== n * n) throw new Error(`${n} noise vectors but a Gram matrix of ${gram.length} entries`);
  if (n < 2) throw new Error('principal directions need at least 2 samples');
  const { values, vectors } = symmetricEigen(Float64Array.from(gram), n);
  const total = values.reduce((a, v) => a + Math.max(0, v), 0);
  const solve = leastSquares(z, zDim, n);
  const out: LatentDirection[] = [];
  // Eigenvalues ascend: the largest components are last.
  for (let c = n - 1; c >= 0 && out.length < Math.min(k, n - 1); c--) {
    const lambda = values[c]!;
    if (!(lambda > 1e-12 * total)) break;
    const zx = new Float64Array(zDim);
    for (let i = 0; i < n; i++) {
      const score = vectors![c * n + i]! * Math.sqrt(lambda);
      for (let d = 0; d < zDim; d++) zx[d]! += z[i * zDim + d]! * score;
    }
    const direction = Float32Array.from(solve(zx));
    const len = norm(direction);
    if (len === 0) continue;
    out.push({ direction: direction.map((x) => x / len), explained: lambda / total });
  }
  return out;
}

/** x ↦ (ZᵀZ)⁻¹x for the n × zDim matrix Z, by ZᵀZ's eigen-decomposition (directions Z never varies along are dropped). */
function leastSquares(z: Float32Array, zDim: number, n: number): (x: Float64Array) => Float64Array {
  const ztz = new Float64Array(zDim * zDim);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < zDim; a++) {
      const za = z[i * zDim + a]!;
      for (let b = 0; b <= a; b++) ztz[a * zDim + b]! += za * z[i * zDim + b]!;
    }
  }
  for (let a = 0; a < zDim; a++) for (let b = 0; b < a; b++) ztz[b * zDim + a] = ztz[a * zDim + b]!;
  const { values, vectors } = symmetricEigen(ztz, zDim);
  const top = values[zDim - 1]!;
  return (x) => {
    const out = new Float64Array(zDim);
    for (let k = 0; k < zDim; k++) {
      if (!(values[k]! > 1e-10 * top)) continue;
      let p = 0;
      for (let d = 0; d < zDim; d++) p += vectors![k * zDim + d]! * x[d]!;
      p /= values[k]!;
      for (let d = 0; d < zDim; d++) out[d]! += p * vectors![k * zDim + d]!;
    }
    return out;
  };
}
