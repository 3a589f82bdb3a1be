import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import type { DataSource, ImageSets } from '../../data/source';
import { defineBlock } from '../types';

const zParams = z.object({
  dim: z.number().int().min(1).max(65536).default(100).describe('Dimension of z'),
  stdDev: z.number().gt(0).max(10).default(1).describe('σ of the normal before truncation; values beyond 2σ are redrawn'),
});
export type TruncatedNoiseParams = z.infer<typeof zParams>;

/**
 * Latent samples from a normal truncated at two standard deviations: values beyond ±2σ are redrawn (tf.truncatedNormal,
 * tfjs-core ops/truncated_normal.ts). Lighter tails keep z near where G was trained, trading variety for fidelity — the
 * idea behind BigGAN's truncation trick (Brock et al. 2019).
 */
export function truncatedNoiseSource(tf: typeof tfType, p: TruncatedNoiseParams, _images?: ImageSets): DataSource {
  return { sample: (batch, rng) => ({ z: tf.truncatedNormal([batch, p.dim], 0, p.stdDev, 'float32', rng.seed()) }) };
}

/** truncatedNoiseSource in PyTorch, for an exported project's data.py. */
const TORCH = { name: 'truncated_noise_source', source: `def truncated_noise_source(p, images, g):
    """Latent samples from a normal truncated at 2 sigma: values beyond are redrawn, as tf.truncatedNormal does."""
    def draw(n):
        z = torch.randn(n, p['dim'], generator=g)
        out = z.abs() > 2
        while out.any():
            z[out] = torch.randn(int(out.sum()), generator=g)
            out = z.abs() > 2
        return {'z': z * p['stdDev']}
    return draw
` };

export const truncatedNoiseBlock = defineBlock({
  type: 'truncatedNoise',
  label: 'Truncated noise z',
  category: 'source',
  level: 'training',
  description: 'Latent samples z from a normal truncated at ±2σ (values beyond are redrawn), drawn fresh every step: the truncation trick of BigGAN (Brock 2019).',
  params: zParams,
  inputs: () => [],
  outputs: () => [{ id: 'z', label: 'z' }],
  inferShape: (_i, p) => ({ ok: true, outputs: { z: [null, p.dim] } }),
  source: { open: truncatedNoiseSource, code: { module: 'blocks/sources/truncated-noise', name: 'truncatedNoiseSource' }, torch: TORCH },
});
