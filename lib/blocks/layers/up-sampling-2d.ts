import { z } from 'zod';
import { defineBlock } from '../types';
import { LAYER_TORCH } from './torch';
import { IN, OUT, input, needRank } from './common';

export const upSampling2dBlock = defineBlock({
  type: 'upSampling2d',
  label: 'UpSampling2D',
  category: 'layer',
  level: 'network',
  description: 'Repeats rows and columns (nearest) or interpolates (bilinear); with a Conv2D after it, avoids checkerboard artefacts.',
  params: z.object({
    size: z.number().int().min(1).max(8).default(2).describe('Up-sampling factor for height and width'),
    interpolation: z.enum(['nearest', 'bilinear']).default('nearest').describe('How new pixels are filled'),
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const s = input(shapes);
    const e = needRank('upSampling2d', s, 4, 'Add a Reshape before it.');
    if (e) return e;
    const [, h, w, c] = s;
    return { ok: true, outputs: { out: [null, h == null ? null : h * p.size, w == null ? null : w * p.size, c ?? null] }, params: { trainable: 0, nonTrainable: 0 } };
  },
  layer: (p) => ({ factory: 'upSampling2d', config: { size: [p.size, p.size], interpolation: p.interpolation } }),
  torch: (p, io) =>
    // Bilinear as tf.image.resizeBilinear computes it without half-pixel centres, which PyTorch's interpolate has no
    // mode for (align_corners=False samples at (i + ½)/s − ½): a small function in models.py.
    p.interpolation === 'bilinear'
      ? { forward: (_m, [x]) => `resize_bilinear(${x}, ${io.num(p.size)})`, helpers: [LAYER_TORCH.resizeBilinear] }
      : { module: `nn.Upsample(scale_factor=${io.num(p.size)}, mode='nearest')` },
  kernels: (p) =>
    p.interpolation === 'nearest' ? { forward: ['ResizeNearestNeighbor'], backward: ['ResizeNearestNeighborGrad'] } : { forward: ['ResizeBilinear'], backward: ['ResizeBilinearGrad'] },
});
