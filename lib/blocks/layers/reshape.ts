import { z } from 'zod';
import { formatShape, sizeOf } from '../../shapes/shape';
import { defineBlock } from '../types';
import { IN, OUT, err, input } from './common';

export const reshapeBlock = defineBlock({
  type: 'reshape',
  label: 'Reshape',
  category: 'structure',
  level: 'network',
  description: 'Gives each example a new shape with the same number of values, e.g. 12544 → 7×7×256.',
  params: z.object({
    targetShape: z.array(z.number().int().min(1).max(65536)).min(1).max(3).default([7, 7, 256]).describe('New shape of one example, without the batch'),
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const s = input(shapes);
    const have = sizeOf(s);
    const want = p.targetShape.reduce((a, b) => a * b, 1);
    if (have !== null && have !== want) {
      return err('E_SHAPE_SIZE', `reshape to [${p.targetShape.join(', ')}] needs ${want} values per example; the input ${formatShape(s)} has ${have}. Change the target shape or the layer before it.`);
    }
    return { ok: true, outputs: { out: [null, ...p.targetShape] }, params: { trainable: 0, nonTrainable: 0 } };
  },
  layer: (p) => ({ factory: 'reshape', config: { targetShape: p.targetShape } }),
  // Keras reshapes channels-last data: go channels-last, reshape, and come back channels-first for images.
  torch: (p, io) => ({
    forward: (_m, [x]) => {
      const last = io.inputs[0]!.length === 3 ? `${x}.permute(0, 2, 3, 1)` : x!;
      const shaped = `${last}.reshape(-1, ${p.targetShape.map(io.num).join(', ')})`;
      return p.targetShape.length === 3 ? `${shaped}.permute(0, 3, 1, 2)` : shaped;
    },
  }),
});
