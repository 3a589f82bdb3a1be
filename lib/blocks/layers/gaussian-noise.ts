import { z } from 'zod';
import { defineBlock } from '../types';
import { IN, OUT, input } from './common';
import { LAYER_TORCH } from './torch';

export const gaussianNoiseBlock = defineBlock({
  type: 'gaussianNoise',
  label: 'GaussianNoise',
  category: 'layer',
  level: 'network',
  description: "Adds zero-mean Gaussian noise while training — instance noise on D's input (Sønderby 2016).",
  params: z.object({ stddev: z.number().min(0).max(10).default(0.1).describe('Standard deviation of the noise') }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes) => ({ ok: true, outputs: { out: input(shapes) }, params: { trainable: 0, nonTrainable: 0 } }),
  layer: (p) => ({ factory: 'gaussianNoise', custom: true, config: { stddev: p.stddev } }),
  torch: (p, io) => ({ module: `GaussianNoise(${io.num(p.stddev)})`, helpers: [LAYER_TORCH.gaussianNoise] }),
});
