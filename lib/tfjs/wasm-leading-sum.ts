import type { KernelFunc, MeanAttrs, MeanInputs, SumAttrs, SumInputs, TensorInfo } from '@tensorflow/tfjs';
import { asWasm, type Tf } from './wasm-kernel-util';

/**
 * `Sum` and `Mean` over leading axes, without wasm's transpose. wasm reduces only innermost axes, so it first
 * transposes the reduced axes to the end (tfjs-backend-wasm kernels/Sum.ts, Mean.ts, `permuteAxesAndTranspose`) and
 * then sums each row (cc/kernels/Sum.cc, Mean.cc). Bias and batch-norm gradients reduce over batch and space, the
 * leading axes of NHWC, so every such reduction paid a whole-tensor transpose: ~100 ms of a dcgan-mnist step (Node 20,
 * one thread), 2–3 ms for a [64, 14, 14, 64] gradient. Here the input is read as rows × channels in place, eight
 * channels at a time with one float32 accumulator each (0.65 ms for the same tensor; `npm run bench -- wasm-kernels`).
 *
 * Bit-identical to wasm's kernels: each channel is summed in the same order as wasm's row sum of the transposed input
 * (row after row of the leading axes, i.e. row-major order), starting from 0, with every partial sum rounded to
 * float32 (Math.fround; a sum of two float32 values computed in float64 and rounded to float32 is the correctly rounded
 * float32 sum). Mean divides by the count in float32, as Mean.cc's `sum / reduce_size` does.
 *
 * Everything else — other axes, int32 input (whose Sum wraps as int32 arithmetic), a reduction of every axis (which wasm
 * already does without a transpose) — goes to `fallback`, wasm's kernel.
 */
export function sumKernel(tf: Tf, fallback: KernelFunc): KernelFunc {
  return leadingReduction(tf, fallback, false);
}

export function meanKernel(tf: Tf, fallback: KernelFunc): KernelFunc {
  return leadingReduction(tf, fallback, true);
}

function leadingReduction(tf: Tf, fallback: KernelFunc, mean: boolean): KernelFunc {
  return (args) => {
    const { x } = args.inputs as SumInputs | MeanInputs;
    const { axis, keepDims } = args.attrs as unknown as SumAttrs | MeanAttrs;
    if (!x) throw new Error(`${mean ? 'Mean' : 'Sum'} (wasm): needs input x.`);
    const lead = leadingCount(tf, x, axis);
    if (x.dtype !== 'float32' || lead === null) return fallback(args);
    const rows = x.shape.slice(0, lead).reduce((p, d) => p * d, 1);
    const kept = x.shape.slice(lead);
    const be = asWasm(args.backend);
    const out = be.makeOutput(keepDims ? [...x.shape.slice(0, lead).map(() => 1), ...kept] : kept, 'float32');
    const src = be.typedArrayFromHeap(x) as Float32Array;
    const dst = be.typedArrayFromHeap(out) as Float32Array;
    sumRows(src, rows, dst.length, dst);
    if (mean) {
      const count = Math.fround(rows);
      for (let c = 0; c < dst.length; c++) dst[c] = dst[c]! / count;
    }
    return out;
  };
}

/**
 * k when `axis` lists exactly x's first k axes in order, 0 < k < rank; otherwise null. In order, because wasm
 * transposes the reduced axes to the end in the order given (backend_util.getAxesPermutation), and that order is the
 * order of its sum: [1, 0] adds the same numbers as [0, 1] in another order, so it goes to wasm's kernel.
 */
function leadingCount(tf: Tf, x: TensorInfo, axis: number | number[]): number | null {
  const rank = x.shape.length;
  if (rank < 2) return null;
  const axes = tf.util.parseAxisParam(axis, x.shape);
  if (axes.length === 0 || axes.length >= rank || axes.some((a, i) => a !== i)) return null;
  return axes.length;
}

/** dst[c] = Σ_r src[r·cols + c] in float32, r ascending, eight columns per pass over the rows. */
function sumRows(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
  const f = Math.fround;
  let c = 0;
  for (; c + 8 <= cols; c += 8) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let r = 0, o = c; r < rows; r++, o += cols) {
      s0 = f(s0 + src[o]!);
      s1 = f(s1 + src[o + 1]!);
      s2 = f(s2 + src[o + 2]!);
      s3 = f(s3 + src[o + 3]!);
      s4 = f(s4 + src[o + 4]!);
      s5 = f(s5 + src[o + 5]!);
      s6 = f(s6 + src[o + 6]!);
      s7 = f(s7 + src[o + 7]!);
    }
    dst[c] = s0;
    dst[c + 1] = s1;
    dst[c + 2] = s2;
    dst[c + 3] = s3;
    dst[c + 4] = s4;
    dst[c + 5] = s5;
    dst[c + 6] = s6;
    dst[c + 7] = s7;
  }
  for (; c < cols; c++) {
    let s = 0;
    for (let r = 0, o = c; r < rows; r++, o += cols) s = f(s + src[o]!);
    dst[c] = s;
  }
}
