import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { expectClose, filled, gradsOn, runKernel, switchTo, type BackendName } from './compare';

type Case = { name: string; a: number[]; b: number[]; transposeA: boolean; transposeB: boolean };

// Each transpose combination; the DCGAN dense layers' gradient shapes; rank 3 and 4 with batch 1 (the output keeps
// the outer dims); and batched or broadcast products, which stay on wasm's kernel.
const CASES: Case[] = [
  { name: 'Aᵀ·B, 2-D', a: [6, 4], b: [6, 5], transposeA: true, transposeB: false },
  { name: 'A·Bᵀ, 2-D', a: [4, 6], b: [5, 6], transposeA: false, transposeB: true },
  { name: 'Aᵀ·Bᵀ, 2-D', a: [6, 4], b: [5, 6], transposeA: true, transposeB: true },
  { name: 'A·B, 2-D (untouched)', a: [4, 6], b: [6, 5], transposeA: false, transposeB: false },
  { name: 'dy·Wᵀ, [32,1]·[1568,1]ᵀ (DCGAN D dense dx)', a: [32, 1], b: [1568, 1], transposeA: false, transposeB: true },
  { name: 'xᵀ·dy, [32,1568]ᵀ·[32,1] (DCGAN D dense dW)', a: [32, 1568], b: [32, 1], transposeA: true, transposeB: false },
  { name: 'zᵀ·dy, [32,64]ᵀ·[32,1568] (DCGAN G dense dW)', a: [32, 64], b: [32, 1568], transposeA: true, transposeB: false },
  { name: 'dy·Wᵀ, [8,50]·[120,50]ᵀ (a small batch through a wide layer: run as (W·dyᵀ)ᵀ)', a: [8, 50], b: [120, 50], transposeA: false, transposeB: true },
  { name: 'Aᵀ·B, rank 3, batch 1', a: [1, 7, 3], b: [1, 7, 2], transposeA: true, transposeB: false },
  { name: 'A·Bᵀ, rank 4 × rank 2, batch 1', a: [1, 1, 3, 7], b: [2, 7], transposeA: false, transposeB: true },
  { name: 'A·Bᵀ, rank 4 × rank 2, batch 1, run as (B·Aᵀ)ᵀ', a: [1, 1, 3, 7], b: [20, 7], transposeA: false, transposeB: true },
  { name: 'Aᵀ·B, batch 3 (wasm fallback)', a: [3, 6, 4], b: [3, 6, 5], transposeA: true, transposeB: false },
  { name: 'A·Bᵀ, broadcast batch 3×1 (wasm fallback)', a: [3, 4, 6], b: [1, 5, 6], transposeA: false, transposeB: true },
];

/** The one helper every row goes through: the BatchMatMul kernel's output on `backend`. */
function product(backend: BackendName, c: Case) {
  return runKernel(backend, 'BatchMatMul', () => ({ a: filled(c.a, 1), b: filled(c.b, 2) }), {
    transposeA: c.transposeA,
    transposeB: c.transposeB,
  });
}

beforeAll(async () => {
  registerWasmTrainingKernels(tf);
  await switchTo('wasm');
});

describe('wasm BatchMatMul matches the cpu kernel', () => {
  it.each(CASES)('$name', async (c) => {
    const expected = await product('cpu', c);
    const actual = await product('wasm', c);
    expect(actual.shape).toEqual(expected.shape);
    expectClose(actual.values, expected.values);
  });
});

describe('a·bᵀ run as (b·aᵀ)ᵀ equals a·(bᵀ materialised) bit for bit', () => {
  // Both run on XNNPACK with the shared axis innermost, so each output is the same products added in the same order.
  it.each([
    { a: [8, 50], b: [120, 50] },
    { a: [5, 37], b: [70, 37] },
    { a: [16, 300], b: [200, 300] },
    { a: [1, 1, 3, 17], b: [40, 17] },
  ])('$a · $bᵀ', async ({ a, b }) => {
    await switchTo('wasm');
    const [direct, viaTranspose] = tf.tidy(() => {
      const x = filled(a, 3);
      const w = filled(b, 4);
      const kernel = (bb: tf.Tensor, transposeB: boolean) => tf.engine().runKernel('BatchMatMul', { a: x, b: bb }, { transposeA: false, transposeB }) as tf.Tensor;
      return [kernel(w, true).dataSync(), kernel(tf.transpose(w), false).dataSync()];
    });
    expect(Array.from(direct)).toEqual(Array.from(viaTranspose));
  });
});

describe("a dense layer's gradients on wasm match cpu", () => {
  it.each([
    { name: 'x·W', f: (x: tf.Tensor, w: tf.Tensor) => tf.matMul(x, w), shapes: [[8, 12], [12, 5]] },
    { name: 'xᵀ·W', f: (x: tf.Tensor, w: tf.Tensor) => tf.matMul(x, w, true), shapes: [[12, 8], [12, 5]] },
    { name: 'x·Wᵀ', f: (x: tf.Tensor, w: tf.Tensor) => tf.matMul(x, w, false, true), shapes: [[8, 12], [5, 12]] },
  ])('$name', async ({ f, shapes }) => {
    const expected = await gradsOn('cpu', f, shapes);
    const actual = await gradsOn('wasm', f, shapes);
    actual.forEach((a, i) => expectClose(a, expected[i]!));
  });
});
