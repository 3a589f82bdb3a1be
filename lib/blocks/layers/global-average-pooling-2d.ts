import { z } from 'zod';
import { defineBlock } from '../types';
import { IN, OUT, input, needRank } from './common';

export const globalAveragePooling2dBlock = defineBlock({
  type: 'globalAveragePooling2d',
  label: 'GlobalAveragePooling2D',
  category: 'layer',
  level: 'network',
  description: 'Averages each channel over height and width: [batch, h, w, c] → [batch, c].',
  params: z.object({}),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes) => {
    const s = input(shapes);
    const e = needRank('globalAveragePooling2d', s, 4, 'It pools images; vectors need no pooling.');
    if (e) return e;
    return { ok: true, outputs: { out: [null, s[3] ?? null] }, params: { trainable: 0, nonTrainable: 0 } };
  },
  layer: () => ({ factory: 'globalAveragePooling2d', config: {} }),
  torch: () => ({ forward: (_m, [x]) => `${x}.mean(dim=(2, 3))` }),
});
