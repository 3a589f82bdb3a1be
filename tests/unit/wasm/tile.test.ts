import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { runKernel, size, switchTo, values, type BackendName } from './compare';

type Case = { name: string; shape: number[]; reps: number[]; dtype?: 'float32' | 'int32' | 'bool' };

// batchNorm's gradient tiles ([16] over a conv activation, [1568] over a batch); then ranks 1–5, tiling inner, outer
// and middle axes, rows shorter and longer than the copy threshold, empty results, and int32 and bool.
const CASES: Case[] = [
  { name: 'BN grad: [1,1,1,16] × [32,14,14,1]', shape: [1, 1, 1, 16], reps: [32, 14, 14, 1] },
  { name: 'BN grad: [1,1,1,1568] × [1,1,32,1]', shape: [1, 1, 1, 1568], reps: [1, 1, 32, 1] },
  { name: 'rank 1', shape: [5], reps: [3] },
  { name: 'rank 2, both axes', shape: [2, 3], reps: [2, 4] },
  { name: 'rank 3, middle and inner', shape: [2, 3, 4], reps: [1, 3, 2] },
  { name: 'rank 3, outer only, rows of 20', shape: [3, 2, 20], reps: [5, 1, 1] },
  { name: 'rank 5 with unit dims', shape: [1, 2, 1, 3, 1], reps: [2, 1, 3, 1, 2] },
  { name: 'reps all 1', shape: [3, 4], reps: [1, 1] },
  { name: 'a zero rep', shape: [3, 4], reps: [2, 0] },
  { name: 'int32', shape: [2, 3], reps: [3, 2], dtype: 'int32' },
  { name: 'bool', shape: [2, 2], reps: [2, 3], dtype: 'bool' },
];

/** The one helper every row goes through: the Tile kernel's output on `backend`. */
function tiled(backend: BackendName, c: Case) {
  const x = () => {
    const v = values(size(c.shape), 7);
    if (c.dtype === 'int32') return tf.tensor(Int32Array.from(v, (e) => Math.round(e * 100)), c.shape, 'int32');
    if (c.dtype === 'bool') return tf.tensor(Uint8Array.from(v, (e) => (e > 0 ? 1 : 0)), c.shape, 'bool');
    return tf.tensor(v, c.shape);
  };
  return runKernel(backend, 'Tile', () => ({ x: x() }), { reps: c.reps });
}

beforeAll(async () => {
  registerWasmTrainingKernels(tf);
  await switchTo('wasm');
});

describe('wasm Tile equals the cpu kernel exactly', () => {
  it.each(CASES)('$name', async (c) => {
    const expected = await tiled('cpu', c);
    const actual = await tiled('wasm', c);
    expect(actual.shape).toEqual(expected.shape);
    expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
  });
});
