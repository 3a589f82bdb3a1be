import { describe, expect, it } from 'vitest';
import { bicubicUpsample, keysKernel, meanPsnr, meanSsim, mseEach, psnrFromMse, ssimOne, ssimWeights, type GreyImages } from '../../../lib/metrics';
import { rngFor } from './helpers';

const set = (pixels: Float32Array, count: number, height: number, width = height): GreyImages & { pixels: Float32Array } => ({ pixels, count, height, width });

function randomImages(seed: number, count: number, size: number, lo = -1, hi = 1) {
  const rng = rngFor(seed);
  return set(Float32Array.from({ length: count * size * size }, () => lo + (hi - lo) * rng.next()), count, size);
}

/** SSIM written out window by window with a 2-D weight table: an independent check of the separable version. */
function naiveSsim(x: Float32Array, y: Float32Array, h: number, w: number, l: number): number {
  const g = ssimWeights();
  const k = g.length;
  const [c1, c2] = [(0.01 * l) ** 2, (0.03 * l) ** 2];
  let total = 0;
  let n = 0;
  for (let r = 0; r + k <= h; r++) {
    for (let c = 0; c + k <= w; c++) {
      let mx = 0, my = 0;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
        mx += g[i]! * g[j]! * x[(r + i) * w + c + j]!;
        my += g[i]! * g[j]! * y[(r + i) * w + c + j]!;
      }
      let vx = 0, vy = 0, cxy = 0;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
        const wt = g[i]! * g[j]!;
        const a = x[(r + i) * w + c + j]! - mx;
        const b = y[(r + i) * w + c + j]! - my;
        vx += wt * a * a;
        vy += wt * b * b;
        cxy += wt * a * b;
      }
      total += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      n++;
    }
  }
  return total / n;
}

describe('PSNR', () => {
  it('is +∞ for identical images', () => {
    const a = randomImages(1, 3, 28);
    expect(meanPsnr(a, a, '[-1,1]')).toBe(Infinity);
  });

  it.each([
    { range: '[-1,1]' as const, l: 2, delta: 0.1 },
    { range: '[0,1]' as const, l: 1, delta: 0.05 },
    { range: '[0,1]' as const, l: 1, delta: 1 / 255 },
  ])('equals 10·log10(L²/δ²) for ±δ noise in $range (δ = $delta)', ({ range, l, delta }) => {
    const a = randomImages(2, 4, 28, 0.2, 0.8);
    const rng = rngFor(3);
    const b = set(a.pixels.map((v) => v + (rng.next() < 0.5 ? -delta : delta)), 4, 28);
    // Float32 storage perturbs δ in its 7th digit.
    expect(meanPsnr(a, b, range)).toBeCloseTo(10 * Math.log10((l * l) / (delta * delta)), 4);
  });

  it('averages per-image PSNR, not the set MSE', () => {
    const a = set(new Float32Array(2 * 16), 2, 4);
    const b = set(Float32Array.from({ length: 32 }, (_, i) => (i < 16 ? 0.1 : 0.01)), 2, 4);
    expect(Array.from(mseEach(a, b))).toEqual([expect.closeTo(0.01, 8), expect.closeTo(1e-4, 8)]);
    expect(meanPsnr(a, b, '[0,1]')).toBeCloseTo((psnrFromMse(0.01, '[0,1]') + psnrFromMse(1e-4, '[0,1]')) / 2, 4);
    expect(psnrFromMse(0.01, '[0,1]')).toBeCloseTo(20, 10);
  });

  it('refuses sets of different shapes', () => {
    expect(() => meanPsnr(randomImages(1, 2, 28), randomImages(1, 3, 28), '[0,1]')).toThrow(/differ/);
  });
});

describe('SSIM (Wang 2004, 11×11 Gaussian σ = 1.5)', () => {
  it('has a normalised, symmetric 11-tap window', () => {
    const g = ssimWeights();
    expect(g.length).toBe(11);
    expect(g.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(g[0]).toBeCloseTo(g[10]!, 15);
    expect(g[5]! / g[6]!).toBeCloseTo(Math.exp(1 / (2 * 1.5 * 1.5)), 12);
  });

  it('is 1 for identical images and below 1 otherwise', () => {
    const a = randomImages(4, 3, 28);
    expect(meanSsim(a, a, '[-1,1]')).toBeCloseTo(1, 12);
    expect(meanSsim(a, randomImages(5, 3, 28), '[-1,1]')).toBeLessThan(0.2);
  });

  it.each([
    { mx: 0.2, my: 0.7, range: '[0,1]' as const, l: 1 },
    { mx: -1, my: 0.5, range: '[-1,1]' as const, l: 2 },
  ])('of constant images $mx and $my is the luminance term (2μxμy + C1)/(μx² + μy² + C1)', ({ mx, my, range, l }) => {
    const c1 = (0.01 * l) ** 2;
    const want = (2 * mx * my + c1) / (mx * mx + my * my + c1);
    const got = meanSsim(set(new Float32Array(28 * 28).fill(mx), 1, 28), set(new Float32Array(28 * 28).fill(my), 1, 28), range);
    expect(got).toBeCloseTo(want, 5);
  });

  it('agrees with a window-by-window computation', () => {
    const a = randomImages(6, 1, 16, 0, 1);
    const rng = rngFor(7);
    const b = a.pixels.map((v) => v * 0.8 + 0.2 * rng.next());
    expect(ssimOne(a.pixels, b, 0, 16, 16, '[0,1]')).toBeCloseTo(naiveSsim(a.pixels, b, 16, 16, 1), 10);
    expect(ssimOne(a.pixels, b, 0, 16, 16, '[0,1]')).toBeLessThan(1);
  });

  it('refuses images smaller than its window', () => {
    expect(() => meanSsim(randomImages(1, 1, 7), randomImages(1, 1, 7), '[0,1]')).toThrow(/11×11/);
  });
});

describe('bicubic up-sampling (Keys 1981, a = −0.5)', () => {
  it('has the kernel values Keys gives: W(0) = 1, W(±1) = W(±2) = 0, weights summing to 1 at any offset', () => {
    expect(keysKernel(0)).toBe(1);
    for (const x of [1, -1, 2, -2, 2.5]) expect(keysKernel(x)).toBeCloseTo(0, 15);
    expect(keysKernel(0.5)).toBeCloseTo(0.5625, 15);
    expect(keysKernel(1.5)).toBeCloseTo(-0.0625, 15);
    for (const t of [0, 0.125, 0.375, 0.5, 0.875]) expect(keysKernel(t + 1) + keysKernel(t) + keysKernel(1 - t) + keysKernel(2 - t)).toBeCloseTo(1, 14);
  });

  it('keeps a constant image constant', () => {
    const out = bicubicUpsample(set(new Float32Array(2 * 49).fill(0.3), 2, 7), 4);
    expect(out.height).toBe(28);
    expect(out.pixels.length).toBe(2 * 28 * 28);
    for (const v of Array.from(out.pixels)) expect(v).toBeCloseTo(0.3, 6);
  });

  it('reproduces a quadratic away from the border, at the half-pixel-centred coordinates', () => {
    const f = (r: number, c: number) => 0.01 * r * r - 0.03 * r * c + 0.2 * c + 0.1;
    const n = 7;
    const src = Float32Array.from({ length: n * n }, (_, i) => f(Math.floor(i / n), i % n));
    const out = bicubicUpsample(set(src, 1, n), 4);
    // Whole taps stay inside from source coordinate 1 to n − 2, i.e. output rows (1 + 0.5)·4 − 0.5 … (n − 2 + 0.5)·4 − 0.5.
    for (let r = 6; r <= 21; r++) for (let c = 6; c <= 21; c++) expect(out.pixels[r * 28 + c]).toBeCloseTo(f((r + 0.5) / 4 - 0.5, (c + 0.5) / 4 - 0.5), 5);
  });

  it('clips to the given range', () => {
    const src = Float32Array.from({ length: 49 }, (_, i) => (i % 7 < 3 ? -1 : 1));
    const raw = bicubicUpsample(set(src, 1, 7), 4);
    const clipped = bicubicUpsample(set(src, 1, 7), 4, [-1, 1]);
    expect(Math.max(...Array.from(raw.pixels))).toBeGreaterThan(1);
    expect(Math.max(...Array.from(clipped.pixels))).toBe(1);
    expect(Math.min(...Array.from(clipped.pixels))).toBe(-1);
  });
});
