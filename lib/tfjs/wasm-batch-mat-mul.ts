import type { BatchMatMulAttrs, BatchMatMulInputs, KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { kernelCaller, scratch, type Tf } from './wasm-kernel-util';

/**
 * A wasm `BatchMatMul` that keeps transposed products on XNNPACK. wasm's kernel (cc/batch_mat_mul_impl.cc) runs
 * XNNPACK's fully-connected operator only for a batch of 1 with neither transposeA nor transposeB; anything else goes
 * to a blocked scalar loop. matMul's gradient (tfjs-core gradients/BatchMatMul_grad.ts) always asks for a transpose
 * (dA = dy·Bᵀ, dB = Aᵀ·dy), so every dense layer's backward pass took the loop. Here, for batch 1, the transposed
 * operands are materialised with wasm's Transpose (a C++ copy, cheap beside the product) and the product runs
 * untransposed, i.e. on XNNPACK. The products and sums are the same; only their order, hence rounding, differs.
 *
 * Batched products (batch > 1) and non-float32 inputs go to `fallback`, wasm's own kernel: XNNPACK is not used for
 * them either way.
 */
export function batchMatMulKernel(tf: Tf, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs as BatchMatMulInputs;
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    if (!a || !b) throw new Error('BatchMatMul (wasm): needs inputs a and b.');
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args);
    if (batchOf(a) !== 1 || batchOf(b) !== 1) return fallback(args);
    const be = backend as KernelBackend;
    const call = kernelCaller(tf, be, 'BatchMatMul');
    const temps = scratch(be);
    try {
      const swapLast = (t: TensorInfo) => {
        const perm = t.shape.map((_, i) => i);
        const rank = perm.length;
        [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
        return temps.keep(call('Transpose', { x: t }, { perm }));
      };
      const a2 = transposeA ? swapLast(a) : a;
      const b2 = transposeB ? swapLast(b) : b;
      return fallback({ inputs: { a: a2, b: b2 }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      temps.dispose();
    }
  };
}

/** The product of the dims before the matrix dims; matMul only runs on rank ≥ 2. */
function batchOf(t: TensorInfo): number {
  return t.shape.slice(0, -2).reduce((p, d) => p * d, 1);
}
