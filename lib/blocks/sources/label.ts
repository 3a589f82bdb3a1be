import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { encodeLabels, type DataSource, type ImageSets } from '../../data/source';
import { defineBlock } from '../types';

export const zLabelEncoding = z.enum(['one-hot', 'index']).describe('One-hot vectors, or class indices for an Embedding layer');

const zParams = z.object({
  numClasses: z.number().int().min(2).max(100_000).default(10).describe('Number of classes'),
  encoding: zLabelEncoding.default('one-hot'),
});
export type LabelParams = z.infer<typeof zParams>;

/** Class labels drawn uniformly from the run's generator: one-hot vectors [batch, k] or indices [batch, 1]. */
export function labelSource(tf: typeof tfType, p: LabelParams, _images?: ImageSets): DataSource {
  return { sample: (batch, rng) => ({ y: encodeLabels(tf, Int32Array.from({ length: batch }, () => rng.int(p.numClasses)), p.encoding, p.numClasses) }) };
}

/** labelSource in PyTorch, for an exported project's data.py. */
const TORCH = { name: 'label_source', source: `def label_source(p, images, g):
    """Class labels drawn uniformly: one-hot vectors [n, k] or indices [n, 1] (as floats, like GAN Studio's)."""
    k = p['numClasses']

    def draw(n):
        y = torch.randint(k, (n,), generator=g)
        return {'y': F.one_hot(y, k).float() if p['encoding'] == 'one-hot' else y.float().view(n, 1)}
    return draw
` };

export const labelBlock = defineBlock({
  type: 'label',
  label: 'Class label y',
  category: 'source',
  level: 'training',
  description: 'Random class labels for the generator of a conditional GAN (Mirza 2014), drawn uniformly every step.',
  params: zParams,
  inputs: () => [],
  outputs: () => [{ id: 'y', label: 'y' }],
  inferShape: (_i, p) => ({ ok: true, outputs: { y: p.encoding === 'one-hot' ? [null, p.numClasses] : [null, 1] } }),
  source: { open: labelSource, labelPorts: () => ['y'], code: { module: 'blocks/sources/label', name: 'labelSource' }, torch: TORCH },
});
