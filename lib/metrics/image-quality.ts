/**
 * Full-reference image quality for paired image-to-image models (super-resolution, pix2pix): PSNR and SSIM of each
 * output against its ground truth, averaged over a set, as SR papers report them (Ledig 2017, SRGAN, Table 2).
 * Images are 1-channel, row-major [n, h, w] floats in the design's pixel range ('[-1,1]' for tanh generators,
 * '[0,1]' for sigmoid ones, as lib/metrics/classifier/extract.ts reads them); the range fixes the peak value L.
 */
import type { Floats } from './features';

export type PixelRange = '[-1,1]' | '[0,1]';

/** An image set: `count` images of `height` × `width`, one channel, row-major. */
export type GreyImages = { readonly pixels: Floats; readonly count: number; readonly height: number; readonly width: number };

/** The dynamic range L of the pixel values (skimage's data_range). */
export const dataRange = (range: PixelRange): number => (range === '[-1,1]' ? 2 : 1);

function checkPair(a: GreyImages, b: GreyImages): number {
  if (a.count !== b.count || a.height !== b.height || a.width !== b.width) {
    throw new Error(`image sets differ: ${a.count}×${a.height}×${a.width} against ${b.count}×${b.height}×${b.width}`);
  }
  const size = a.height * a.width;
  if (a.pixels.length < a.count * size || b.pixels.length < b.count * size) throw new Error('an image set holds fewer pixels than its shape says');
  return size;
}

/** PSNR = 10·log10(L² / MSE) in dB; +∞ for identical images (MSE 0). */
export function psnrFromMse(mse: number, range: PixelRange): number {
  const l = dataRange(range);
  return mse === 0 ? Infinity : 10 * Math.log10((l * l) / mse);
}

/** Mean squared error of each image pair. */
export function mseEach(a: GreyImages, b: GreyImages): Float64Array {
  const size = checkPair(a, b);
  const out = new Float64Array(a.count);
  for (let i = 0; i < a.count; i++) {
    let s = 0;
    for (let p = i * size; p < (i + 1) * size; p++) {
      const d = a.pixels[p]! - b.pixels[p]!;
      s += d * d;
    }
    out[i] = s / size;
  }
  return out;
}

/** Mean over images of each image's PSNR (dB), the convention of SR benchmarks; +∞ if any pair is identical. */
export function meanPsnr(a: GreyImages, b: GreyImages, range: PixelRange): number {
  const mse = mseEach(a, b);
  let s = 0;
  for (const m of mse) s += psnrFromMse(m, range);
  return s / Math.max(mse.length, 1);
}

/**
 * SSIM's window (Wang, Bovik, Sheikh, Simoncelli 2004, §III-C): an 11×11 circular-symmetric Gaussian with σ = 1.5,
 * normalised to sum 1. On 28×28 digits it leaves an 18×18 grid of whole windows, enough to average; it is also
 * scikit-image's `structural_similarity(gaussian_weights=True, sigma=1.5)` window (radius int(3.5·σ + 0.5) = 5), so
 * figures compare with published ones. A 7×7 window would see more of the border but matches no reference.
 */
export const SSIM_WINDOW = 11;
export const SSIM_SIGMA = 1.5;
/** The stabilising constants C1 = (K1·L)², C2 = (K2·L)² (Wang 2004, eq. 6–7). */
export const SSIM_K1 = 0.01;
export const SSIM_K2 = 0.03;

/** The 1-D Gaussian weights of the separable window. */
export function ssimWeights(size = SSIM_WINDOW, sigma = SSIM_SIGMA): Float64Array {
  const r = (size - 1) / 2;
  const w = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) sum += w[i] = Math.exp(-((i - r) ** 2) / (2 * sigma * sigma));
  for (let i = 0; i < size; i++) w[i]! /= sum;
  return w;
}

/**
 * Mean SSIM of one image pair over every position where the window fits wholly inside (no padding, as Wang's
 * reference code and scikit-image's cropping do): SSIM = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2))
 * with weighted local moments (population covariance, Wang 2004 eq. 14–15).
 */
export function ssimOne(x: Floats, y: Floats, offset: number, h: number, w: number, range: PixelRange, weights = ssimWeights()): number {
  const k = weights.length;
  if (h < k || w < k) throw new Error(`SSIM's ${k}×${k} window needs images of at least ${k}×${k}; got ${h}×${w}`);
  const l = dataRange(range);
  const c1 = (SSIM_K1 * l) ** 2;
  const c2 = (SSIM_K2 * l) ** 2;
  // Separable filtering: rows first into [h, w − k + 1] for each of the five moment images, then columns.
  const ow = w - k + 1;
  const oh = h - k + 1;
  const rows = Array.from({ length: 5 }, () => new Float64Array(h * ow));
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < ow; c++) {
      let mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
      for (let j = 0; j < k; j++) {
        const a = x[offset + r * w + c + j]!;
        const b = y[offset + r * w + c + j]!;
        const g = weights[j]!;
        mx += g * a;
        my += g * b;
        xx += g * a * a;
        yy += g * b * b;
        xy += g * a * b;
      }
      const q = r * ow + c;
      rows[0]![q] = mx;
      rows[1]![q] = my;
      rows[2]![q] = xx;
      rows[3]![q] = yy;
      rows[4]![q] = xy;
    }
  }
  let total = 0;
  for (let r = 0; r < oh; r++) {
    for (let c = 0; c < ow; c++) {
      const m = [0, 0, 0, 0, 0];
      for (let i = 0; i < k; i++) {
        const g = weights[i]!;
        const q = (r + i) * ow + c;
        for (let t = 0; t < 5; t++) m[t]! += g * rows[t]![q]!;
      }
      const [mx, my, exx, eyy, exy] = m as [number, number, number, number, number];
      const vx = exx - mx * mx;
      const vy = eyy - my * my;
      const cxy = exy - mx * my;
      total += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
    }
  }
  return total / (oh * ow);
}

/** Mean over images of each pair's mean SSIM: 1 for identical images, lower (down to −1) the less alike. */
export function meanSsim(a: GreyImages, b: GreyImages, range: PixelRange): number {
  const size = checkPair(a, b);
  const weights = ssimWeights();
  let s = 0;
  for (let i = 0; i < a.count; i++) s += ssimOne(a.pixels, b.pixels, i * size, a.height, a.width, range, weights);
  return s / Math.max(a.count, 1);
}
