/**
 * The design's settings, optimizers and data sources, as plain values: change them here. GAN Studio wrote the
 * declarations below from design.gan.json.
 * (In the template, they hold a small example.)
 */

import * as tf from '@tensorflow/tfjs';
import { adamOptimizer } from './lib/blocks/optimizers/optimizer.js';
import type { DataReference, FrozenName } from './lib/blocks/types.js';
import type { ImageSetNeed } from './lib/data/source.js';
import type { Settings } from './lib/graph/schema.js';
import type { NetworkId } from './models.js';
import type { PairedTarget, SampleKind } from './types.js';

/** @placeholder settings */
export const settings: Settings = {
  batchSize: 256,
  steps: 2000,
  nCritic: 1,
  seed: 42,
  emaDecay: 0,
  instanceNoise: 0,
  sampleEvery: 50,
  criticKeep: 1,
};

/** @placeholder optimizers */
export const optimizers: Partial<Record<NetworkId, () => tf.Optimizer>> = {
  G: () => adamOptimizer(tf, { network: 'G', learningRate: 0.001, beta1: 0.5, beta2: 0.999, epsilon: 1e-7 }),
  D: () => adamOptimizer(tf, { network: 'D', learningRate: 0.001, beta1: 0.5, beta2: 0.999, epsilon: 1e-7 }),
};

/** @placeholder data */
export const imageSets: readonly ImageSetNeed[] = [];

/** @placeholder data */
export const frozenNetworks: readonly FrozenName[] = [];

/** @placeholder data */
export const reference: DataReference | null = { kind: 'mixture', name: 'ring8' };

/** @placeholder data */
export const sampleKind: SampleKind = { kind: 'points', extent: 3, dims: 2 };

/** @placeholder data */
export const paired: PairedTarget<NetworkId> | null = null;
