import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2DBackpropInputKernel, planAxis } from '../../../lib/tfjs/wasm-conv2d-backprop-input';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { convShapes, expectClose, filled, gradsOn, runKernel, size, switchTo, type BackendName, type ConvCase } from './compare';

type Case = ConvCase;

// Kernels 1–7 (even ones, where 'same' pads asymmetrically), strides 1–3 and mixed, odd and even sizes, batch 1 and
// > 1, channel counts 1–32, numeric and explicit pads; the DCGAN bench's shapes; and the rows that must go to wasm's
// own kernel (a pad past the filter, NCHW).
const CASES: Case[] = [
  { name: 'k1 s1 same, 5×5, 1←1, batch 1', x: [1, 5, 5, 1], kernel: [1, 1], outChannels: 1, strides: 1, pad: 'same' },
  { name: 'k1 s2 valid, 6×6 (kernel < stride)', x: [2, 6, 6, 3], kernel: [1, 1], outChannels: 2, strides: 2, pad: 'valid' },
  { name: 'k2 s2 valid, 8×8 even', x: [2, 8, 8, 3], kernel: [2, 2], outChannels: 2, strides: 2, pad: 'valid' },
  { name: 'k2 s2 same, 7×7 odd', x: [2, 7, 7, 2], kernel: [2, 2], outChannels: 3, strides: 2, pad: 'same' },
  { name: 'k3 s1 same, 8×8, 3←4', x: [2, 8, 8, 3], kernel: [3, 3], outChannels: 4, strides: 1, pad: 'same' },
  { name: 'k3 s1 valid, 9×8, batch 1', x: [1, 9, 8, 2], kernel: [3, 3], outChannels: 5, strides: 1, pad: 'valid' },
  { name: 'k3 s2 same, 9×9 (zero taps)', x: [3, 9, 9, 2], kernel: [3, 3], outChannels: 5, strides: 2, pad: 'same' },
  { name: 'k3 s2 valid, 10×10', x: [2, 10, 10, 2], kernel: [3, 3], outChannels: 3, strides: 2, pad: 'valid' },
  { name: 'k4 s2 same, 14×14, 16←32 (DCGAN G conv T 1)', x: [8, 14, 14, 16], kernel: [4, 4], outChannels: 32, strides: 2, pad: 'same' },
  { name: 'k4 s2 same, 28×28, 1←16 (DCGAN G conv T 2)', x: [4, 28, 28, 1], kernel: [4, 4], outChannels: 16, strides: 2, pad: 'same' },
  { name: 'k4 s2 same, 7×7 odd', x: [2, 7, 7, 4], kernel: [4, 4], outChannels: 3, strides: 2, pad: 'same' },
  { name: 'k4 s1 same, 6×6 (pad 1 top, 2 bottom)', x: [2, 6, 6, 2], kernel: [4, 4], outChannels: 3, strides: 1, pad: 'same' },
  { name: 'k4 s2 valid, 9×9', x: [2, 9, 9, 1], kernel: [4, 4], outChannels: 2, strides: 2, pad: 'valid' },
  { name: 'k5 s1 valid, 10×7 non-square', x: [1, 10, 7, 2], kernel: [5, 5], outChannels: 3, strides: 1, pad: 'valid' },
  { name: 'k5 s2 same, 12×12, 6←8', x: [2, 12, 12, 6], kernel: [5, 5], outChannels: 8, strides: 2, pad: 'same' },
  { name: 'k5 s3 same, 11×13', x: [2, 11, 13, 2], kernel: [5, 5], outChannels: 3, strides: 3, pad: 'same' },
  { name: 'k6 s2 same, 11×10', x: [2, 11, 10, 3], kernel: [6, 6], outChannels: 2, strides: 2, pad: 'same' },
  { name: 'k7 s2 same, 13×12, 1←4', x: [2, 13, 12, 1], kernel: [7, 7], outChannels: 4, strides: 2, pad: 'same' },
  { name: 'k7 s1 valid, 7×7 from 1×1', x: [1, 7, 7, 2], kernel: [7, 7], outChannels: 2, strides: 1, pad: 'valid' },
  { name: 'k3×5, strides [1, 2], same', x: [2, 8, 9, 3], kernel: [3, 5], outChannels: 2, strides: [1, 2], pad: 'same' },
  { name: 'k4×3, strides [2, 1], valid', x: [2, 9, 8, 2], kernel: [4, 3], outChannels: 3, strides: [2, 1], pad: 'valid' },
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
    name: 'explicit pads [1,2]×[0,3], k3 s2',
    x: [2, 8, 7, 2],
    kernel: [3, 3],
    outChannels: 3,
    strides: 2,
    pad: [[0, 0], [1, 2], [0, 3], [0, 0]],
  },
  {
    name: 'explicit pads past the filter, k3 s2 (wasm fallback)',
    x: [2, 8, 7, 2],
    kernel: [3, 3],
    outChannels: 3,
    strides: 2,
    pad: [[0, 0], [5, 1], [0, 6], [0, 0]],
  },
  { name: 'NCHW, k3 s2 same (wasm fallback)', x: [2, 8, 9, 3], kernel: [3, 3], outChannels: 4, strides: 2, pad: 'same', dataFormat: 'NCHW' },
];

// Every kernel size × stride × padding on an odd and an even size, small enough to run them all.
const SWEEP: Case[] = [1, 2, 3, 4, 5, 6, 7].flatMap((k) =>
  [1, 2, 3].flatMap((s) =>
    (['same', 'valid'] as const).flatMap((pad) =>
      [k + 3, k + 4].map(
        (h): Case => ({ name: `k${k} s${s} ${pad} ${h}×${h + 1}`, x: [2, h, h + 1, 2], kernel: [k, k], outChannels: 3, strides: s, pad }),
      ),
    ),
  ),
);

function kernelArgs(c: Case) {
  const { inputShape, filterShape, dyShape, attrs } = convShapes(c);
  return { inputShape, filterShape, dyShape, attrs: { inputShape, ...attrs } };
}

/** The one helper every table row goes through: dx from the Conv2DBackpropInput kernel on `backend`. */
async function inputGrad(backend: BackendName, c: Case) {
  const { inputShape, filterShape, dyShape, attrs } = kernelArgs(c);
  const dx = await runKernel(backend, 'Conv2DBackpropInput', () => ({ dy: filled(dyShape, 1), filter: filled(filterShape, 2) }), attrs);
  expect(dx.shape).toEqual(inputShape);
  return dx.values;
}

beforeAll(async () => {
  registerWasmTrainingKernels(tf);
  await switchTo('wasm');
});

describe('planAxis (the sub-pixel plan of one axis)', () => {
  it.each([
    // inSize, dySize, k, s, padTop → plan
    { at: [14, 7, 4, 2, 1], plan: { taps: 2, padBefore: 1, padAfter: 1, positions: 8, crop: 1 } }, // DCGAN 'same'
    { at: [9, 3, 4, 2, 0], plan: { taps: 2, padBefore: 1, padAfter: 2, positions: 5, crop: 0 } }, // 'valid', 2 spare rows
    { at: [8, 8, 3, 1, 1], plan: { taps: 3, padBefore: 1, padAfter: 1, positions: 8, crop: 0 } }, // stride 1: no crop
    { at: [6, 3, 1, 2, 0], plan: { taps: 1, padBefore: 0, padAfter: 0, positions: 3, crop: 0 } }, // kernel < stride
  ])('$at → $plan', ({ at, plan }) => {
    const [inSize, dySize, k, s, padTop] = at as [number, number, number, number, number];
    expect(planAxis(inSize, dySize, k, s, padTop)).toEqual(plan);
  });
  it('declines a top pad that dy rows only ever meet as padding', () => {
    expect(planAxis(8, 6, 3, 2, 5)).toBeNull();
  });
});

describe('wasm Conv2DBackpropInput matches the cpu kernel', () => {
  it.each(CASES)('$name', async (c) => {
    expectClose(await inputGrad('wasm', c), await inputGrad('cpu', c));
  });
  it.each(SWEEP)('sweep $name', async (c) => {
    expectClose(await inputGrad('wasm', c), await inputGrad('cpu', c));
  });
});

describe('which path runs', () => {
  /** Calls the kernel directly with a fallback that records being asked; returns whether it was. */
  async function fellBack(c: Case): Promise<boolean> {
    await switchTo('wasm');
    const { filterShape, dyShape, attrs } = kernelArgs(c);
    let asked = false;
    const original = tf.getKernel('Conv2DBackpropInput', 'wasm')!.kernelFunc;
    const kernel = conv2DBackpropInputKernel(tf, (args) => ((asked = true), original(args)));
    const [dy, filter] = [filled(dyShape, 1), filled(filterShape, 2)];
    const out = kernel({ inputs: { dy, filter }, backend: tf.backend(), attrs: attrs as unknown as tf.NamedAttrMap });
    tf.dispose([dy, filter, tf.engine().makeTensorFromTensorInfo(out as tf.TensorInfo)]);
    return asked;
  }
  const row = (name: string) => CASES.find((c) => c.name.startsWith(name))!;
  it('uses XNNPACK for NHWC float32, whatever the stride and padding', async () => {
    for (const name of ['k4 s2 same, 14×14', 'k3 s1 same', 'k5 s3 same', 'k3×5, strides [1, 2]', 'explicit pads [1,2]']) {
      expect(await fellBack(row(name))).toBe(false);
    }
  });
  it("hands NCHW and pads past the filter to wasm's own kernel", async () => {
    expect(await fellBack(row('NCHW'))).toBe(true);
    expect(await fellBack(row('explicit pads past the filter'))).toBe(true);
  });
});

describe('gradients through the kernel on wasm match cpu', () => {
  type GradCase = { name: string; f: (x: tf.Tensor, k: tf.Tensor) => tf.Tensor; x: number[]; k: number[] };
  const convT = (out: number[], s: number | [number, number], pad: 'same' | 'valid') => (x: tf.Tensor, k: tf.Tensor) =>
    tf.conv2dTranspose(x as tf.Tensor4D, k as tf.Tensor4D, [x.shape[0]!, out[0]!, out[1]!, k.shape[2]!], s, pad);
  const conv = (s: number | [number, number], pad: 'same' | 'valid') => (x: tf.Tensor, k: tf.Tensor) =>
    tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, s, pad);
  // conv2dTranspose runs Conv2DBackpropInput forward; its dx is Conv2D, its dFilter Conv2DBackpropFilter. conv2d's dx
  // is Conv2DBackpropInput.
  const GRAD_CASES: GradCase[] = [
    { name: 'conv2dTranspose k4 s2 same 7→14 (DCGAN)', f: convT([14, 14], 2, 'same'), x: [3, 7, 7, 8], k: [4, 4, 5, 8] },
    { name: 'conv2dTranspose k4 s2 same 7→13 (odd)', f: convT([13, 13], 2, 'same'), x: [2, 7, 7, 3], k: [4, 4, 2, 3] },
    { name: 'conv2dTranspose k5 s2 valid 4→12', f: convT([12, 12], 2, 'valid'), x: [2, 4, 4, 3], k: [5, 5, 2, 3] },
    { name: 'conv2dTranspose k2 s2 same 5→10', f: convT([10, 10], 2, 'same'), x: [2, 5, 5, 4], k: [2, 2, 3, 4] },
    { name: 'conv2dTranspose k3 s1 same 6→6', f: convT([6, 6], 1, 'same'), x: [1, 6, 6, 2], k: [3, 3, 4, 2] },
    { name: 'conv2dTranspose k3 s[1,2] same', f: convT([6, 10], [1, 2], 'same'), x: [2, 6, 5, 2], k: [3, 3, 3, 2] },
    { name: 'conv2d k4 s2 same 13×13', f: conv(2, 'same'), x: [2, 13, 13, 3], k: [4, 4, 3, 4] },
    { name: 'conv2d k7 s2 same', f: conv(2, 'same'), x: [2, 12, 11, 2], k: [7, 7, 2, 3] },
    { name: 'conv2d k3 s1 valid', f: conv(1, 'valid'), x: [2, 7, 9, 3], k: [3, 3, 3, 2] },
  ];
  it.each(GRAD_CASES)('$name', async (c) => {
    const expected = await gradsOn('cpu', c.f, [c.x, c.k]);
    const actual = await gradsOn('wasm', c.f, [c.x, c.k]);
    expect(actual.map((a) => a.length)).toEqual([size(c.x), size(c.k)]);
    actual.forEach((a, i) => expectClose(a, expected[i]!));
  });
});
