import type * as tfType from '@tensorflow/tfjs';
import { principalFromGram } from '../explore/latent';
import { NO_LATENT } from './explore';
import type { PrincipalResult } from './protocol';
import type { Trainer } from './trainer';

/**
 * The latent explorer's principal directions (GANSpace, Härkönen et al. 2020): G's first hidden layer over many draws
 * of z, its principal components, carried back to directions in z (lib/explore/latent.ts principalFromGram).
 */

/** Draws of z the components are computed from: the n × n Gram matrix's eigen-decomposition is ~1 s in JS at 512. */
export const PRINCIPAL_SAMPLES = 512;
/**
 * The most features the hidden layer may have: 512 × 32,768 activations are 64 MB on the backend, and their Gram
 * matrix 17 GFLOP there. A DCGAN's projection (6,272) and ring8's first layer (256) are well inside.
 */
export const PRINCIPAL_FEATURE_LIMIT = 32_768;
/** The most directions one request may ask for. */
export const PRINCIPAL_MAX_DIRECTIONS = 8;
/** Seed of the draws: a run's directions at a step are the same each time they are asked for. */
const PRINCIPAL_SEED = 4099;

type Tf = typeof tfType;

/** The first `count` principal directions of the run's G, or why they cannot be computed, in a sentence. */
export async function principalDirections(tf: Tf, t: Trainer, count: number): Promise<PrincipalResult> {
  const space = t.latentSpace();
  if (!space) return { ok: false, message: NO_LATENT };
  if (!Number.isInteger(count) || count < 1 || count > PRINCIPAL_MAX_DIRECTIONS) return { ok: false, message: `${count} directions asked for; between 1 and ${PRINCIPAL_MAX_DIRECTIONS} can be computed.` };
  const hidden = t.hiddenLayer(space);
  if (!hidden) return { ok: false, message: 'The noise reaches no layer with weights in the generator, so it has no early activations to take components of.' };
  const { features, name } = hidden.layer;
  if (features > PRINCIPAL_FEATURE_LIMIT) {
    return {
      ok: false,
      message: `The generator’s first hidden layer (“${name}”) has ${features.toLocaleString('en')} features per sample; principal directions are computed for at most ${PRINCIPAL_FEATURE_LIMIT.toLocaleString('en')} (${PRINCIPAL_SAMPLES} samples of it would not fit the budget). Use random directions.`,
    };
  }
  const n = PRINCIPAL_SAMPLES;
  const { latent, activations } = t.hiddenActivations(hidden, space, n, PRINCIPAL_SEED);
  // The centred features' Gram matrix on the backend: the n² products are all the eigen-decomposition needs.
  const gram = tf.tidy(() => {
    const centred = tf.sub(activations, tf.mean(activations, 0, true));
    return tf.matMul(centred, centred, false, true);
  });
  try {
    const [z, g] = await Promise.all([latent.data() as Promise<Float32Array>, gram.data() as Promise<Float32Array>]);
    if (!g.every(Number.isFinite)) return { ok: false, message: `The generator’s first hidden layer (“${name}”) gives values that are not finite numbers; its weights may have diverged.` };
    const found = principalFromGram(z, space.dim, g, Math.min(count, space.dim));
    if (found.length === 0) return { ok: false, message: `The generator’s first hidden layer (“${name}”) does not vary with the noise, so it has no principal directions.` };
    const directions = new Float32Array(found.length * space.dim);
    found.forEach((d, i) => directions.set(d.direction, i * space.dim));
    return { ok: true, step: t.step, layer: name, features, samples: n, directions, explained: found.map((d) => d.explained) };
  } finally {
    tf.dispose([latent, activations, gram]);
  }
}
