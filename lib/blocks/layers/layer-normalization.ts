import { z } from 'zod';
import { defineBlock } from '../types';
import { IN, OUT, err, input, last } from './common';
import { formatShape } from '../../shapes/shape';

export const layerNormalizationBlock = defineBlock({
  type: 'layerNormalization',
  label: 'LayerNormalization',
  category: 'normalization',
  level: 'network',
  description: 'Normalises each example over its last axis (Ba 2016); the WGAN-GP paper recommends it in place of batch norm in the critic.',
  params: z.object({ epsilon: z.number().min(1e-12).max(1).default(1e-3).describe('Added to the variance') }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes) => {
    const s = input(shapes);
    const c = last(s);
    if (s.length < 2 || !c) return err('E_SHAPE_UNKNOWN', `layerNormalization needs a known last size; got ${formatShape(s)}.`);
    return { ok: true, outputs: { out: s }, params: { trainable: 2 * c, nonTrainable: 0 } };
  },
  layer: (p) => ({ factory: 'layerNormalization', config: { epsilon: p.epsilon } }),
  // Keras normalises over the last (channel) axis alone; channels-first images move it last and back.
  torch: (p, io) => ({
    module: `nn.LayerNorm(${io.num(io.inputs[0]!.at(-1)!)}, eps=${io.num(p.epsilon)})`,
    forward: (m, [x]) => (io.inputs[0]!.length === 3 ? `${m}(${x}.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)` : `${m}(${x})`),
    weights: [{ key: 'weight' }, { key: 'bias' }],
  }),
});
