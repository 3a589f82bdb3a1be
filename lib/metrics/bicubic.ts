/**
 * Bicubic up-sampling, the baseline every super-resolution paper measures against (Ledig 2017, SRGAN; Dong 2014,
 * SRCNN). Written here in plain TypeScript: tfjs has only bilinear and nearest resizing (tf.image.resizeBilinear is
 * not bicubic). The kernel is Keys' cubic convolution (Keys 1981, eq. 15) with a = −0.5, the one MATLAB's imresize
 * and PIL use (PyTorch and OpenCV use a = −0.75); with a = −0.5 it reproduces polynomials up to degree 2 exactly.
 * Sampling is half-pixel centred (output pixel i sits at source coordinate (i + 0.5)/f − 0.5), with edge pixels
 * repeated beyond the border, as imresize does.
 */
import type { Floats } from './features';
import type { GreyImages } from './image-quality';

export const KEYS_A = -0.5;

/** Keys' cubic convolution kernel W(x), a = −0.5. */
export function keysKernel(x: number, a = KEYS_A): number {
  const t = Math.abs(x);
  if (t <= 1) return (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1;
  if (t < 2) return a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a;
  return 0;
}

/** For each output index along one axis: the 4 source indices (clamped to the edge) and their weights. */
function taps(n: number, factor: number): { idx: Int32Array; wt: Float64Array } {
  const m = n * factor;
  const idx = new Int32Array(m * 4);
  const wt = new Float64Array(m * 4);
  for (let i = 0; i < m; i++) {
    const s = (i + 0.5) / factor - 0.5;
    const base = Math.floor(s);
    for (let j = 0; j < 4; j++) {
      const src = base - 1 + j;
      idx[i * 4 + j] = Math.min(n - 1, Math.max(0, src));
      wt[i * 4 + j] = keysKernel(s - src);
    }
  }
  return { idx, wt };
}

/**
 * Up-samples each image of a set by an integer `factor` (separably: rows, then columns). `clip` bounds the output
 * to the pixel range, as an image format would (the cubic overshoots at edges by up to ~7 %).
 */
export function bicubicUpsample(images: GreyImages, factor: number, clip?: readonly [number, number]): { pixels: Float32Array; count: number; height: number; width: number } {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`bicubic up-sampling needs a whole factor ≥ 1; got ${factor}`);
  const { count, height: h, width: w } = images;
  const oh = h * factor;
  const ow = w * factor;
  const cols = taps(w, factor);
  const rows = taps(h, factor);
  const out = new Float32Array(count * oh * ow);
  const tmp = new Float64Array(h * ow);
  const src: Floats = images.pixels;
  for (let n = 0; n < count; n++) {
    const base = n * h * w;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < ow; c++) {
        let v = 0;
        for (let j = 0; j < 4; j++) v += cols.wt[c * 4 + j]! * src[base + r * w + cols.idx[c * 4 + j]!]!;
        tmp[r * ow + c] = v;
      }
    }
    const ob = n * oh * ow;
    for (let r = 0; r < oh; r++) {
      for (let c = 0; c < ow; c++) {
        let v = 0;
        for (let j = 0; j < 4; j++) v += rows.wt[r * 4 + j]! * tmp[rows.idx[r * 4 + j]! * ow + c]!;
        out[ob + r * ow + c] = clip ? Math.min(clip[1], Math.max(clip[0], v)) : v;
      }
    }
  }
  return { pixels: out, count, height: oh, width: ow };
}
