import { mulberry32, type Rng } from '../../../lib/rng';
import { featureMatrix, type FeatureMatrix } from '../../../lib/metrics';

export const rngFor = (seed: number): Rng => mulberry32(seed);

/** n × d standard normal rows, shifted by `shift` in every coordinate. */
export function gaussianRows(rng: Rng, n: number, d: number, shift = 0): FeatureMatrix {
  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal() + shift;
  return featureMatrix(x, n, d);
}

/** n rows of N(mu, L Lᵀ): x = mu + L z. */
export function correlatedRows(rng: Rng, n: number, mu: Float64Array, l: Float64Array): FeatureMatrix {
  const d = mu.length;
  const x = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = rng.normal();
    for (let r = 0; r < d; r++) {
      let s = mu[r]!;
      for (let c = 0; c < d; c++) s += l[r * d + c]! * z[c]!;
      x[i * d + r] = s;
    }
  }
  return featureMatrix(x, n, d);
}

/** A random orthogonal n × n matrix: Gram–Schmidt (twice, for orthogonality to ε) on Gaussian columns. */
export function randomOrthogonal(rng: Rng, n: number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < q.length; i++) q[i] = rng.normal();
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < n; c++) {
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += q[r * n + c]! * q[r * n + p]!;
        for (let r = 0; r < n; r++) q[r * n + c]! -= dot * q[r * n + p]!;
      }
      let norm = 0;
      for (let r = 0; r < n; r++) norm += q[r * n + c]! ** 2;
      norm = Math.sqrt(norm);
      for (let r = 0; r < n; r++) q[r * n + c]! /= norm;
    }
  }
  return q;
}

/** Q diag(spectrum) Qᵀ: a symmetric matrix with a known spectrum. */
export function withSpectrum(q: Float64Array, spectrum: readonly number[]): Float64Array {
  const n = spectrum.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k]! * spectrum[k]! * q[j * n + k]!;
      a[i * n + j] = s;
    }
  }
  return a;
}

export function diag(values: readonly number[]): Float64Array {
  const n = values.length;
  const a = new Float64Array(n * n);
  values.forEach((v, i) => (a[i * n + i] = v));
  return a;
}

/** Naive triple loop, independent of lib/metrics' matmul. */
export function naiveMatmul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) c[i * n + j]! += a[i * n + k]! * b[k * n + j]!;
  return c;
}

export function relFrobenius(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

/**
 * Trace of the principal square root of a (not necessarily symmetric) matrix with positive real spectrum, by the
 * coupled Newton–Schulz iteration (Higham, "Functions of Matrices", 2008, eq. 6.35): Y → A^{1/2}, Z → A^{-1/2}.
 * Needs only products, so it shares no code with the eigen-based path under test.
 */
export function newtonSchulzTraceSqrt(a: Float64Array, n: number, iterations = 60): number {
  let norm = 0;
  for (const v of a) norm += v * v;
  norm = Math.sqrt(norm);
  let y: Float64Array = a.map((v) => v / norm);
  let z: Float64Array = diag(Array.from({ length: n }, () => 1));
  for (let it = 0; it < iterations; it++) {
    const zy = naiveMatmul(z, y, n);
    const t = zy.map((v, i) => ((i % (n + 1) === 0 ? 3 : 0) - v) / 2);
    y = naiveMatmul(y, t, n);
    z = naiveMatmul(t, z, n);
  }
  let tr = 0;
  for (let i = 0; i < n; i++) tr += y[i * n + i]!;
  return tr * Math.sqrt(norm);
}
