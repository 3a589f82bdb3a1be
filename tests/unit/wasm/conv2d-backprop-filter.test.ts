import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { expectClose, size, switchTo, values } from './compare';

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
type Case = {
  name: string;
  /** NHWC [batch, height, width, inChannels], whatever dataFormat says (NCHW cases are transposed for tfjs). */
  x: [number, number, number, number];
  kernel: [number, number];
  outChannels: number;
  strides: number | [number, number];
  pad: Pad;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

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

/** The one helper every table row goes through: dW from the Conv2DBackpropFilter kernel on `backend`. */
async function filterGrad(backend: 'wasm' | 'cpu', c: Case): Promise<Float32Array> {
  await switchTo(backend);
  const format = c.dataFormat ?? 'NHWC';
  const [n, h, w, ci] = c.x;
  const filterShape: [number, number, number, number] = [c.kernel[0], c.kernel[1], ci, c.outChannels];
  const xShape: [number, number, number, number] = format === 'NHWC' ? [n, h, w, ci] : [n, ci, h, w];
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    c.strides,
    1,
    c.pad,
    c.dimRoundingMode,
    false,
    format === 'NHWC' ? 'channelsLast' : 'channelsFirst',
  );
  const x = tf.tensor(values(size(xShape), 1), xShape);
  const dy = tf.tensor(values(size(info.outShape), 2), info.outShape);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: format, dimRoundingMode: c.dimRoundingMode, filterShape };
  // conv2DBackpropFilter is not in tfjs's public op list, so the kernel is run the way that op runs it.
  const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  expect(dw.shape).toEqual(filterShape);
  const out = dw.dataSync() as Float32Array;
  tf.dispose([x, dy, dw]);
  return out;
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
    const expected = await filterGrad('cpu', c);
    await switchTo('wasm');
    const backend = tf.backend();
    const before = backend.numDataIds();
    const actual = await filterGrad('wasm', c);
    expect(backend.numDataIds()).toBe(before); // its transposes and conv output were freed
    expectClose(actual, expected);
  });
});

describe('gradients on wasm match cpu', () => {
  /** tf.grads of a weighted sum of `f(x, filter)`, so every output element gets a distinct upstream gradient. */
  type Shape4 = [number, number, number, number];
  type GradCase = { name: string; f: (x: tf.Tensor4D, k: tf.Tensor4D) => tf.Tensor; xs: Shape4; ks: Shape4 };
  async function grads(backend: 'wasm' | 'cpu', { f, xs, ks }: GradCase) {
    await switchTo(backend);
    return tf.tidy(() => {
      const x = tf.tensor(values(size(xs), 3), xs) as tf.Tensor4D;
      const k = tf.tensor(values(size(ks), 4), ks) as tf.Tensor4D;
      const [dx, dk] = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
        const y = f(a as tf.Tensor4D, b as tf.Tensor4D);
        return tf.sum(tf.mul(y, tf.tensor(values(y.size, 5), y.shape)));
      })([x, k]) as [tf.Tensor, tf.Tensor];
      return [dx.dataSync() as Float32Array, dk.dataSync() as Float32Array];
    });
  }
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
