import type { Conv2DBackpropFilterAttrs, Conv2DBackpropFilterInputs, KernelBackend, KernelFunc } from '@tensorflow/tfjs';
import { kernelCaller, scratch, type Tf } from './wasm-kernel-util';

/**
 * dW as one XNNPACK convolution. The cpu kernel this is ported from (tfjs-backend-cpu kernels/Conv2DBackpropFilter.ts):
 *
 *   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·sh + kh − padTop, ow·sw + kw − padLeft, ci] · dy[n, oh, ow, co]
 *
 * (x read as 0 outside the image). Rename the indices: ci is a batch, (kh, kw) an output pixel, (oh, ow) a filter
 * tap, n an input channel, co an output channel. The sum is then exactly a convolution of
 *
 *   X' = x transposed to [Ci, H, W, N]   with the filter   F' = dy transposed to [OH, OW, N, Co],
 *
 * stride 1 and dilation (sh, sw) — the tap (oh, ow) reads X' at oh·sh + kh — whose output is [Ci, KH, KW, Co];
 * one more transpose gives tfjs's [KH, KW, Ci, Co]. The convolution runs in wasm's Conv2D kernel, i.e. XNNPACK
 * (tfjs-backend-wasm cc/conv2d_impl.cc), which supports dilation and explicit pads; the sum is the same products in
 * another order, so it agrees with the cpu kernel to float rounding.
 *
 * Why this and not im2col + BatchMatMul: wasm's BatchMatMul only uses XNNPACK for batch 1 without transposes
 * (tfjs-backend-wasm cc/batch_mat_mul_impl.cc), and building the patch matrix needs KH·KW Slice/StridedSlice calls,
 * which wasm runs in JavaScript after copying the whole input out of the heap (kernels/Slice.ts). Measured once while
 * choosing (Node 20, one wasm thread) on the DCGAN's shapes (x [32,14,14,16], 4×4 filter, stride 2): this kernel
 * ~2.5 ms, im2col ~88 ms, wasm's Conv3DBackpropFilterV2 with depth 1 ~25 ms (and wrong for stride 2 in 4.22), the
 * cpu backend ~2.7 s.
 *
 * Cost of using dy as a filter: XNNPACK packs the filter when it creates the operator, and wasm caches operators by
 * filter tensor id (conv2d_impl.cc), so every call packs dy afresh — one linear pass, small beside the convolution —
 * and disposing dyT deletes the operator through the cache's disposal callback, so nothing accumulates.
 *
 * Padding: output row kh reads padded rows kh … kh + (OH−1)·sh, so the padded height must be KH + (OH−1)·sh. The top
 * pad is tfjs's padTop (same/valid/explicit/number all resolve to it in computeConv2DInfo); the bottom pad is what is
 * left. When that is negative (valid padding, stride not dividing H − KH) the rows past it are never read: pad 0, let
 * the conv emit more than KH rows and slice the first KH off its small output.
 */
export function conv2DBackpropFilterKernel(tf: Tf): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as Conv2DBackpropFilterInputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
    if (!x || !dy) throw new Error('Conv2DBackpropFilter (wasm): needs inputs x and dy.');
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
      throw new Error(`Conv2DBackpropFilter (wasm): x and dy must be float32; got ${x.dtype} and ${dy.dtype}.`);
    }
    const be = backend as KernelBackend;
    const channelsLast = dataFormat !== 'NCHW';
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      channelsLast ? 'channelsLast' : 'channelsFirst',
    );
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
    const dyShape = channelsLast ? [info.batchSize, oh, ow, info.outChannels] : [info.batchSize, info.outChannels, oh, ow];
    if (dy.shape.join() !== dyShape.join()) {
      throw new Error(
        `Conv2DBackpropFilter (wasm): dy has shape [${dy.shape.join(', ')}] but x, filterShape, strides and pad ` +
          `give [${dyShape.join(', ')}].`,
      );
    }
    const padTop = info.padInfo.top;
    const padLeft = info.padInfo.left;
    const padBottom = Math.max(0, kh + (oh - 1) * sh - info.inHeight - padTop);
    const padRight = Math.max(0, kw + (ow - 1) * sw - info.inWidth - padLeft);

    const call = kernelCaller(tf, be, 'Conv2DBackpropFilter');
    const temps = scratch(be);
    const keep = temps.keep;
    try {
      // NHWC [N, H, W, Ci] or NCHW [N, Ci, H, W] → [Ci, H, W, N]; dy likewise → [OH, OW, N, Co].
      const xT = keep(call('Transpose', { x }, { perm: channelsLast ? [3, 1, 2, 0] : [1, 2, 3, 0] }));
      const dyT = keep(call('Transpose', { x: dy }, { perm: channelsLast ? [1, 2, 0, 3] : [2, 3, 0, 1] }));
      const convAttrs = {
        strides: [1, 1],
        pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [sh, sw],
      };
      let dw = keep(call('Conv2D', { x: xT, filter: dyT }, convAttrs)); // [Ci, ≥KH, ≥KW, Co]
      if (dw.shape[1] !== kh || dw.shape[2] !== kw) {
        dw = keep(call('Slice', { x: dw }, { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] }));
      }
      const out = call('Transpose', { x: dw }, { perm: [1, 2, 0, 3] }); // [KH, KW, Ci, Co]
      return out;
    } finally {
      temps.dispose();
    }
  };
}
