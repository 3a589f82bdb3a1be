import { z } from 'zod';
import { defineBlock } from '../types';
import { IN, OUT, input, last, needRank } from './common';

export const instanceNormalizationBlock = defineBlock({
  type: 'instanceNormalization',
  label: 'InstanceNormalization',
  category: 'normalization',
  level: 'network',
  description: 'Normalises each channel of each example over height and width (Ulyanov 2016); CycleGAN generators use it.',
  params: z.object({
    epsilon: z.number().min(1e-12).max(1).default(1e-5).describe('Added to the variance'),
    affine: z.boolean().default(true).describe('Learn a per-channel scale and offset'),
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const s = input(shapes);
    const e = needRank('instanceNormalization', s, 4, 'It normalises over height and width; use LayerNormalization for vectors.');
    if (e) return e;
    return { ok: true, outputs: { out: s }, params: { trainable: p.affine ? 2 * last(s) : 0, nonTrainable: 0 } };
  },
  layer: (p) => ({ factory: 'instanceNormalization', custom: true, config: { epsilon: p.epsilon, affine: p.affine } }),
  torch: (p, io) => ({
    module: `nn.InstanceNorm2d(${io.num(io.inputs[0]!.at(-1)!)}, eps=${io.num(p.epsilon)}, affine=${io.bool(p.affine)})`,
    weights: p.affine ? [{ key: 'weight' }, { key: 'bias' }] : [],
  }),
});
