import { mulberry32 } from '../../lib/rng';
import type { Vector } from '../../lib/explore/latent';
import type { LatentInfo } from '../../lib/train/protocol';

/**
 * The explorer's noise vectors, drawn on the page from a seed as the run draws z (N(0, σ²) or U(−1, 1)), so a seed
 * names a grid and the exported JSON reproduces it.
 */
export function drawLatents(info: LatentInfo, count: number, seed: number): Vector[] {
  const rng = mulberry32(seed);
  const one = info.distribution === 'uniform' ? () => 2 * rng.next() - 1 : () => rng.normal() * info.scale;
  return Array.from({ length: count }, () => Float32Array.from({ length: info.dim }, one));
}

/** Vectors as one row-major batch for the worker (a fresh buffer: it is transferred). */
export function pack(vectors: readonly Vector[]): Float32Array {
  const dim = vectors[0]?.length ?? 0;
  const out = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => out.set(v, i * dim));
  return out;
}

/** z + Σ sᵢ·dᵢ: the selected sample moved along each direction by its slider's offset. */
export function moved(z: Vector, directions: readonly Vector[], offsets: readonly number[]): Vector {
  return z.map((x, j) => directions.reduce((acc, d, i) => acc + (offsets[i] ?? 0) * d[j]!, x));
}

/** The rows of a row-major batch of `dim`-long vectors (the worker's answer), as separate vectors. */
export function unpack(batch: Float32Array, dim: number): Vector[] {
  return Array.from({ length: Math.floor(batch.length / dim) }, (_, i) => batch.slice(i * dim, (i + 1) * dim));
}
