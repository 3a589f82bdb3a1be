import { z } from 'zod';
import { formatShape } from '../../shapes/shape';
import { defineBlock } from '../types';
import { IN, OUT, err, input, needRank } from './common';
import { LAYER_TORCH } from './torch';

export const pixelShuffleBlock = defineBlock({
  type: 'pixelShuffle',
  label: 'PixelShuffle',
  category: 'layer',
  level: 'network',
  description:
    'Sub-pixel up-sampling (Shi 2016, ESPCN; SRGAN): rearranges r²·C channels into an image r times larger with C channels. Put a Conv2D with r²·C filters before it.',
  params: z.object({
    factor: z.number().int().min(2).max(8).default(2).describe('Up-sampling factor r for height and width; the input needs r² × the output channels'),
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const s = input(shapes);
    const e = needRank('PixelShuffle', s, 4, 'Add a Reshape before it.');
    if (e) return e;
    const [, h, w, c] = s;
    const r2 = p.factor * p.factor;
    if (c == null) return err('E_SHAPE_UNKNOWN', `PixelShuffle needs the input's channels to be known; got ${formatShape(s)}.`);
    if (c % r2 !== 0) {
      const want = Math.max(1, Math.round(c / r2)) * r2;
      return err('E_SHAPE_SIZE', `PixelShuffle ×${p.factor} needs channels divisible by ${r2} (= ${p.factor}²); got ${c}. Give the layer before it ${want} filters, or change the factor.`);
    }
    return { ok: true, outputs: { out: [null, h == null ? null : h * p.factor, w == null ? null : w * p.factor, c / r2] }, params: { trainable: 0, nonTrainable: 0 } };
  },
  layer: (p) => ({ factory: 'pixelShuffle', custom: true, config: { factor: p.factor } }),
  torch: (p, io) => ({ forward: (_m, [x]) => `pixel_shuffle_nhwc_order(${x}, ${io.num(p.factor)})`, helpers: [LAYER_TORCH.pixelShuffle] }),
  // Written from Reshape and Transpose, which have gradients everywhere; tf.depthToSpace has none (tfjs 4.22).
  kernels: () => ({ forward: ['Reshape', 'Transpose'], backward: ['Reshape', 'Transpose'] }),
});
