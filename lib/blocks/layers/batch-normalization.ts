import { z } from 'zod';
import { defineBlock } from '../types';
import { IN, OUT, err, input, last } from './common';
import { formatShape } from '../../shapes/shape';

export const batchNormalizationBlock = defineBlock({
  type: 'batchNormalization',
  label: 'BatchNormalization',
  category: 'normalization',
  level: 'network',
  description: 'Normalises each channel over the batch (Ioffe 2015); learned scale and offset, moving statistics for inference.',
  params: z.object({
    // tfjs-layers / Keras defaults; PyTorch's BatchNorm uses momentum 0.9 (its 0.1) and epsilon 1e-5.
    momentum: z.number().min(0).max(1).default(0.99).describe('Moving-average momentum of the statistics'),
    epsilon: z.number().min(1e-12).max(1).default(1e-3).describe('Added to the variance'),
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes) => {
    const s = input(shapes);
    const c = last(s);
    if (s.length < 2 || !c) return err('E_SHAPE_UNKNOWN', `batchNormalization needs a known channel (last) size; got ${formatShape(s)}.`);
    return {
      ok: true,
      outputs: { out: s },
      params: { trainable: 2 * c, nonTrainable: 2 * c },
      flops: 4 * s.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1),
    };
  },
  layer: (p) => ({ factory: 'batchNormalization', config: { momentum: p.momentum, epsilon: p.epsilon } }),
  // Keras keeps `moving = m·moving + (1 − m)·batch`; PyTorch's momentum is the weight of the batch: 1 − m.
  torch: (p, io) => ({
    module: `nn.BatchNorm${io.inputs[0]!.length === 3 ? '2d' : '1d'}(${io.num(io.inputs[0]!.at(-1)!)}, eps=${io.num(p.epsilon)}, momentum=${io.num(Number((1 - p.momentum).toPrecision(12)))})`,
    weights: [{ key: 'weight' }, { key: 'bias' }, { key: 'running_mean', nonTrainable: true }, { key: 'running_var', nonTrainable: true }],
  }),
});
