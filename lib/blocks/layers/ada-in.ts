import { z } from 'zod';
import { formatShape } from '../../shapes/shape';
import { defineBlock } from '../types';
import { OUT, err, needRank } from './common';
import { STYLE_TORCH } from './torch';

export const adaInBlock = defineBlock({
  type: 'adaIN',
  label: 'AdaIN',
  category: 'style',
  level: 'network',
  description: 'Adaptive instance normalisation: instance-normalises x, then scales and shifts each channel by values a learned affine map computes from the style w (Huang 2017; StyleGAN, Karras 2019).',
  params: z.object({ epsilon: z.number().min(1e-12).max(1).default(1e-5).describe('Added to the variance') }),
  inputs: () => [
    { id: 'x', label: 'features' },
    { id: 'w', label: 'style w' },
  ],
  outputs: () => OUT,
  inferShape: (shapes) => {
    const x = shapes['x'] ?? [];
    const w = shapes['w'] ?? [];
    const e = needRank('adaIN (features)', x, 4, 'Connect the synthesis features [batch, h, w, c] to "features".');
    if (e) return e;
    if (w.length !== 2 || w[1] == null) return err('E_SHAPE_RANK', `adaIN's style input needs [batch, dim]; got ${formatShape(w)}. Connect the mapping network's w.`);
    const c = x[3] ?? 0;
    const d = w[1];
    // The affine "A" of StyleGAN: a dense map from w to a scale and a bias per channel.
    return { ok: true, outputs: { out: x }, params: { trainable: d * 2 * c + 2 * c, nonTrainable: 0 }, flops: 2 * d * 2 * c };
  },
  layer: (p) => ({ factory: 'adaIN', custom: true, config: { epsilon: p.epsilon } }),
  torch: (p, io) => ({
    module: `AdaIN(${io.num(io.inputs[1]![0]!)}, ${io.num(io.inputs[0]![2]!)}, ${io.num(p.epsilon)})`,
    forward: (m, [x, w]) => `${m}(${x}, ${w})`,
    weights: [{ key: 'weight', permute: [1, 0] }, { key: 'bias' }],
    helpers: [STYLE_TORCH.adaIN],
  }),
});
