import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmOwnKernel, withWasmOwnKernels } from '../../../lib/tfjs/wasm-kernel-util';
import { registerWasmTrainingKernels, SPEED_ONLY_KERNELS } from '../../../lib/tfjs/wasm-training-kernels';
import { size, switchTo, values } from './compare';

// The kernels replaced for speed alone (wasm-shared-buffer.ts, wasm-leading-sum.ts, wasm-branchless.ts) must return
// exactly what wasm's own kernels return, bit for bit, on the configurations they take and on those they hand back.

/** Values in [−1, 1) scaled over nine decades, so sums round at every step, with specials mixed in where asked. */
function spread(n: number, seed: number, specials = false): Float32Array {
  const v = values(n, seed);
  const out = Float32Array.from(v, (x, i) => x * 10 ** ((i % 9) - 4));
  if (specials && n >= 8) [out[1], out[3], out[5], out[7]] = [-0, NaN, Infinity, -Infinity];
  return out;
}

/** Runs kernel `name` with wasm's own kernel or with the registered one; returns the result's shape, dtype and values. */
async function run(own: boolean, name: string, inputs: () => tf.NamedTensorMap, attrs: object) {
  const once = async () => {
    const ins = inputs();
    const out = tf.engine().runKernel(name, ins, attrs as tf.NamedAttrMap) as tf.Tensor;
    const result = { shape: out.shape, dtype: out.dtype, values: Array.from(await out.data()) };
    tf.dispose([...Object.values(ins), out]);
    return result;
  };
  return own ? withWasmOwnKernels(tf, [name], once) : once();
}

async function expectSame(name: string, inputs: () => tf.NamedTensorMap, attrs: object = {}) {
  const expected = await run(true, name, inputs, attrs);
  const actual = await run(false, name, inputs, attrs);
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  // Object.is: −0 must stay −0 and NaN stay NaN.
  const differ = actual.values.findIndex((v, i) => !Object.is(v, expected.values[i]));
  expect(differ, `first difference at ${differ}: ${actual.values[differ]} vs ${expected.values[differ]}`).toBe(-1);
}

const f32 = (shape: number[], seed: number, specials = false) => () => tf.tensor(spread(size(shape), seed, specials), shape);

beforeAll(async () => {
  registerWasmTrainingKernels(tf);
  await switchTo('wasm');
});

it('covers every speed-only kernel, each with wasm’s own kernel behind it', () => {
  for (const name of SPEED_ONLY_KERNELS) expect(wasmOwnKernel(tf, name)?.kernelName).toBe(name);
});

it('withWasmOwnKernels runs with wasm’s own kernels in, and puts the replacements back after a return, a throw or a rejection', async () => {
  const registered = () => SPEED_ONLY_KERNELS.map((name) => tf.getKernel(name, 'wasm')!.kernelFunc);
  const mine = registered();
  const own = SPEED_ONLY_KERNELS.map((name) => wasmOwnKernel(tf, name)!.kernelFunc);
  expect(withWasmOwnKernels(tf, SPEED_ONLY_KERNELS, registered)).toEqual(own);
  expect(registered()).toEqual(mine);
  expect(() =>
    withWasmOwnKernels(tf, SPEED_ONLY_KERNELS, () => {
      throw new Error('inside');
    }),
  ).toThrow('inside');
  expect(registered()).toEqual(mine);
  await expect(withWasmOwnKernels(tf, SPEED_ONLY_KERNELS, async () => Promise.reject(new Error('later')))).rejects.toThrow('later');
  expect(registered()).toEqual(mine);
  expect(() => withWasmOwnKernels(tf, ['Relu'], () => 0)).toThrow(/not replaced/);
});

describe('Sum and Mean over leading axes equal wasm’s bit for bit', () => {
  const CASES: { name: string; shape: number[]; axis: number | number[] | null; keepDims?: boolean }[] = [
    { name: 'conv bias gradient [8,5,5,24] over [0,1,2]', shape: [8, 5, 5, 24], axis: [0, 1, 2] },
    { name: 'dense bias gradient [33,13] over 0 (13 columns: 8 + 5)', shape: [33, 13], axis: 0 },
    { name: 'negative axes [-3, -2] on rank 3', shape: [6, 7, 3], axis: [-3, -2] },
    { name: 'leading axes out of order, [1, 0] (wasm’s own path: its sum runs in that order)', shape: [6, 7, 3], axis: [1, 0] },
    { name: 'keepDims', shape: [4, 3, 10], axis: [0, 1], keepDims: true },
    { name: 'one column', shape: [50, 1], axis: [0] },
    { name: 'not leading: [1,2] (wasm’s own path)', shape: [4, 3, 5, 6], axis: [1, 2] },
    { name: 'every axis (wasm’s own path)', shape: [4, 6], axis: null },
  ];
  for (const kernel of ['Sum', 'Mean']) {
    it.each(CASES)(`${kernel}: $name`, async (c) => {
      await expectSame(kernel, () => ({ x: f32(c.shape, 3)() }), { axis: c.axis ?? [...c.shape.keys()], keepDims: c.keepDims ?? false });
    });
  }
  it('with NaN and infinities among the values', async () => {
    await expectSame('Sum', () => ({ x: f32([9, 16], 4, true)() }), { axis: [0], keepDims: false });
    await expectSame('Mean', () => ({ x: f32([9, 16], 4, true)() }), { axis: [0], keepDims: false });
  });
  it('int32 Sum goes to wasm’s kernel', async () => {
    await expectSame('Sum', () => ({ x: tf.tensor(Int32Array.from({ length: 24 }, (_, i) => i * 7919 - 50000), [4, 6], 'int32') }), { axis: [0], keepDims: false });
  });
});

describe('Greater and LeakyRelu equal wasm’s bit for bit', () => {
  it.each([0, 0.25, -0])('Greater against the scalar %s, with −0, NaN and infinities in x', async (s) => {
    await expectSame('Greater', () => ({ a: f32([6, 7, 3], 5, true)(), b: tf.scalar(s) }));
  });
  it('Greater of two same-shaped tensors', async () => {
    await expectSame('Greater', () => ({ a: f32([5, 9], 6, true)(), b: f32([5, 9], 7)() }));
  });
  it('Greater with a broadcast operand and with int32 (wasm’s own path)', async () => {
    await expectSame('Greater', () => ({ a: f32([4, 5], 8)(), b: f32([4, 1], 9)() }));
    await expectSame('Greater', () => ({ a: tf.tensor([1, -2, 3], [3], 'int32'), b: tf.scalar(0, 'int32') }));
  });
  it.each([0.2, 0.01, 1e-12, 3])('LeakyRelu with alpha %s, with −0, NaN and infinities in x', async (alpha) => {
    await expectSame('LeakyRelu', () => ({ x: f32([7, 11], 10, true)() }), { alpha });
  });
  it('LeakyRelu on int32 goes to wasm’s kernel', async () => {
    await expectSame('LeakyRelu', () => ({ x: tf.tensor([3, -4, 0, 9], [4], 'int32') }), { alpha: 0.5 });
  });
});

describe('Identity and same-dtype Cast share the buffer', () => {
  it.each(['float32', 'int32', 'bool'] as const)('Identity of %s: same values, no new buffer, and it outlives its input', async (dtype) => {
    const make = () => tf.tidy(() => tf.cast(f32([3, 4], 11)(), dtype));
    await expectSame('Identity', () => ({ x: make() }));
    const x = make();
    const expected = Array.from(await x.data());
    const buffers = tf.backend().numDataIds();
    const y = tf.clone(x);
    expect(tf.backend().numDataIds()).toBe(buffers);
    x.dispose();
    expect(Array.from(await y.data())).toEqual(expected);
    y.dispose();
    expect(tf.backend().numDataIds()).toBe(buffers - 1);
  });
  it('Cast to its own dtype shares; a converting cast is wasm’s', async () => {
    await expectSame('Cast', () => ({ x: f32([2, 9], 12, true)() }), { dtype: 'float32' });
    await expectSame('Cast', () => ({ x: f32([2, 9], 13)() }), { dtype: 'int32' });
    await expectSame('Cast', () => ({ x: tf.tensor([0, 1, 1, 0], [4], 'bool') }), { dtype: 'float32' });
  });
});
