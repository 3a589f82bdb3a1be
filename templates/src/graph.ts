/**
 * The design's training graph as code: the sources every update draws, one objective per kind of update
 * (reconstruction, critic, generator) that runs the network calls it needs and sums its loss terms, and the phases of
 * a step. Every source, term and constraint is its GAN Studio block's own function (src/lib/blocks/), called with the
 * design's params; calls run in the order GAN Studio's browser trainer runs them, so every random draw — noise, data,
 * dropout, instance noise, the penalty's ε — comes out the same for the same seed. GAN Studio wrote the declarations
 * below from design.gan.json.
 * (In the template, they hold a small example.)
 */

import * as tf from '@tensorflow/tfjs';
import { adversarialLoss } from './lib/blocks/losses/adversarial.js';
import { datasetSource } from './lib/blocks/sources/dataset.js';
import { noiseSource } from './lib/blocks/sources/noise.js';
import type { ImageSets } from './lib/data/source.js';
import type { Rng } from './lib/rng.js';
import type { Phase, StepContext } from './lib/train/step.js';
import type { NetworkId, Networks } from './models.js';
import { call } from './types.js';

/** @placeholder sources */
export type Sources = {
  z: { z: tf.Tensor };
  data: { x: tf.Tensor };
};

/** @placeholder sources */
export function dataSources(images: ImageSets) {
  return {
    z: noiseSource(tf, { dim: 8, distribution: 'normal' }, images),
    data: datasetSource(tf, { name: 'ring8', layout: 'image', range: '[-1,1]', labels: 'none', height: 28, width: 28, channels: 1 }, images),
  };
}

/** @placeholder sources */
export type DataSources = ReturnType<typeof dataSources>;

/** @placeholder sources */
export function drawSources(batch: number, rng: Rng, data: DataSources): Sources {
  return {
    z: data.z.sample(batch, rng) as Sources['z'],
    data: data.data.sample(batch, rng) as Sources['data'],
  };
}

/** @placeholder objectives */
const loss = { objective: 'non-saturating', scores: 'logits', realLabel: 1, weight: 1 } as const;

/** @placeholder objectives */
function criticObjective(n: Networks, s: Sources, ctx: StepContext): tf.Scalar {
  const G_call = call(n.G, [s.z.z], true); // G(z): [batch, 2]
  const D_real = call(n.D, [ctx.noisy(s.data.x)], true); // D(x): [batch, 1]
  const D_fake = call(n.D, [ctx.noisy(G_call)], true); // D(G(z)): [batch, 1]
  const loss_D = ctx.metric('loss.D', adversarialLoss(tf, loss, 'critic', { real: D_real, fake: D_fake })!);
  ctx.metric('#dReal', tf.mean(D_real));
  ctx.metric('#dFake', tf.mean(D_fake));
  return loss_D as tf.Scalar;
}

/** @placeholder objectives */
function generatorObjective(n: Networks, s: Sources, ctx: StepContext): tf.Scalar {
  const G_call = call(n.G, [s.z.z], true); // G(z): [batch, 2]
  const D_fake = call(n.D, [ctx.noisy(G_call)], true); // D(G(z)): [batch, 1]
  const loss_G = ctx.metric('loss.G', adversarialLoss(tf, loss, 'generator', { fake: D_fake })!);
  return loss_G as tf.Scalar;
}

/** @placeholder phases */
export const phases: readonly Phase<NetworkId, Sources>[] = [
  { name: 'critic', networks: ['D'], objective: criticObjective, repeat: true },
  { name: 'generator', networks: ['G'], objective: generatorObjective },
];

/** @placeholder phases */
export const generators: readonly NetworkId[] = ['G'];

/** @placeholder phases */
export const WASSERSTEIN = false;

/** @placeholder sampling */
export function generated(n: Networks, s: Sources): tf.Tensor {
  return call(n.G, [s.z.z], false);
}

/** @placeholder sampling */
export function realExamples(_n: Networks, s: Sources): tf.Tensor | null {
  return s.data.x;
}

/** @placeholder sampling */
export function scoredSamples(n: Networks, s: Sources): { fake: tf.Tensor; scores: tf.Tensor } | null {
  const G_call = call(n.G, [s.z.z], false);
  return { fake: G_call, scores: call(n.D, [G_call], false) };
}

/** @placeholder sampling */
export const CRITIC_PACK: number = 1;

/** @placeholder sampling */
export const LATENT = { node: 'z', port: 'z', dim: 8, distribution: 'normal', scale: 1, labels: null } as const;
