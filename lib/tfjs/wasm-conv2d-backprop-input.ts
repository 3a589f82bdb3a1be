import type { Conv2DBackpropInputAttrs, Conv2DBackpropInputInputs, KernelFunc } from '@tensorflow/tfjs';
import { asWasm, kernelCaller, scratch, type Tf } from './wasm-kernel-util';

/**
 * How one spatial axis of dx is computed by the sub-pixel convolution (see conv2DBackpropInputKernel).
 * `taps`: filter taps per phase, ⌈K/s⌉. `padBefore`/`padAfter`: zeros around dy for the stride-1 conv. `positions`:
 * the conv's output length along the axis. `crop`: how many interleaved rows precede dx's first row.
 */
export type AxisPlan = { taps: number; padBefore: number; padAfter: number; positions: number; crop: number };

/**
 * Plans one axis, or returns null when dy has rows that only ever meet padding above the image (an explicit pad of at
 * least `stride·⌈K/s⌉`), which the stride-1 conv would need a negative pad for; the caller then falls back.
 *
 * In 1-D, the kernel this replaces (tfjs-backend-cpu kernels/Conv2DBackpropInput.ts; wasm's cc/kernels/
 * Conv2DBackpropInput.cc is the same loop) computes, with j = i + padTop,
 *
 *   dx[i] = Σ_{o, k : o·s + k = j} dy[o] · W[k].
 *
 * Write j = q·s + r (0 ≤ r < s). The taps that reach j are k = r + m·s, from dy row o = q − m, so every j of phase r is
 * the same small stride-1 correlation of dy with the taps W[r], W[r + s], …, reversed:
 *
 *   Z_r[q] = Σ_{t < M} dy[q − (M−1) + t] · W[r + (M−1−t)·s],   M = ⌈K/s⌉   (taps past K are 0),
 *
 * and dx is the phases interleaved, Z_r[q] at j = q·s + r, shifted by padTop. All phases share their dy window, so one
 * conv with s·Ci output channels computes them all; in 2-D, s_h·s_w·Ci. The q that dx needs run from ⌊padTop/s⌋ to
 * ⌊(inSize−1+padTop)/s⌋; the first reads dy from row ⌊padTop/s⌋ − (M−1), i.e. padBefore zeros. padAfter is whatever
 * the last q needs past dy's end; when dy is longer than that (a large explicit bottom pad), the conv simply emits more
 * positions, and the interleave never reads them.
 */
export function planAxis(inSize: number, dySize: number, k: number, s: number, padTop: number): AxisPlan | null {
  const taps = Math.ceil(k / s);
  const qFirst = Math.floor(padTop / s);
  const qLast = Math.floor((inSize - 1 + padTop) / s);
  const padBefore = taps - 1 - qFirst;
  if (padBefore < 0 || dySize < 1) return null;
  const padAfter = Math.max(0, qLast + 1 - dySize);
  const positions = dySize + padBefore + padAfter - taps + 1;
  return { taps, padBefore, padAfter, positions, crop: padTop - qFirst * s };
}

/**
 * A wasm `Conv2DBackpropInput` — dx of `conv2d`, and the forward pass of `conv2dTranspose` — as one XNNPACK
 * convolution (wasm's Conv2D kernel, cc/conv2d_impl.cc) instead of wasm's built-in kernel, a scalar C++ loop.
 *
 * Sub-pixel decomposition (see planAxis for the 1-D derivation): for strides (s_h, s_w) the filter W [KH, KW, Ci, Co]
 * is rearranged into F [M_h, M_w, Co, s_h·s_w·Ci], M = ⌈K/s⌉, holding for each output phase (r_h, r_w) the taps
 * W[r_h + (M_h−1−t_h)·s_h, r_w + (M_w−1−t_w)·s_w, ci, co] (0 where that is past the filter). One stride-1 conv of dy
 * with F gives Z [N, P_h, P_w, s_h·s_w·Ci], every phase at once; dx[n, i, w, ci] is Z at q = ⌊(i+crop)/s⌋, phase
 * (i+crop) mod s — a depth-to-space with a crop, done in one pass here. The nonzero products are exactly those the reference
 * loop forms (the rest multiply by a padding zero or, when s does not divide K, a zero tap), so results agree to float
 * rounding; unlike zero insertion (dilate dy by s, then a K×K conv) it does no s²-fold work on inserted zeros.
 *
 * The interleave is a JS pass over the heap rather than wasm's DepthToSpace plus Slice: wasm's DepthToSpace computes
 * every element's index in C++ and took ~11 ms on the Z below, the JS pass well under 1 ms. Measured (Node 20, one wasm
 * thread, a shared 2-core VM) on the DCGAN bench's dy [32, 7, 7, 32] → dx [32, 14, 14, 16], k4 s2 same: this kernel
 * ~3.4 ms, of which ~2.7 ms is the conv; wasm's own ~22 ms.
 *
 * Handles NHWC float32 with any strides, 'same'/'valid'/numeric/explicit pads and any rounding mode (computeConv2DInfo
 * resolves them all to padInfo). Falls back to `fallback` (wasm's own kernel) for NCHW, other dtypes, empty tensors
 * and explicit pads of ≥ s·⌈K/s⌉ (planAxis).
 */
export function conv2DBackpropInputKernel(tf: Tf, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as Conv2DBackpropInputInputs;
    const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as Conv2DBackpropInputAttrs;
    if (!dy || !filter) throw new Error('Conv2DBackpropInput (wasm): needs inputs dy and filter.');
    if (dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return fallback(args);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    const { batchSize: n, inHeight, inWidth, inChannels: ci, outChannels: co, filterHeight: kh, filterWidth: kw } = info;
    const { strideHeight: sh, strideWidth: sw } = info;
    const rows = planAxis(inHeight, info.outHeight, kh, sh, info.padInfo.top);
    const cols = planAxis(inWidth, info.outWidth, kw, sw, info.padInfo.left);
    if (!rows || !cols || n * inHeight * inWidth * ci * co === 0) return fallback(args);
    if (dy.shape.join() !== [n, info.outHeight, info.outWidth, co].join()) {
      throw new Error(
        `Conv2DBackpropInput (wasm): dy has shape [${dy.shape.join(', ')}] but inputShape, the filter, strides and ` +
          `pad give [${n}, ${info.outHeight}, ${info.outWidth}, ${co}].`,
      );
    }

    const be = asWasm(backend);
    const temps = scratch(be);
    try {
      const phases = sh * sw;
      const f = temps.keep(be.makeOutput([rows.taps, cols.taps, co, phases * ci], 'float32'));
      writeSubPixelFilter(
        be.typedArrayFromHeap(filter) as Float32Array,
        be.typedArrayFromHeap(f) as Float32Array,
        { kh, kw, ci, co, sh, sw, mh: rows.taps, mw: cols.taps },
      );
      const conv = kernelCaller(tf, be, 'Conv2DBackpropInput');
      const z = conv(
        'Conv2D',
        { x: dy, filter: f },
        {
          strides: [1, 1],
          pad: [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]],
          dataFormat: 'NHWC',
          dilations: [1, 1],
        },
      );
      temps.keep(z);
      if (z.shape[1] !== rows.positions || z.shape[2] !== cols.positions) {
        throw new Error(
          `Conv2DBackpropInput (wasm): the sub-pixel conv gave [${z.shape.join(', ')}], expected ` +
            `${rows.positions}×${cols.positions} positions; please report this with the shapes.`,
        );
      }
      if (phases === 1 && rows.crop === 0 && cols.crop === 0 && rows.positions === inHeight && cols.positions === inWidth) {
        be.incRef(z.dataId); // stride 1, nothing to crop: Z is dx; the ref taken here outlives temps' dispose
        return z;
      }
      const dx = be.makeOutput([n, inHeight, inWidth, ci], 'float32');
      interleavePhases(be.typedArrayFromHeap(z) as Float32Array, be.typedArrayFromHeap(dx) as Float32Array, {
        n,
        inHeight,
        inWidth,
        ci,
        sh,
        sw,
        rows,
        cols,
      });
      return dx;
    } finally {
      temps.dispose();
    }
  };
}

type FilterDims = { kh: number; kw: number; ci: number; co: number; sh: number; sw: number; mh: number; mw: number };

/** F[th, tw, co, (rh·sw + rw)·Ci + ci] = W[rh + (mh−1−th)·sh, rw + (mw−1−tw)·sw, ci, co], or 0 past the filter. */
function writeSubPixelFilter(w: Float32Array, f: Float32Array, d: FilterDims): void {
  let o = 0;
  for (let th = 0; th < d.mh; th++) {
    for (let tw = 0; tw < d.mw; tw++) {
      for (let co = 0; co < d.co; co++) {
        for (let rh = 0; rh < d.sh; rh++) {
          const fh = rh + (d.mh - 1 - th) * d.sh;
          for (let rw = 0; rw < d.sw; rw++) {
            const fw = rw + (d.mw - 1 - tw) * d.sw;
            if (fh >= d.kh || fw >= d.kw) {
              f.fill(0, o, o + d.ci);
              o += d.ci;
              continue;
            }
            const base = (fh * d.kw + fw) * d.ci * d.co + co;
            for (let c = 0; c < d.ci; c++) f[o++] = w[base + c * d.co]!;
          }
        }
      }
    }
  }
}

type InterleaveDims = {
  n: number;
  inHeight: number;
  inWidth: number;
  ci: number;
  sh: number;
  sw: number;
  rows: AxisPlan;
  cols: AxisPlan;
};

/** dx[b, i, x, c] = Z[b, ⌊(i+crop_h)/sh⌋, ⌊(x+crop_w)/sw⌋, ((i+crop_h) mod sh · sw + (x+crop_w) mod sw)·Ci + c]. */
function interleavePhases(z: Float32Array, dx: Float32Array, d: InterleaveDims): void {
  const { ci, sh, sw } = d;
  const pixel = sh * sw * ci; // one Z position
  const zRow = d.cols.positions * pixel;
  const colOffset = new Int32Array(d.inWidth);
  for (let x = 0; x < d.inWidth; x++) {
    const j = x + d.cols.crop;
    const q = Math.floor(j / sw);
    colOffset[x] = q * pixel + (j - q * sw) * ci;
  }
  let o = 0;
  for (let b = 0; b < d.n; b++) {
    for (let i = 0; i < d.inHeight; i++) {
      const j = i + d.rows.crop;
      const q = Math.floor(j / sh);
      const rowBase = (b * d.rows.positions + q) * zRow + (j - q * sh) * sw * ci;
      for (let x = 0; x < d.inWidth; x++) {
        const src = rowBase + colOffset[x]!;
        for (let c = 0; c < ci; c++) dx[o++] = z[src + c]!;
      }
    }
  }
}
