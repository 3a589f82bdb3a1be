import { z } from 'zod';
import { defineBlock } from '../types';
import { IN, OUT } from './common';
import { STYLE_TORCH } from './torch';

export const learnedConstantBlock = defineBlock({
  type: 'learnedConstant',
  label: 'LearnedConstant',
  category: 'style',
  level: 'network',
  description: "StyleGAN's learned constant input (Karras 2019): a trained [h, w, c] tensor repeated over the batch; the input only supplies the batch size.",
  params: z.object({
    height: z.number().int().min(1).max(256).default(4).describe('Height'),
    width: z.number().int().min(1).max(256).default(4).describe('Width'),
    channels: z.number().int().min(1).max(4096).default(64).describe('Channels'),
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (_s, p) => ({
    ok: true,
    outputs: { out: [null, p.height, p.width, p.channels] },
    params: { trainable: p.height * p.width * p.channels, nonTrainable: 0 },
  }),
  layer: (p) => ({ factory: 'learnedConstant', custom: true, config: { height: p.height, width: p.width, channels: p.channels } }),
  torch: (p, io) => ({
    module: `LearnedConstant(${io.num(p.channels)}, ${io.num(p.height)}, ${io.num(p.width)})`,
    weights: [{ key: 'constant', permute: [2, 0, 1] }],
    helpers: [STYLE_TORCH.learnedConstant],
  }),
});
