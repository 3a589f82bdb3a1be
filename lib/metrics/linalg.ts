import { symmetricEigen } from './eigen';

/**
 * The metrics' dot-product kernels, over rows stored at offsets of flat row-major arrays (feature matrices, KID
 * subsets, centred copies), and square-matrix helpers on row-major Float64Array n × n matrices. Every kernel
 * accumulates in index order, so a row's dot product with itself equals its squared norm summed the same way.
 */

/** a[ao .. ao+d) · b[bo .. bo+d). */
export function dot(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += a[ao + c]! * b[bo + c]!;
  return s;
}

/** s[t] = a[q0 ..]·b[j + t·d ..] for t < 4: one row against four consecutive rows, each load of a shared by four. */
export function dots1x4(a: ArrayLike<number>, q0: number, b: ArrayLike<number>, j: number, d: number, s: Float64Array): void {
  const b1 = j + d;
  const b2 = b1 + d;
  const b3 = b2 + d;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let c = 0; c < d; c++) {
    const u = a[q0 + c]!;
    s0 += u * b[j + c]!;
    s1 += u * b[b1 + c]!;
    s2 += u * b[b2 + c]!;
    s3 += u * b[b3 + c]!;
  }
  s[0] = s0;
  s[1] = s1;
  s[2] = s2;
  s[3] = s3;
}

/**
 * s[t] = a[q0 ..]·b[j + t·d ..] and s[4+t] = a[q1 ..]·b[j + t·d ..] for t < 4 (q0, q1, j offsets): a 2 × 4 register
 * tile, 6 loads per 8 multiply-adds.
 */
export function dots2x4(a: ArrayLike<number>, q0: number, q1: number, b: ArrayLike<number>, j: number, d: number, s: Float64Array): void {
  const b1 = j + d;
  const b2 = b1 + d;
  const b3 = b2 + d;
  let s00 = 0;
  let s01 = 0;
  let s02 = 0;
  let s03 = 0;
  let s10 = 0;
  let s11 = 0;
  let s12 = 0;
  let s13 = 0;
  for (let c = 0; c < d; c++) {
    const u = a[q0 + c]!;
    const w = a[q1 + c]!;
    const v0 = b[j + c]!;
    const v1 = b[b1 + c]!;
    const v2 = b[b2 + c]!;
    const v3 = b[b3 + c]!;
    s00 += u * v0;
    s01 += u * v1;
    s02 += u * v2;
    s03 += u * v3;
    s10 += w * v0;
    s11 += w * v1;
    s12 += w * v2;
    s13 += w * v3;
  }
  s[0] = s00;
  s[1] = s01;
  s[2] = s02;
  s[3] = s03;
  s[4] = s10;
  s[5] = s11;
  s[6] = s12;
  s[7] = s13;
}

export function trace(a: Float64Array, n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += a[i * n + i]!;
  return t;
}

/** C = A·B, i-k-j order so the inner loop streams rows of B and C. */
export function matmul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[ci + k]!;
      if (aik === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) c[ci + j]! += aik * b[bk + j]!;
    }
  }
  return c;
}

/** (A + Aᵀ)/2: removes the rounding asymmetry of a product that is symmetric in exact arithmetic. */
export function symmetrize(a: Float64Array, n: number): Float64Array {
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    s[i * n + i] = a[i * n + i]!;
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (a[i * n + j]! + a[j * n + i]!);
      s[i * n + j] = v;
      s[j * n + i] = v;
    }
  }
  return s;
}

/**
 * The principal square root of a symmetric positive semi-definite matrix: V diag(√λ) Vᵀ from its eigen-decomposition.
 * Because V is orthogonal to working precision, ‖sqrtm(A)² − A‖ / ‖A‖ stays near n·ε however ill-conditioned A is
 * (the Schur method for general matrices, scipy.linalg.sqrtm, offers no such bound). Eigenvalues that rounding pushed
 * slightly below zero are clamped to 0: a covariance has none below zero in exact arithmetic, and √ of them would be NaN.
 */
export function sqrtmPsd(a: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  const v = vectors!;
  const out = new Float64Array(n * n);
  // Σ_k √λ_k v_k v_kᵀ: rank-one updates over the upper triangle, each reading one contiguous eigenvector.
  for (let k = 0; k < n; k++) {
    const s = Math.sqrt(Math.max(values[k]!, 0));
    if (s === 0) continue;
    const vk = k * n;
    for (let i = 0; i < n; i++) {
      const si = s * v[vk + i]!;
      if (si === 0) continue;
      const oi = i * n;
      for (let j = i; j < n; j++) out[oi + j]! += si * v[vk + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[j * n + i] = out[i * n + j]!;
  return out;
}

/** Σ √max(λ, 0) over the eigenvalues of a symmetric PSD matrix: Tr(sqrtm(A)) without forming the root. */
export function traceSqrtPsd(a: Float64Array, n: number): number {
  const { values } = symmetricEigen(a, n, { vectors: false });
  let t = 0;
  for (let k = 0; k < n; k++) t += Math.sqrt(Math.max(values[k]!, 0));
  return t;
}
