import { z } from 'zod';
import { defineBlock } from '../types';

export const zLabelEncoding = z.enum(['one-hot', 'index']).describe('One-hot vectors, or class indices for an Embedding layer');

export const labelBlock = defineBlock({
  type: 'label',
  version: 1,
  label: 'Class label y',
  category: 'source',
  level: 'training',
  description: 'Random class labels for the generator of a conditional GAN (Mirza 2014), drawn uniformly every step.',
  params: z.object({
    numClasses: z.number().int().min(2).max(100_000).default(10).describe('Number of classes'),
    encoding: zLabelEncoding.default('one-hot'),
  }),
  inputs: () => [],
  outputs: () => [{ id: 'y', label: 'y' }],
  inferShape: (_i, p) => ({ ok: true, outputs: { y: p.encoding === 'one-hot' ? [null, p.numClasses] : [null, 1] } }),
});
