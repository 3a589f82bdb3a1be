import * as tf from '@tensorflow/tfjs';

/**
 * The GAN objectives, penalties and distances, as GAN Studio computes them in the browser. Formulas cite their papers;
 * D is the discriminator (critic), G the generator.
 */

type Tensor = tf.Tensor;

export type Objective = 'non-saturating' | 'minimax' | 'wasserstein' | 'hinge' | 'least-squares';

/** An adversarial loss node: which objective, whether D's scores are logits, and the target for real data. */
export type Adversarial = { objective: Objective; scores: 'logits' | 'probabilities'; realLabel: number };

/**
 * Binary cross-entropy on logits, the numerically stable form max(s, 0) − s·t + log(1 + e^−|s|)
 * (TensorFlow's sigmoid_cross_entropy_with_logits; PyTorch's BCEWithLogitsLoss).
 */
export function bceWithLogits(logits: Tensor, target: number): Tensor {
  return tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))));
}

/** Binary cross-entropy on probabilities, clipped away from 0 and 1 like Keras (ε = 1e-7). */
export function bceOnProbabilities(p: Tensor, target: number): Tensor {
  const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
  return tf.neg(tf.mean(tf.add(tf.mul(target, tf.log(q)), tf.mul(1 - target, tf.log(tf.sub(1, q))))));
}

function bce(a: Adversarial, s: Tensor, target: number): Tensor {
  return a.scores === 'logits' ? bceWithLogits(s, target) : bceOnProbabilities(s, target);
}

/** The discriminator's (critic's) side of each objective. */
export function discriminatorLoss(a: Adversarial, real: Tensor, fake: Tensor): Tensor {
  switch (a.objective) {
    case 'non-saturating':
    case 'minimax':
      // −E[log D(x)] − E[log(1 − D(G(z)))], with one-sided label smoothing on the real target (Salimans 2016).
      return tf.add(bce(a, real, a.realLabel), bce(a, fake, 0));
    case 'wasserstein':
      // E[D(G(z))] − E[D(x)] (Arjovsky 2017).
      return tf.sub(tf.mean(fake), tf.mean(real));
    case 'hinge':
      // E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))] (Lim & Ye 2017; Miyato 2018).
      return tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake))));
    case 'least-squares':
      // ½E[(D(x) − b)²] + ½E[D(G(z))²] with b = 1 (Mao 2017, a = 0, b = c = 1).
      return tf.add(tf.mul(0.5, tf.mean(tf.square(tf.sub(real, a.realLabel)))), tf.mul(0.5, tf.mean(tf.square(fake))));
  }
}

/** The generator's side: what everything upstream of the fake scores minimises. */
export function generatorLoss(a: Adversarial, fake: Tensor): Tensor {
  switch (a.objective) {
    case 'non-saturating':
      // −E[log D(G(z))] (Goodfellow 2014, §3: stronger gradients early in training).
      return bce(a, fake, 1);
    case 'minimax':
      // E[log(1 − D(G(z)))] = −BCE(D(G(z)), 0); saturates when D wins.
      return tf.neg(bce(a, fake, 0));
    case 'wasserstein':
    case 'hinge':
      return tf.neg(tf.mean(fake));
    case 'least-squares':
      return tf.mul(0.5, tf.mean(tf.square(tf.sub(fake, 1))));
  }
}

/** Mean L1 or L2 distance, for reconstruction, cycle-consistency and identity terms. */
export function distance(norm: 'l1' | 'l2', a: Tensor, b: Tensor): Tensor {
  const d = tf.sub(a, b);
  return norm === 'l1' ? tf.mean(tf.abs(d)) : tf.mean(tf.square(d));
}

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
