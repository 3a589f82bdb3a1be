import { z } from 'zod';
import { defineBlock } from '../types';
import { IN, OUT, input, needRank } from './common';

export const zeroPadding2dBlock = defineBlock({
  type: 'zeroPadding2d',
  label: 'ZeroPadding2D',
  category: 'structure',
  level: 'network',
  description: 'Adds rows and columns of zeros around each image.',
  params: z.object({ padding: z.number().int().min(0).max(64).default(1).describe('Zeros added on each side') }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const s = input(shapes);
    const e = needRank('zeroPadding2d', s, 4, 'Add a Reshape before it.');
    if (e) return e;
    const [, h, w, c] = s;
    const grow = (d: number | null | undefined) => (d == null ? null : d + 2 * p.padding);
    return { ok: true, outputs: { out: [null, grow(h), grow(w), c ?? null] }, params: { trainable: 0, nonTrainable: 0 } };
  },
  layer: (p) => ({ factory: 'zeroPadding2d', config: { padding: p.padding } }),
  torch: (p, io) => ({ forward: (_m, [x]) => `F.pad(${x}, (${[p.padding, p.padding, p.padding, p.padding].map(io.num).join(', ')}))` }),
  kernels: () => ({ forward: ['PadV2'], backward: ['Slice'] }),
});
