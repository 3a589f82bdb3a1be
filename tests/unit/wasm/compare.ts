// Shared by the wasm kernel tests: deterministic inputs, a scale-relative closeness check, and running one kernel on
// a backend with its temporaries accounted for.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';

export type BackendName = 'wasm' | 'cpu';

/** Deterministic values in [−1, 1) (an LCG), so both backends see the same inputs without a seeded RNG. */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** A float32 tensor of `values(size(shape), seed)`. */
export const filled = (shape: number[], seed: number) => tf.tensor(values(size(shape), seed), shape);

/** max |a − b| ≤ 1e-4 · max |expected|: relative to the tensor's scale, as entries near 0 have no useful relative error. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>) {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  expect(scale).toBeGreaterThan(0);
  expect(diff / scale).toBeLessThanOrEqual(1e-4);
}

export async function switchTo(backend: BackendName) {
  expect(await tf.setBackend(backend)).toBe(true);
}

/**
 * Runs kernel `name` on `backend` as its op would (several kernels here have no public op, and calling the kernel
 * pins down exactly what is tested), reads the result and disposes everything. Also asserts that the backend holds
 * no more data afterwards than before: a kernel's temporaries never reach the engine, so only it can free them.
 */
export async function runKernel(
  backend: BackendName,
  name: string,
  makeInputs: () => tf.NamedTensorMap,
  attrs: object,
): Promise<{ shape: number[]; values: tf.TypedArray }> {
  await switchTo(backend);
  const be = tf.backend();
  const before = be.numDataIds();
  const inputs = makeInputs();
  const out = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: out.shape, values: out.dataSync() };
  tf.dispose([...Object.values(inputs), out]);
  expect(be.numDataIds()).toBe(before);
  return result;
}

/**
 * tf.grads on `backend` of a weighted sum of `f(...inputs)`, so every output element gets a distinct upstream
 * gradient; inputs are `filled(shape, 10 + i)`. Returns each input's gradient.
 */
export async function gradsOn(
  backend: BackendName,
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  shapes: number[][],
): Promise<tf.TypedArray[]> {
  await switchTo(backend);
  return tf.tidy(() => {
    const xs = shapes.map((s, i) => filled(s, 10 + i));
    const gs = tf.grads((...args: tf.Tensor[]) => {
      const y = f(...args);
      return tf.sum(tf.mul(y, filled(y.shape, 99)));
    })(xs);
    return gs.map((g) => g.dataSync());
  });
}

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
type Shape4 = [number, number, number, number];

/** A row of the convolution-gradient kernel tables. */
export type ConvCase = {
  name: string;
  /** The conv's input (x, or dx's shape), NHWC [batch, height, width, inChannels], whatever dataFormat says (NCHW rows are transposed). */
  x: Shape4;
  kernel: [number, number];
  outChannels: number;
  strides: number | [number, number];
  pad: Pad;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

/** A row's conv input shape in its data format, its filter shape, the conv output (dy) shape, and the attrs both backprop kernels share. */
export function convShapes(c: ConvCase) {
  const dataFormat = c.dataFormat ?? 'NHWC';
  const [n, h, w, ci] = c.x;
  const inputShape: Shape4 = dataFormat === 'NHWC' ? [n, h, w, ci] : [n, ci, h, w];
  const filterShape: Shape4 = [c.kernel[0], c.kernel[1], ci, c.outChannels];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    c.strides,
    1,
    c.pad,
    c.dimRoundingMode,
    false,
    dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst',
  );
  return { inputShape, filterShape, dyShape: info.outShape, attrs: { strides: c.strides, pad: c.pad, dataFormat, dimRoundingMode: c.dimRoundingMode } };
}
