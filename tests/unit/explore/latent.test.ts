import { describe, expect, it } from 'vitest';
import { interpolate, lerp, principalLatentDirections, randomDirections, slerp, sweep } from '../../../lib/explore/latent';
import { mulberry32 } from '../../../lib/rng';

const norm = (v: Float32Array) => Math.hypot(...v);
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const gaussian = (dim: number, seed: number) => {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: dim }, () => rng.normal());
};

describe('latent paths', () => {
  it('interpolates from a to b inclusive, linearly or on the great circle', () => {
    const a = gaussian(64, 1);
    const b = gaussian(64, 2);
    for (const mode of ['linear', 'spherical'] as const) {
      const path = interpolate(a, b, 5, mode);
      expect(path).toHaveLength(5);
      path[0]!.forEach((x, i) => expect(x).toBeCloseTo(a[i]!, 5));
      path[4]!.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 5));
    }
    expect(Array.from(lerp(Float32Array.of(0, 2), Float32Array.of(2, 4), 0.5))).toEqual([1, 3]);
  });

  it('slerp keeps a Gaussian draw’s typical norm where lerp shrinks it (White 2016)', () => {
    const a = gaussian(100, 3);
    const b = gaussian(100, 4);
    const mid = (f: typeof lerp) => norm(f(a, b, 0.5));
    const ends = (norm(a) + norm(b)) / 2;
    // Two independent 100-d draws are nearly orthogonal: the linear midpoint has about 1/√2 of their norm.
    expect(mid(lerp) / ends).toBeLessThan(0.8);
    expect(mid(slerp) / ends).toBeGreaterThan(0.97);
    // Parallel vectors: the arc is undefined and slerp is lerp.
    expect(Array.from(slerp(Float32Array.of(1, 0), Float32Array.of(3, 0), 0.5))).toEqual([2, 0]);
  });

  it('refuses vectors of different lengths with a message', () => {
    expect(() => interpolate(new Float32Array(3), new Float32Array(4), 3, 'linear')).toThrow('differ in length: 3 and 4');
  });

  it('sweeps along a direction by the given offsets', () => {
    const s = sweep(Float32Array.of(1, 1), Float32Array.of(0, 1), [-2, 0, 2]);
    expect(s.map((v) => Array.from(v))).toEqual([[1, -1], [1, 1], [1, 3]]);
  });
});

describe('latent directions', () => {
  it('random directions are orthonormal', () => {
    const dirs = randomDirections(16, 5, mulberry32(7));
    for (let i = 0; i < dirs.length; i++) {
      expect(norm(dirs[i]!)).toBeCloseTo(1, 5);
      for (let j = 0; j < i; j++) expect(Math.abs(dot(dirs[i]!, dirs[j]!))).toBeLessThan(1e-5);
    }
    expect(() => randomDirections(3, 4, mulberry32(1))).toThrow('at most 3 independent directions');
  });

  it('GANSpace directions find the latent direction that moves the features most, ordered by explained variance', () => {
    // Features: 10·(z·u) on one axis, 3·(z·w) on another, plus 20 weak ones; u and w are known unit directions.
    const zDim = 8;
    const fDim = 22;
    const n = 300;
    const rng = mulberry32(5);
    const [u, w] = randomDirections(zDim, 2, mulberry32(9)) as [Float32Array, Float32Array];
    const z = Float32Array.from({ length: n * zDim }, () => rng.normal());
    const f = new Float32Array(n * fDim);
    for (let i = 0; i < n; i++) {
      const zi = z.subarray(i * zDim, (i + 1) * zDim);
      f[i * fDim] = 10 * dot(zi, u);
      f[i * fDim + 1] = 3 * dot(zi, w);
      for (let j = 2; j < fDim; j++) f[i * fDim + j] = 0.1 * rng.normal();
    }
    const dirs = principalLatentDirections(z, zDim, f, fDim, 3);
    expect(dirs).toHaveLength(3);
    expect(Math.abs(dot(dirs[0]!.direction, u))).toBeGreaterThan(0.99);
    expect(Math.abs(dot(dirs[1]!.direction, w))).toBeGreaterThan(0.99);
    expect(dirs[0]!.explained).toBeGreaterThan(dirs[1]!.explained);
    expect(dirs[0]!.explained).toBeGreaterThan(0.8);
    for (const d of dirs) expect(norm(d.direction)).toBeCloseTo(1, 5);
  });
});
