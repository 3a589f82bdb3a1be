/**
 * The design's settings, optimizers and data sources, as plain values: change them here. GAN Studio wrote the
 * declarations below from design.gan.json.
 * (In the template, they hold a small example.)
 */

import type { DatasetParams, DomainsParams } from './data.js';
import type { NetworkId } from './models.js';
import type { OptimizerConfig, SampleKind, Settings } from './types.js';

/** @placeholder settings */
export const settings: Settings = {
  batchSize: 256,
  steps: 2000,
  nCritic: 1,
  seed: 42,
  emaDecay: 0,
  instanceNoise: 0,
  sampleEvery: 50,
};

/** @placeholder optimizers */
export const optimizers: Partial<Record<NetworkId, OptimizerConfig>> = {
  G: { type: 'adam', learningRate: 0.001, beta1: 0.5, beta2: 0.999, epsilon: 1e-7 },
  D: { type: 'adam', learningRate: 0.001, beta1: 0.5, beta2: 0.999, epsilon: 1e-7 },
};

/** @placeholder data */
export const datasets = {
  data: { name: 'ring8', layout: 'image', range: '[-1,1]', labels: 'none', height: 28, width: 28, channels: 1 },
} satisfies Record<string, DatasetParams>;

/** @placeholder data */
export const domains = {} satisfies Record<string, DomainsParams>;

/** @placeholder data */
export const sampleKind: SampleKind = { kind: 'points', extent: 3, dims: 2 };
