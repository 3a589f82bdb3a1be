import { z } from 'zod';
import { defineBlock } from '../types';
import { DOMAIN_PAIR_NAMES, DOMAIN_PAIRS } from './datasets';
import { zImageSize } from './dataset';

export const domainsBlock = defineBlock({
  type: 'domains',
  version: 1,
  label: 'Two domains',
  category: 'source',
  level: 'training',
  description: 'Unpaired examples of two domains A and B for image-to-image translation (CycleGAN, Zhu 2017).',
  params: z.object({
    pair: z.enum(DOMAIN_PAIR_NAMES).default('mnist-negative').describe('Which two domains'),
    range: z.enum(['[-1,1]', '[0,1]']).default('[-1,1]').describe('Pixel scaling'),
    ...zImageSize,
  }),
  inputs: () => [],
  outputs: () => [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
  ],
  inferShape: (_i, p) => {
    const shape = DOMAIN_PAIRS[p.pair].shape ?? [p.height, p.width, p.channels];
    return { ok: true, outputs: { a: [null, ...shape], b: [null, ...shape] } };
  },
});
