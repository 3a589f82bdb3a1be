import { z } from 'zod';
import { defineBlock } from '../types';
import { IN, OUT, input } from './common';

export const dropoutBlock = defineBlock({
  type: 'dropout',
  label: 'Dropout',
  category: 'layer',
  level: 'network',
  description: 'Zeroes a random fraction of values while training (Srivastava 2014); used in discriminators only.',
  params: z.object({ rate: z.number().min(0).max(0.95).default(0.3).describe('Fraction of values dropped') }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes) => ({ ok: true, outputs: { out: input(shapes) }, params: { trainable: 0, nonTrainable: 0 } }),
  layer: (p) => ({ factory: 'dropout', custom: true, config: { rate: p.rate } }),
  torch: (p, io) => ({ module: `nn.Dropout(${io.num(p.rate)})` }),
});
