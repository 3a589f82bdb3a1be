import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { gather, need, pick, type DataSource, type ImageSets } from '../../data/source';
import type { ImageSet } from '../../data/image-set';
import { defineBlock } from '../types';
import { DOMAIN_PAIR_NAMES, DOMAIN_PAIRS, IMAGE_METRICS, MODE_METRICS } from './datasets';
import { zImageSize, zRange } from './dataset';

const zParams = z.object({
  pair: z.enum(DOMAIN_PAIR_NAMES).default('mnist-negative').describe('Which two domains'),
  range: zRange.describe('Pixel scaling'),
  ...zImageSize,
});
export type DomainsParams = z.infer<typeof zParams>;

/** Unpaired examples of two domains A and B (CycleGAN, Zhu 2017): the user's two folders, or MNIST and a mapping of it. */
export function domainsSource(tf: typeof tfType, p: DomainsParams, images: ImageSets): DataSource {
  if (p.pair === 'folders') {
    const a = need(images, 'folderA', 'domain A');
    const b = need(images, 'folderB', 'domain B');
    const shape = (s: ImageSet) => [s.height, s.width, s.channels];
    return {
      sample: (n, rng) => ({
        a: tf.tensor(gather(a, pick(n, a.count, rng), p.range), [n, ...shape(a)]),
        b: tf.tensor(gather(b, pick(n, b.count, rng), p.range), [n, ...shape(b)]),
      }),
    };
  }
  const set = need(images, 'mnist', 'the MNIST domains');
  const shape = [set.height, set.width, 1];
  // B is drawn with its own indices: the two domains are unpaired (Zhu 2017).
  const toB =
    p.pair === 'mnist-negative'
      ? (s: ImageSet, i: number, q: number) => 255 - s.pixels[i * s.height * s.width + q]!
      : (s: ImageSet, i: number, q: number) => {
          // A quarter turn: output (r, c) takes input (w − 1 − c, r).
          const r = Math.floor(q / s.width);
          const c = q % s.width;
          return s.pixels[i * s.height * s.width + (s.width - 1 - c) * s.width + r]!;
        };
  return {
    sample: (n, rng) => ({
      a: tf.tensor(gather(set, pick(n, set.count, rng), p.range), [n, ...shape]),
      b: tf.tensor(gather(set, pick(n, set.count, rng), p.range, toB), [n, ...shape]),
    }),
  };
}

/** domainsSource in PyTorch, for an exported project's data.py. */
const TORCH = { name: 'domains_source', source: `def domains_source(p, images, g):
    """Unpaired examples of two domains A and B (CycleGAN, Zhu 2017), channels-first: your two folders, or MNIST and
    its negative (255 - pixel) or its quarter turn, each domain dealt in epochs by its own sampler (images.py)."""
    if p['pair'] == 'folders':
        a, b, to_b = images['folderA'][0], images['folderB'][0], None
    else:
        a = b = images['mnist'][0]
        # A quarter turn: output (r, c) takes input (w - 1 - c, r).
        to_b = (lambda x: 255 - x) if p['pair'] == 'mnist-negative' else (lambda x: x.flip(1).transpose(1, 2))

    def scale(x):
        x = x.float()
        x = x / 127.5 - 1 if p['range'] == '[-1,1]' else x / 255
        return x.permute(0, 3, 1, 2)

    order_a, order_b = EpochSampler(a.shape[0], stream=1), EpochSampler(b.shape[0], stream=2)

    def draw(n):
        xa = a[order_a.take(n)]
        xb = b[order_b.take(n)]
        return {'a': scale(xa), 'b': scale(to_b(xb) if to_b else xb)}
    return draw
` };

export const domainsBlock = defineBlock({
  type: 'domains',
  label: 'Two domains',
  category: 'source',
  level: 'training',
  description: 'Unpaired examples of two domains A and B for image-to-image translation (CycleGAN, Zhu 2017).',
  params: zParams,
  inputs: () => [],
  outputs: () => [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
  ],
  inferShape: (_i, p) => {
    const shape = DOMAIN_PAIRS[p.pair].shape ?? [p.height, p.width, p.channels];
    return { ok: true, outputs: { a: [null, ...shape], b: [null, ...shape] } };
  },
  source: {
    open: domainsSource,
    pixelRange: (p) => p.range,
    imageSets: (p) =>
      p.pair === 'folders'
        ? [
            { name: 'folderA', height: p.height, width: p.width, channels: p.channels },
            { name: 'folderB', height: p.height, width: p.width, channels: p.channels },
          ]
        : [{ name: 'mnist' }],
    reference: () => ({
      kind: 'none',
      reason: `a two-domain translation (CycleGAN) has no single target distribution to compare samples with, so ${IMAGE_METRICS} are not computed; ${MODE_METRICS} need ring8 / grid25 points.`,
    }),
    code: { module: 'blocks/sources/domains', name: 'domainsSource' }, torch: TORCH,
  },
});
