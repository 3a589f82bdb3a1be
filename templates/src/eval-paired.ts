import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from './lib/data/image-set.js';
import type { MnistClassifier } from './lib/metrics/classifier/model.js';
import { mulberry32 } from './lib/rng.js';
import { pairedScores, type PairedMetrics } from './lib/train/paired-scores.js';
import { inference } from './lib/train/step.js';
import type { NetworkId } from './models.js';
import type { Sampler } from './trainer.js';
import { call, type PairedTarget } from './types.js';

/**
 * `npm run eval` for a paired image-to-image design (SRGAN, pix2pix): the generator's outputs G(A) on the first N MNIST
 * test digits (never trained on) against the digits B themselves, beside the baseline that needs no training —
 * bicubic up-sampling for super-resolution, A itself for same-size translations — and the classifier's accuracy on B
 * (the ceiling). The test set and the scores are GAN Studio's own (src/lib/train/paired-scores.ts, on
 * src/lib/metrics/ and the inputs its paired source computes, src/lib/data/pairs.ts), so the figures are those of
 * GAN Studio's `gan eval`; this file supplies the generator.
 */

export type { PairedMetrics } from './lib/train/paired-scores.js';

/** MNIST's test set holds 10,000 digits. */
export const PAIRED_MAX_SAMPLES = 10_000;
export const PAIRED_DEFAULT_SAMPLES = 1000;

/**
 * Scores `t`'s generator on the first `count` digits of `test`, in inference mode with its moving-average weights
 * when the checkpoint keeps them. `seed` seeds the layers that draw noise in inference too, if the generator has any:
 * one generator across the chunks, so the draws do not depend on the chunk size.
 */
export async function pairedMetrics(t: Sampler, target: PairedTarget<NetworkId>, test: ImageSet, clf: MnistClassifier, count: number, seed: number): Promise<PairedMetrics> {
  const model = t.networks[target.network];
  const rng = mulberry32(seed);
  // clone: a generator that passes its input through must not hand back the tensor the caller disposes.
  const translate = (a: tf.Tensor) => inference(t, rng, () => tf.tidy(() => tf.clone(call(model, [a], false))));
  return pairedScores(tf, translate, target, test, clf, count);
}
