import { z } from 'zod';
import { formatShape } from '../../shapes/shape';
import { defineBlock } from '../types';
import { IN, OUT, err, input } from './common';

export const embeddingBlock = defineBlock({
  type: 'embedding',
  label: 'Embedding',
  category: 'layer',
  level: 'network',
  description: 'A learned vector per class index: [batch, 1] labels → [batch, 1, outputDim]; follow it with Flatten.',
  params: z.object({
    inputDim: z.number().int().min(1).max(1_000_000).default(10).describe('Number of classes'),
    outputDim: z.number().int().min(1).max(65536).default(50).describe('Size of each vector'),
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const s = input(shapes);
    if (s.length !== 2) return err('E_SHAPE_RANK', `embedding needs class indices [batch, n]; got ${formatShape(s)}. Use a label source with encoding "index".`);
    return { ok: true, outputs: { out: [null, s[1] ?? null, p.outputDim] }, params: { trainable: p.inputDim * p.outputDim, nonTrainable: 0 } };
  },
  layer: (p) => ({ factory: 'embedding', config: { inputDim: p.inputDim, outputDim: p.outputDim } }),
  // The table is [inputDim, outputDim] on both sides; indices arrive as floats, as GAN Studio's label sources make them.
  torch: (p, io) => ({ module: `nn.Embedding(${io.num(p.inputDim)}, ${io.num(p.outputDim)})`, forward: (m, [x]) => `${m}(${x}.long())`, weights: [{ key: 'weight' }] }),
  // The gradient of a gather scatters into the table (tfjs-core GatherV2_grad uses unsortedSegmentSum).
  kernels: () => ({ forward: ['GatherV2'], backward: ['UnsortedSegmentSum'] }),
});
