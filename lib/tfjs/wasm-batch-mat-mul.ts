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
 * Which operand is transposed: XNNPACK packs its weights operand (b) on every call, since wasm caches the packing by
 * tensor id and training makes new tensors every step; with the transpose, b is moved twice. For a dense layer's
 * dx = dy·Wᵀ that is the whole weight matrix twice a call, though dy has only a batch of rows. When it moves less, the
 * product runs as (W·dyᵀ)ᵀ instead: dy is transposed and packed, W is read in place, and the [batch, in] result is
 * transposed back. The sums are the same products added in the same order (XNNPACK's GEMM adds along the shared
 * axis, one accumulator per output), so the results are bit-identical (tests/unit/wasm/batch-mat-mul.test.ts). Measured
 * with a fresh W per call, one thread: gan-mlp-mnist's [64, 784]·[1024, 784]ᵀ 15.0 → 6.0 ms, [64, 1024]·[512, 1024]ᵀ
 * 8.3 → 3.7 ms, ring8-2d's [128, 256]·[256, 256]ᵀ 1.29 → 1.08 ms.
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
      const swapLast = (t: TensorInfo) => temps.keep(call('Transpose', { x: t }, { perm: lastSwapped(t) }));
      const untransposed = { ...attrs, transposeA: false, transposeB: false };
      if (!transposeA && rowsTimesWeights(a, b)) {
        // a·bᵀ as (b·aᵀ)ᵀ: see "Which operand is transposed" above.
        const product = temps.keep(fallback({ inputs: { a: b, b: swapLast(a) }, backend, attrs: untransposed }) as TensorInfo);
        return call('Transpose', { x: product }, { perm: lastSwapped(product) });
      }
      const a2 = transposeA ? swapLast(a) : a;
      const b2 = transposeB ? swapLast(b) : b;
      return fallback({ inputs: { a: a2, b: b2 }, backend, attrs: untransposed });
    } finally {
      temps.dispose();
    }
  };
}

/** The permutation that swaps t's last two axes. */
function lastSwapped(t: TensorInfo): number[] {
  const perm = t.shape.map((_, i) => i);
  const rank = perm.length;
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return perm;
}

/**
 * Whether a·bᵀ (a [M, N], b [K, N]) is cheaper as (b·aᵀ)ᵀ: that moves a twice and the [M, K] product once
 * (2·M·N + M·K elements) instead of moving b twice (2·K·N) — true for a dense layer's dx = dy·Wᵀ whenever the batch
 * is small beside the layer.
 */
function rowsTimesWeights(a: TensorInfo, b: TensorInfo): boolean {
  const m = a.shape[a.shape.length - 2]!;
  const n = a.shape[a.shape.length - 1]!;
  const k = b.shape[b.shape.length - 2]!;
  return 2 * m * n + m * k < 2 * k * n;
}

/** The product of the dims before the matrix dims; matMul only runs on rank ≥ 2. */
function batchOf(t: TensorInfo): number {
  return t.shape.slice(0, -2).reduce((p, d) => p * d, 1);
}
