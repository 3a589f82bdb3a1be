import { symmetricEigen } from './eigen';

/** Square-matrix helpers on row-major Float64Array n × n matrices. */

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

export function frobenius(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
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
