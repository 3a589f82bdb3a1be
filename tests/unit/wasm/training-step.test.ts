import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withWasmOwnKernels } from '../../../lib/tfjs/wasm-kernel-util';
import { registerWasmTrainingKernels, SPEED_ONLY_KERNELS } from '../../../lib/tfjs/wasm-training-kernels';
import { expectClose, filled, switchTo, type BackendName } from './compare';

const B = 4;
const Z = 8;

/** variableGrads' map as the list applyGradients is typed to take (tfjs 4.22 types it NamedVariableMap otherwise). */
const named = (grads: tf.NamedTensorMap) => Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));

/**
 * A tiny DCGAN that runs every kernel registerWasmTrainingKernels touches: conv2dTranspose (Conv2DBackpropInput
 * forward, Conv2DBackpropFilter backward), conv2d's dx (Conv2DBackpropInput), dense gradients (BatchMatMul with
 * transposes) and batchNorm's gradient (Tile). Deterministic weights, so two backends start from the same point.
 */
function tinyGan(optimizer: () => tf.Optimizer) {
  const v = (shape: number[], seed: number, scale = 0.2) => tf.variable(tf.mul(filled(shape, seed), scale), true);
  const g = [v([Z, 4 * 4 * 4], 1), v([64], 2, 0.1), v([64], 3, 0.1), v([3, 3, 2, 4], 4), v([2], 5, 0.1), v([2], 6, 0.1)];
  const d = [v([3, 3, 2, 4], 7), v([4 * 4 * 4, 1], 8)];
  const [w1, beta1, gamma1, k2, beta2, gamma2] = g as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const [k1, w3] = d as [tf.Variable, tf.Variable];
  const bn = (x: tf.Tensor, axes: number[], beta: tf.Tensor, gamma: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, axes);
    return tf.batchNorm(x, mean, variance, beta, tf.add(gamma, 1), 1e-5);
  };
  const generate = (z: tf.Tensor) => {
    const h = tf.relu(bn(tf.matMul(z, w1), [0], beta1, gamma1)).reshape([B, 4, 4, 4]) as tf.Tensor4D;
    return tf.tanh(bn(tf.conv2dTranspose(h, k2 as tf.Tensor4D, [B, 8, 8, 2], 2, 'same'), [0, 1, 2], beta2, gamma2));
  };
  const discriminate = (x: tf.Tensor) => {
    const h = tf.leakyRelu(tf.conv2d(x as tf.Tensor4D, k1 as tf.Tensor4D, 2, 'same'), 0.2);
    return tf.matMul(h.reshape([B, 4 * 4 * 4]), w3);
  };
  const optD = optimizer();
  const optG = optimizer();
  const real = filled([B, 8, 8, 2], 9);
  /** One D update and one G update; returns both losses. */
  const step = (i: number): [number, number] =>
    tf.tidy(() => {
      const fake = generate(filled([B, Z], 100 + 2 * i));
      const dStep = tf.variableGrads(
        () => tf.add(tf.softplus(tf.neg(discriminate(real))).mean(), tf.softplus(discriminate(fake)).mean()) as tf.Scalar,
        d,
      );
      optD.applyGradients(named(dStep.grads));
      const gStep = tf.variableGrads(
        () => tf.softplus(tf.neg(discriminate(generate(filled([B, Z], 101 + 2 * i))))).mean() as tf.Scalar,
        g,
      );
      optG.applyGradients(named(gStep.grads));
      return [dStep.value.dataSync()[0]!, gStep.value.dataSync()[0]!];
    });
  const weights = () => [...g, ...d].map((x) => x.dataSync().slice());
  const dispose = () => {
    tf.dispose([...g, ...d, real]);
    optD.dispose();
    optG.dispose();
  };
  return { step, weights, dispose };
}

beforeAll(async () => {
  registerWasmTrainingKernels(tf);
  await switchTo('wasm');
});

describe('a tiny DCGAN trains on wasm', () => {
  it('takes Adam steps with tf.variableGrads, losses finite, memory flat', async () => {
    await switchTo('wasm');
    const gan = tinyGan(() => tf.train.adam(1e-2));
    const before = gan.weights();
    gan.step(0); // the first step creates Adam's slot variables
    const tensors = tf.memory().numTensors;
    const dataIds = tf.backend().numDataIds();
    for (let i = 1; i <= 4; i++) {
      for (const l of gan.step(i)) expect(Number.isFinite(l)).toBe(true);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(tf.backend().numDataIds()).toBe(dataIds);
    }
    gan.weights().forEach((w, i) => expect(w).not.toEqual(before[i]));
    gan.dispose();
  });

  it('follows the same trajectory as on cpu (3 SGD steps: losses and every weight)', async () => {
    const train = async (backend: BackendName) => {
      await switchTo(backend);
      const gan = tinyGan(() => tf.train.sgd(0.1));
      const losses = [0, 1, 2].flatMap((i) => gan.step(i));
      const weights = gan.weights();
      gan.dispose();
      return { losses, weights };
    };
    const cpu = await train('cpu');
    const wasm = await train('wasm');
    expectClose(wasm.losses, cpu.losses);
    wasm.weights.forEach((w, i) => expectClose(w, cpu.weights[i]!));
  });

  it('changes no value with the speed-only kernels: 3 Adam steps, losses and every weight bit for bit', async () => {
    const train = async () => {
      await switchTo('wasm');
      const gan = tinyGan(() => tf.train.adam(1e-2));
      const losses = [0, 1, 2].flatMap((i) => gan.step(i));
      const weights = gan.weights();
      gan.dispose();
      return { losses, weights };
    };
    const own = await withWasmOwnKernels(tf, SPEED_ONLY_KERNELS, train);
    const replaced = await train();
    expect(replaced.losses).toEqual(own.losses);
    replaced.weights.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(own.weights[i]!)));
  });
});
