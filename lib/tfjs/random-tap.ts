import type * as tfType from '@tensorflow/tfjs';

/**
 * The random numbers a training update draws inside its objective — dropout masks, StyleGAN's noise images, the
 * gradient penalty's ε, instance noise — recorded while a run is taped (TrainerOptions.tapDraws), so that another
 * implementation of the same step can replay them: the exported PyTorch project's `train.py --draws` does, and the
 * parity test compares its losses with the app's. A module-level hook, like withRandom's Math.random swap
 * (lib/train/random.ts): a draw inside a layer has no other way out of LayersModel.apply.
 */

type Tensor = tfType.Tensor;

let tape: Tensor[] | null = null;

/** Passes `t` through; while a tape runs, keeps a copy of it there, in draw order. */
export function drawn<T extends Tensor>(tf: typeof tfType, t: T): T {
  if (tape) tape.push(tf.keep(t.clone()));
  return t;
}

/** Runs `fn` with every `drawn` tensor copied into `into` (the caller disposes them). */
export function taping<T>(into: Tensor[], fn: () => T): T {
  const saved = tape;
  tape = into;
  try {
    return fn();
  } finally {
    tape = saved;
  }
}
