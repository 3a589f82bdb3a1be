import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;
type T = tfType.Tensor;

export type Objective = 'non-saturating' | 'minimax' | 'wasserstein' | 'hinge' | 'least-squares';
/**
 * What the formulas need of an adversarial loss node: the objective, whether D's scores are logits, and the target
 * for real data. The plan's AdversarialTerm is one; the exported project (which ships this file) passes its own.
 */
export type Adversarial = { objective: Objective; scores: 'logits' | 'probabilities'; realLabel: number };

/**
 * Binary cross-entropy on logits, the numerically stable form max(s, 0) − s·t + log(1 + e^−|s|)
 * (TensorFlow's sigmoid_cross_entropy_with_logits; PyTorch's BCEWithLogitsLoss).
 */
export function bceWithLogits(tf: Tf, logits: T, target: number): T {
  return tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))));
}

/** Binary cross-entropy on probabilities, clipped away from 0 and 1 like Keras (ε = 1e-7). */
export function bceOnProbabilities(tf: Tf, p: T, target: number): T {
  const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
  return tf.neg(tf.mean(tf.add(tf.mul(target, tf.log(q)), tf.mul(1 - target, tf.log(tf.sub(1, q))))));
}

function bce(tf: Tf, term: Adversarial, s: T, target: number): T {
  return term.scores === 'logits' ? bceWithLogits(tf, s, target) : bceOnProbabilities(tf, s, target);
}

/** The discriminator's (critic's) side of each objective; formulas from ../shared/reference/gan-family.md. */
export function discriminatorLoss(tf: Tf, term: Adversarial, real: T, fake: T): T {
  switch (term.objective) {
    case 'non-saturating':
    case 'minimax':
      // −E[log D(x)] − E[log(1 − D(G(z)))], with one-sided label smoothing on the real target (Salimans 2016).
      return tf.add(bce(tf, term, real, term.realLabel), bce(tf, term, fake, 0));
    case 'wasserstein':
      // E[D(G(z))] − E[D(x)] (Arjovsky 2017).
      return tf.sub(tf.mean(fake), tf.mean(real));
    case 'hinge':
      // E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))] (Lim & Ye 2017; Miyato 2018).
      return tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake))));
    case 'least-squares':
      // ½E[(D(x) − b)²] + ½E[D(G(z))²] with b = 1 (Mao 2017, a = 0, b = c = 1).
      return tf.add(tf.mul(0.5, tf.mean(tf.square(tf.sub(real, term.realLabel)))), tf.mul(0.5, tf.mean(tf.square(fake))));
  }
}

/** The generator's side: what everything upstream of the fake scores minimises. */
export function generatorLoss(tf: Tf, term: Adversarial, fake: T): T {
  switch (term.objective) {
    case 'non-saturating':
      // −E[log D(G(z))] (Goodfellow 2014, §3: stronger gradients early in training).
      return bce(tf, term, fake, 1);
    case 'minimax':
      // E[log(1 − D(G(z)))] = −BCE(D(G(z)), 0); saturates when D wins.
      return tf.neg(bce(tf, term, fake, 0));
    case 'wasserstein':
    case 'hinge':
      return tf.neg(tf.mean(fake));
    case 'least-squares':
      return tf.mul(0.5, tf.mean(tf.square(tf.sub(fake, 1))));
  }
}

/** Mean L1 or L2 distance, for reconstruction, cycle-consistency and identity terms. */
export function distance(tf: Tf, norm: 'l1' | 'l2', a: T, b: T): T {
  const d = tf.sub(a, b);
  return norm === 'l1' ? tf.mean(tf.abs(d)) : tf.mean(tf.square(d));
}
