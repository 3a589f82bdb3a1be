import type { KernelFunc, TileAttrs, TileInputs } from '@tensorflow/tfjs';
import { asWasm } from './wasm-kernel-util';

/**
 * A wasm `Tile` made of block copies. wasm's kernel (cc/kernels/Tile.cc, `tile_slow`) maps every output element back
 * to its input element, building two index vectors per element. batchNorm's gradient (tfjs-core
 * gradients/FusedBatchNorm_grad.ts) tiles a per-channel vector over the whole activation: the DCGAN bench's two Tiles
 * per step ([16] over [32, 14, 14, 16], [1568] over 32 rows) took ~17 ms, more than all its Conv2D calls; here ~0.1 ms.
 *
 * Row-major, the output along axis d is x's rows along d followed by reps[d] − 1 copies of them, so it is built
 * innermost-first: copy each innermost row of x, then repeat each finished block with copyWithin, doubling. That is
 * about x.size / x.shape[rank−1] row copies plus a few block copies per tiled axis, instead of one index computation
 * per output element. Values are copied, not computed, so the result is bit-identical.
 *
 * Strings go to `fallback` (wasm keeps them off the heap).
 */
export function tileKernel(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs as TileInputs;
    const { reps } = attrs as unknown as TileAttrs;
    if (!x) throw new Error('Tile (wasm): needs input x.');
    if (x.dtype === 'string' || reps.length !== x.shape.length) return fallback(args);
    const be = asWasm(backend);
    const shape = x.shape;
    const outShape = shape.map((d, i) => d * reps[i]!);
    const out = be.makeOutput(outShape, x.dtype);
    if (outShape.some((d) => d === 0)) return out;
    const src = be.typedArrayFromHeap(x);
    const dst = be.typedArrayFromHeap(out);
    if (shape.length === 0) {
      dst[0] = src[0]!;
      return out;
    }
    const rank = shape.length;
    const inStrides = strides(shape);
    const outStrides = strides(outShape);
    const inner = shape[rank - 1]!;
    /** Writes the tiled block of axes d… for x's sub-block at `inOff` into dst at `outOff`. */
    const fill = (d: number, inOff: number, outOff: number): void => {
      let block: number;
      if (d === rank - 1) {
        if (inner >= 16) dst.set(src.subarray(inOff, inOff + inner), outOff);
        else for (let i = 0; i < inner; i++) dst[outOff + i] = src[inOff + i]!;
        block = inner;
      } else {
        for (let i = 0; i < shape[d]!; i++) fill(d + 1, inOff + i * inStrides[d]!, outOff + i * outStrides[d]!);
        block = shape[d]! * outStrides[d]!;
      }
      const r = reps[d]!;
      for (let done = 1; done < r; ) {
        const n = Math.min(done, r - done);
        dst.copyWithin(outOff + done * block, outOff, outOff + n * block);
        done += n;
      }
    };
    fill(0, 0, 0);
    return out;
  };
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}
