import { z } from 'zod';
import type { Shape } from '../../shapes/shape';
import { defineBlock } from '../types';
import { DATASET_NAMES, DATASETS } from './datasets';

export const zImageSize = {
  height: z.number().int().min(4).max(1024).default(28).describe('Image height after resizing (image folders)'),
  width: z.number().int().min(4).max(1024).default(28).describe('Image width after resizing (image folders)'),
  channels: z.union([z.literal(1), z.literal(3)]).default(1).describe('1 for grey, 3 for colour (image folders)'),
};

const zParams = z.object({
  name: z.enum(DATASET_NAMES).default('mnist').describe('Which data'),
  layout: z.enum(['image', 'flat']).default('image').describe('Images as [h, w, c], or flattened to vectors (MLP GANs)'),
  range: z.enum(['[-1,1]', '[0,1]']).default('[-1,1]').describe('Pixel scaling; [-1, 1] pairs with a tanh output'),
  labels: z.enum(['none', 'one-hot', 'index']).default('none').describe('Also output class labels (conditional GANs)'),
  ...zImageSize,
});
type Params = z.infer<typeof zParams>;

export function datasetShape(p: Params): Shape {
  const d = DATASETS[p.name];
  const shape = d.shape ?? [p.height, p.width, p.channels];
  if (d.kind === 'image' && p.layout === 'flat') return [null, shape.reduce((a, b) => a * b, 1)];
  return [null, ...shape];
}

export const datasetBlock = defineBlock({
  type: 'dataset',
  version: 1,
  label: 'Dataset',
  category: 'source',
  level: 'training',
  description: 'Real examples x (and labels y): MNIST, the 2-D toy mixtures, or your own images; all offline.',
  params: zParams,
  inputs: () => [],
  outputs: (p) => (p.labels === 'none' ? [{ id: 'x', label: 'x' }] : [{ id: 'x', label: 'x' }, { id: 'y', label: 'y' }]),
  inferShape: (_i, p) => {
    const classes = DATASETS[p.name].classes || 1;
    const outputs: Record<string, Shape> = { x: datasetShape(p) };
    if (p.labels !== 'none') outputs['y'] = p.labels === 'one-hot' ? [null, classes] : [null, 1];
    return { ok: true, outputs };
  },
});

