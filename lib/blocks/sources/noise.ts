import { z } from 'zod';
import { defineBlock } from '../types';

export const noiseBlock = defineBlock({
  type: 'noise',
  version: 1,
  label: 'Noise z',
  category: 'source',
  level: 'training',
  description: 'Latent samples z ~ N(0, I) or U(-1, 1), drawn fresh every step.',
  params: z.object({
    dim: z.number().int().min(1).max(65536).default(100).describe('Dimension of z'),
    distribution: z.enum(['normal', 'uniform']).default('normal').describe('N(0, I) or U(-1, 1)'),
  }),
  inputs: () => [],
  outputs: () => [{ id: 'z', label: 'z' }],
  inferShape: (_i, p) => ({ ok: true, outputs: { z: [null, p.dim] } }),
});
