import * as tf from '@tensorflow/tfjs';
import * as losses from './lib/train/losses.js';
import type { Adversarial } from './lib/train/losses.js';

/**
 * The GAN objectives, penalties and distances, as GAN Studio computes them in the browser. Formulas cite their papers;
 * D is the discriminator (critic), G the generator.
 */

type Tensor = tf.Tensor;

// The adversarial objectives and distances are GAN Studio's own (src/lib/train/losses.ts, the file the browser trains
// with), bound here to this project's tfjs.
export type { Adversarial, Objective } from './lib/train/losses.js';

/** The discriminator's (critic's) side of each objective. */
export const discriminatorLoss = (a: Adversarial, real: Tensor, fake: Tensor): Tensor => losses.discriminatorLoss(tf, a, real, fake);
/** The generator's side: what everything upstream of the fake scores minimises. */
export const generatorLoss = (a: Adversarial, fake: Tensor): Tensor => losses.generatorLoss(tf, a, fake);
/** Mean L1 or L2 distance, for reconstruction, cycle-consistency and identity terms. */
export const distance = (norm: 'l1' | 'l2', a: Tensor, b: Tensor): Tensor => losses.distance(tf, norm, a, b);

/** Axes 1 … rank−1: everything but the batch. */
const perExample = (t: Tensor) => t.shape.slice(1).map((_, i) => i + 1);

/**
 * WGAN-GP (Gulrajani 2017, Algorithm 1): E[(‖∇x̂ D(x̂)‖₂ − target)²] at x̂ = εx + (1 − ε)x̃, ε ~ U[0, 1] per example.
 * `critic` runs D on an image with the real call's other inputs (labels); `seed` comes from the run's generator.
 */
export function gradientPenalty(critic: (x: Tensor) => Tensor, real: Tensor, fake: Tensor, target: number, seed: number): Tensor {
  const eps = tf.randomUniform([real.shape[0]!, ...real.shape.slice(1).map(() => 1)], 0, 1, 'float32', seed);
  const xhat = tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake));
  const g = tf.grad((x: Tensor) => tf.sum(critic(x)))(xhat);
  const norms = tf.sqrt(tf.add(tf.sum(tf.square(g), perExample(g)), 1e-12));
  return tf.mean(tf.square(tf.sub(norms, target)));
}

/** R1 (Mescheder 2018): E[‖∇x D(x)‖²] on real data; the caller multiplies by γ/2. */
export function r1Penalty(critic: (x: Tensor) => Tensor, real: Tensor): Tensor {
  const g = tf.grad((x: Tensor) => tf.sum(critic(x)))(real);
  return tf.mean(tf.sum(tf.square(g), perExample(g)));
}
