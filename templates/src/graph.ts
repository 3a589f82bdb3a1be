/**
 * The design's training graph as code: the sources every update draws, one objective per kind of update
 * (reconstruction, critic, generator) that runs the network calls it needs and sums its loss terms, and the phases of
 * a step. Calls run in the order GAN Studio's browser trainer runs them, so every random draw — noise, data, dropout,
 * instance noise, the penalty's ε — comes out the same for the same seed. GAN Studio wrote the declarations below from
 * design.gan.json.
 * (In the template, they hold a small example.)
 */

import * as tf from '@tensorflow/tfjs';
import { datasetSource, labels, noise, type ImageSets } from './data.js';
import { datasets } from './config.js';
import { discriminatorLoss, distance, generatorLoss, gradientPenalty, r1Penalty, type Adversarial } from './losses.js';
import type { NetworkId, Networks } from './models.js';
import type { Rng } from './lib/rng.js';
import { call, callAll, sumOf, type Phase, type StepContext } from './types.js';

/** @placeholder sources */
export type Sources = {
  z: { z: tf.Tensor };
  y: { y: tf.Tensor };
  data: { x: tf.Tensor };
};

/** @placeholder sources */
export function dataSources(images: ImageSets) {
  return { data: datasetSource(datasets.data, images) };
}

/** @placeholder sources */
export type DataSources = ReturnType<typeof dataSources>;

/** @placeholder sources */
export function drawSources(batch: number, rng: Rng, data: DataSources): Sources {
  return {
    z: { z: noise(batch, 8, 'normal', rng) },
    y: { y: labels(batch, 8, 'one-hot', rng) },
    data: data.data.sample(batch, rng) as Sources['data'],
  };
}

/** @placeholder objectives */
const loss: Adversarial = { objective: 'non-saturating', scores: 'logits', realLabel: 1 };

/** @placeholder objectives */
function criticObjective(n: Networks, s: Sources, ctx: StepContext): tf.Scalar {
  const G_call = call(n.G, [s.z.z], true); // G(z): [batch, 2]
  const D_real = call(n.D, [ctx.noisy(s.data.x)], true); // D(x): [batch, 1]
  const D_fake = call(n.D, [ctx.noisy(G_call)], true); // D(G(z)): [batch, 1]
  const loss_D = ctx.metric('loss.D', discriminatorLoss(loss, D_real, D_fake));
  ctx.metric('#dReal', tf.mean(D_real));
  ctx.metric('#dFake', tf.mean(D_fake));
  const gp = ctx.metric('gp', tf.mul(10, gradientPenalty((image: tf.Tensor) => call(n.D, [image], true), s.data.x, G_call, 1, ctx.rng.seed())));
  const r1 = ctx.metric('r1', tf.mul(10 / 2, r1Penalty((image: tf.Tensor) => callAll(n.D, [image], true)[0]!, s.data.x)));
  return sumOf([loss_D, gp, r1]) as tf.Scalar;
}

/** @placeholder objectives */
function generatorObjective(n: Networks, s: Sources, ctx: StepContext): tf.Scalar {
  const G_call = call(n.G, [s.z.z], true); // G(z): [batch, 2]
  const D_fake = call(n.D, [ctx.noisy(G_call)], true); // D(G(z)): [batch, 1]
  const loss_G = ctx.metric('loss.G', generatorLoss(loss, D_fake));
  const l1 = ctx.metric('l1', tf.mul(0, distance('l1', G_call, G_call)));
  return sumOf([loss_G, l1]) as tf.Scalar;
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
