import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import type { DataSource, ImageSets } from '../../data/source';
import { defineBlock } from '../types';

const zParams = z.object({
  dim: z.number().int().min(1).max(65536).default(100).describe('Dimension of z'),
  distribution: z.enum(['normal', 'uniform']).default('normal').describe('N(0, I) or U(-1, 1)'),
});
export type NoiseParams = z.infer<typeof zParams>;

/** Latent samples z ~ N(0, I) or U(−1, 1), seeded from the run's generator. */
export function noiseSource(tf: typeof tfType, p: NoiseParams, _images?: ImageSets): DataSource {
  return {
    sample: (batch, rng) => {
      const shape = [batch, p.dim];
      return { z: p.distribution === 'uniform' ? tf.randomUniform(shape, -1, 1, 'float32', rng.seed()) : tf.randomNormal(shape, 0, 1, 'float32', rng.seed()) };
    },
  };
}

/** noiseSource in PyTorch, for an exported project's data.py. */
const TORCH = { name: 'noise_source', source: `def noise_source(p, images, g):
    """Latent samples z ~ N(0, I) or U(-1, 1), drawn from the run's generator g."""
    def draw(n):
        if p['distribution'] == 'uniform':
            return {'z': torch.rand(n, p['dim'], generator=g) * 2 - 1}
        return {'z': torch.randn(n, p['dim'], generator=g)}
    return draw
` };

export const noiseBlock = defineBlock({
  type: 'noise',
  label: 'Noise z',
  category: 'source',
  level: 'training',
  description: 'Latent samples z ~ N(0, I) or U(-1, 1), drawn fresh every step.',
  params: zParams,
  inputs: () => [],
  outputs: () => [{ id: 'z', label: 'z' }],
  inferShape: (_i, p) => ({ ok: true, outputs: { z: [null, p.dim] } }),
  source: { open: noiseSource, code: { module: 'blocks/sources/noise', name: 'noiseSource' }, torch: TORCH },
});
