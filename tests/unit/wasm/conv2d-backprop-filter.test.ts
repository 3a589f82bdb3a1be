import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { convShapes, expectClose, filled, gradsOn, runKernel, switchTo, type BackendName, type ConvCase } from './compare';

type Case = ConvCase;

// Odd and even sizes, kernels 1–7, strides 1 and 2, 'valid' with a stride that does not divide (H − K) (the kernel's
// slice path), explicit and numeric pads, NCHW, batch 1 and > 1, assorted channel counts.
const CASES: Case[] = [
  { name: 'k1 s1 same, 5×5, 1→1, batch 1', x: [1, 5, 5, 1], kernel: [1, 1], outChannels: 1, strides: 1, pad: 'same' },
  { name: 'k1 s2 valid, 6×6, 3→2', x: [2, 6, 6, 3], kernel: [1, 1], outChannels: 2, strides: 2, pad: 'valid' },
  { name: 'k3 s1 same, 8×8, 3→4', x: [2, 8, 8, 3], kernel: [3, 3], outChannels: 4, strides: 1, pad: 'same' },
  { name: 'k3 s2 same, 9×9 odd, 2→5', x: [3, 9, 9, 2], kernel: [3, 3], outChannels: 5, strides: 2, pad: 'same' },
  { name: 'k3 s2 valid, 10×10 (slice path)', x: [2, 10, 10, 2], kernel: [3, 3], outChannels: 3, strides: 2, pad: 'valid' },
  { name: 'k4 s2 same, 8×8 even, 4→3', x: [3, 8, 8, 4], kernel: [4, 4], outChannels: 3, strides: 2, pad: 'same' },
  { name: 'k4 s2 same, 7×7 odd, 1→16 (DCGAN-like)', x: [4, 7, 7, 1], kernel: [4, 4], outChannels: 16, strides: 2, pad: 'same' },
  { name: 'k4 s2 valid, 9×9 (slice path)', x: [2, 9, 9, 1], kernel: [4, 4], outChannels: 2, strides: 2, pad: 'valid' },
  { name: 'k5 s1 valid, 10×7 non-square', x: [1, 10, 7, 2], kernel: [5, 5], outChannels: 3, strides: 1, pad: 'valid' },
  { name: 'k5 s2 valid, 11×11, 3→2', x: [2, 11, 11, 3], kernel: [5, 5], outChannels: 2, strides: 2, pad: 'valid' },
  { name: 'k5 s2 same, 12×12, 6→8', x: [2, 12, 12, 6], kernel: [5, 5], outChannels: 8, strides: 2, pad: 'same' },
  { name: 'k7 s2 same, 13×12, 1→4', x: [2, 13, 12, 1], kernel: [7, 7], outChannels: 4, strides: 2, pad: 'same' },
  { name: 'k7 s1 valid, 7×7 → 1×1', x: [1, 7, 7, 2], kernel: [7, 7], outChannels: 2, strides: 1, pad: 'valid' },
  { name: 'k3×5 kernel, strides [1, 2], same', x: [2, 8, 9, 3], kernel: [3, 5], outChannels: 2, strides: [1, 2], pad: 'same' },
  { name: 'numeric pad 1, k3 s2', x: [2, 9, 9, 2], kernel: [3, 3], outChannels: 3, strides: 2, pad: 1 },
  {
    name: 'numeric pad 1, k4 s2, floor rounding',
    x: [2, 9, 9, 2],
    kernel: [4, 4],
    outChannels: 2,
    strides: 2,
    pad: 1,
    dimRoundingMode: 'floor',
  },
  {
    name: 'explicit pads [1,2]×[0,1], k3 s2',
    x: [2, 8, 7, 2],
    kernel: [3, 3],
    outChannels: 3,
    strides: 2,
    pad: [[0, 0], [1, 2], [0, 1], [0, 0]],
  },
  { name: 'NCHW, k3 s2 same', x: [2, 8, 8, 3], kernel: [3, 3], outChannels: 4, strides: 2, pad: 'same', dataFormat: 'NCHW' },
];

/** The one helper every table row goes through: dW from the Conv2DBackpropFilter kernel on `backend` (which frees its transposes and conv output). */
async function filterGrad(backend: BackendName, c: Case) {
  const { inputShape, filterShape, dyShape, attrs } = convShapes(c);
  // conv2DBackpropFilter is not in tfjs's public op list, so the kernel is run the way that op runs it.
  const dw = await runKernel(backend, 'Conv2DBackpropFilter', () => ({ x: filled(inputShape, 1), dy: filled(dyShape, 2) }), { ...attrs, filterShape });
  expect(dw.shape).toEqual(filterShape);
  return dw.values;
}

beforeAll(async () => {
  registerWasmTrainingKernels(tf);
  await switchTo('wasm');
});

describe('registerWasmTrainingKernels', () => {
  it('registers Conv2DBackpropFilter for wasm once', () => {
    const first = tf.getKernel('Conv2DBackpropFilter', 'wasm') as tf.KernelConfig | undefined;
    expect(first).toBeDefined();
    registerWasmTrainingKernels(tf);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBe(first);
  });
});

describe('wasm Conv2DBackpropFilter matches the cpu kernel', () => {
  it.each(CASES)('$name', async (c) => {
    expectClose(await filterGrad('wasm', c), await filterGrad('cpu', c));
  });
});

describe('gradients on wasm match cpu', () => {
  type Shape4 = [number, number, number, number];
  type GradCase = { name: string; f: (x: tf.Tensor4D, k: tf.Tensor4D) => tf.Tensor; xs: Shape4; ks: Shape4 };
  const grads = (backend: BackendName, { f, xs, ks }: GradCase) => gradsOn(backend, (x, k) => f(x as tf.Tensor4D, k as tf.Tensor4D), [xs, ks]);
  const GRAD_CASES: GradCase[] = [
    { name: 'conv2d k4 s2 same', f: (x: tf.Tensor4D, k: tf.Tensor4D) => tf.conv2d(x, k, 2, 'same'), xs: [3, 10, 10, 2], ks: [4, 4, 2, 5] },
    { name: 'conv2d k3 s1 valid', f: (x: tf.Tensor4D, k: tf.Tensor4D) => tf.conv2d(x, k, 1, 'valid'), xs: [2, 7, 9, 3], ks: [3, 3, 3, 2] },
    {
      // Conv2DBackpropInput_grad.ts takes the filter gradient with conv2DBackpropFilter(ddx, dy, …).
      name: 'conv2dTranspose k4 s2 same (filter grad via Conv2DBackpropFilter)',
      f: (x: tf.Tensor4D, k: tf.Tensor4D) => tf.conv2dTranspose(x, k, [x.shape[0], 14, 14, 3], 2, 'same'),
      xs: [2, 7, 7, 4],
      ks: [4, 4, 3, 4],
    },
    {
      name: 'conv2dTranspose k3 s2 valid',
      f: (x: tf.Tensor4D, k: tf.Tensor4D) => tf.conv2dTranspose(x, k, [x.shape[0], 11, 11, 2], 2, 'valid'),
      xs: [2, 5, 5, 3],
      ks: [3, 3, 2, 3],
    },
  ];
  it.each(GRAD_CASES)('$name', async (c) => {
    const [cpuDx, cpuDk] = await grads('cpu', c);
    const [wasmDx, wasmDk] = await grads('wasm', c);
    expectClose(wasmDx!, cpuDx!);
    expectClose(wasmDk!, cpuDk!);
  });
});
