import { z } from 'zod';
import { defineBlock } from '../types';
import { IN, OUT, input, needRank } from './common';
import { STYLE_TORCH } from './torch';

export const noiseInjectionBlock = defineBlock({
  type: 'noiseInjection',
  label: 'NoiseInjection',
  category: 'style',
  level: 'network',
  description: "StyleGAN's per-layer noise (Karras 2019): adds one Gaussian noise image, scaled by a learned per-channel weight.",
  params: z.object({}),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes) => {
    const s = input(shapes);
    const e = needRank('noiseInjection', s, 4, 'It adds noise images to feature maps [batch, h, w, c].');
    if (e) return e;
    return { ok: true, outputs: { out: s }, params: { trainable: s[3] ?? 0, nonTrainable: 0 } };
  },
  layer: () => ({ factory: 'noiseInjection', custom: true, config: {} }),
  torch: (_p, io) => ({ module: `NoiseInjection(${io.num(io.inputs[0]![2]!)})`, weights: [{ key: 'weight' }], helpers: [STYLE_TORCH.noiseInjection] }),
});
