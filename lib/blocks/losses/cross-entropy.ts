import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;
type T = tfType.Tensor;

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

/** Axes 1 … rank−1: everything but the batch. */
export const perExample = (t: T): number[] => t.shape.slice(1).map((_, i) => i + 1);
