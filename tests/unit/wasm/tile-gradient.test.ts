import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerTileGradient } from '../../../lib/tfjs/tile-gradient';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { expectClose, filled, switchTo } from './compare';

// tfjs-core's own Tile gradient (one slice + add per repetition), kept before ours replaces it: the reference.
const original = tf.getGradient('Tile');
type Grad = NonNullable<typeof original>;
let ours: Grad;

beforeAll(async () => {
  registerWasmTrainingKernels(tf);
  registerTileGradient(tf);
  ours = tf.getGradient('Tile')!;
  await switchTo('wasm');
});

const CASES = [
  { name: "batch norm's tile, [1,1,1,16] × [8,14,14,1]", shape: [1, 1, 1, 16], reps: [8, 14, 14, 1] },
  { name: 'rank 1', shape: [5], reps: [3] },
  { name: 'rank 2, both axes', shape: [2, 3], reps: [2, 4] },
  { name: 'rank 3, middle and inner', shape: [2, 3, 4], reps: [1, 3, 2] },
  { name: 'rank 4, reps all 1', shape: [2, 1, 3, 2], reps: [1, 1, 1, 1] },
];

/** The gradient of tile(x, reps) for a given dy, through `grad`, read and disposed. */
function gradient(grad: Grad, shape: number[], reps: number[]) {
  return tf.tidy(() => {
    const x = filled(shape, 3);
    const dy = filled(shape.map((s, i) => s * reps[i]!), 5);
    return (grad.gradFunc(dy, [x], { reps }) as { x: () => tf.Tensor }).x().dataSync();
  });
}

describe('Tile gradient', () => {
  it('replaces the registered gradient, and registering again keeps the same one', () => {
    expect(original).toBeDefined();
    expect(ours).not.toBe(original);
    registerTileGradient(tf);
    expect(tf.getGradient('Tile')).toBe(ours);
  });

  it.each(CASES)('equals tfjs-core’s sum of slices: $name', ({ shape, reps }) => {
    expectClose(gradient(ours, shape, reps), gradient(original!, shape, reps));
  });

  it('is a handful of kernels, not one slice + add per repetition', async () => {
    const x = filled([1, 1, 1, 16], 3);
    const dy = filled([8, 14, 14, 16], 5);
    const kernels = async (grad: Grad) => {
      const profile = await tf.profile(() => (grad.gradFunc(dy, [x], { reps: [8, 14, 14, 1] }) as { x: () => tf.Tensor }).x());
      tf.dispose(profile.result as tf.Tensor);
      return profile.kernels.length;
    };
    // 8 × 14 × 14 = 1,568 repetitions: tfjs-core's loop runs a slice and an add for each.
    expect(await kernels(original!)).toBeGreaterThan(2 * 1_568);
    expect(await kernels(ours)).toBeLessThanOrEqual(4);
    tf.dispose([x, dy]);
  });

  it("gives a double backward through batch norm the same gradient as tfjs-core's (WGAN-GP's penalty)", () => {
    // ∂/∂w of ‖∂/∂x Σ tanh(batchNorm(x·w))‖²: the penalty's path to a weight before a normalisation layer, whose
    // batch variance depends on w, so the second derivative goes through Tile's gradient.
    const penaltyGradient = (grad: Grad) => {
      let calls = 0;
      tf.registerGradient({ ...grad, gradFunc: (...args) => (calls++, grad.gradFunc(...args)) });
      const values = tf.tidy(() => {
        const x = filled([4, 3, 3, 5], 11);
        const w = filled([5], 13).add(1.5);
        const critic = (weight: tf.Tensor) => (xs: tf.Tensor) => {
          const h = xs.mul(weight);
          const { mean, variance } = tf.moments(h, [0, 1, 2]);
          return tf.tanh(tf.batchNorm(h, mean, variance, tf.zeros([5]), tf.ones([5]), 1e-3)).sum();
        };
        return tf.grad((weight: tf.Tensor) => tf.grad(critic(weight))(x).square().sum())(w).dataSync();
      });
      return { values, calls };
    };
    const reference = penaltyGradient(original!);
    const fixed = penaltyGradient(ours);
    tf.registerGradient(ours);
    expect(reference.calls).toBeGreaterThan(0);
    expect(fixed.calls).toBe(reference.calls);
    expectClose(fixed.values, reference.values);
  });
});
