import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { gather, need, pick, type DataSource, type ImageSets } from '../../data/source';
import { MNIST_PAIR_NAMES, MNIST_PAIRS, pairInput } from '../../data/pairs';
import { defineBlock } from '../types';
import { IMAGE_METRICS } from './datasets';
import { zRange } from './dataset';

const zParams = z.object({
  pair: z.enum(MNIST_PAIR_NAMES).default('mnist-lowres-7').describe('What input A each digit B is paired with'),
  range: zRange.describe('Pixel scaling of both A and B; [-1, 1] pairs with a tanh output'),
});
export type PairsParams = z.infer<typeof zParams>;

/** Paired examples (A, B) for image-to-image training (pix2pix, SRGAN): B an MNIST digit, A computed from it. */
export function pairedSource(tf: typeof tfType, p: PairsParams, images: ImageSets): DataSource {
  const set = need(images, 'mnist', 'paired MNIST images');
  if (set.height !== 28 || set.width !== 28 || set.channels !== 1) throw new Error(`paired MNIST images need 28×28×1 digits; got ${set.height}×${set.width}×${set.channels}`);
  const [ah, aw, ac] = MNIST_PAIRS[p.pair].a;
  const [scale, shift] = p.range === '[-1,1]' ? [1 / 127.5, -1] : [1 / 255, 0];
  return {
    sample: (n, rng) => {
      // One index per example for both A and B: the pairs stay aligned.
      const idx = pick(n, set.count, rng);
      const a = new Float32Array(n * ah * aw);
      idx.forEach((i, k) => pairInput(p.pair, set, i).forEach((v, q) => (a[k * ah * aw + q] = v * scale + shift)));
      return { a: tf.tensor(a, [n, ah, aw, ac]), b: tf.tensor(gather(set, idx, p.range), [n, 28, 28, 1]) };
    },
  };
}

/** pairedSource in PyTorch, for an exported project's data.py; `pair_input` is its pairInput (lib/data/pairs.ts). */
const TORCH = {
  name: 'paired_source',
  source: `def paired_source(p, images, g):
    """Paired examples (A, B) for image-to-image training (pix2pix, SRGAN), channels-first: B an MNIST digit, A computed
    from the same digit (a low-resolution copy, its outline, or a quarter turn), dealt in epochs (images.py)."""
    b = images['mnist'][0]
    order = EpochSampler(b.shape[0])

    def scale(x):
        x = x.float()
        x = x / 127.5 - 1 if p['range'] == '[-1,1]' else x / 255
        return x.permute(0, 3, 1, 2)

    def draw(n):
        xb = b[order.take(n)]
        return {'a': scale(pair_input(p['pair'], xb)), 'b': scale(xb)}
    return draw


def pair_input(pair, x):
    """Input A of digits x (uint8 [n, 28, 28, 1]) as 0-255 floats: 4x4 or 2x2 box means, the outline (ink >= 128 with a
    background 4-neighbour), or a quarter turn (output (r, c) takes input (w - 1 - c, r))."""
    n, h, w, _ = x.shape
    if pair in ('mnist-lowres-7', 'mnist-lowres-14'):
        f = 4 if pair == 'mnist-lowres-7' else 2
        return x.float().reshape(n, h // f, f, w // f, f, 1).mean((2, 4))
    if pair == 'mnist-outline':
        ink = F.pad((x >= 128).float().permute(0, 3, 1, 2), (1, 1, 1, 1)).permute(0, 2, 3, 1) > 0
        inside = ink[:, :-2, 1:-1] & ink[:, 2:, 1:-1] & ink[:, 1:-1, :-2] & ink[:, 1:-1, 2:]
        return (ink[:, 1:-1, 1:-1] & ~inside).float() * 255
    return x.flip(1).transpose(1, 2).float()
`,
};

export const pairsBlock = defineBlock({
  type: 'pairs',
  label: 'Paired images',
  category: 'source',
  level: 'training',
  description:
    'Aligned pairs (A, B) for image-to-image GANs (pix2pix, Isola 2017; SRGAN, Ledig 2017): B an MNIST digit, A the same digit at 7×7 or 14×14, its outline, or turned 90°. Feed A to the generator and compare its output with B.',
  params: zParams,
  inputs: () => [],
  outputs: () => [
    { id: 'a', label: 'A (input)' },
    { id: 'b', label: 'B (target)' },
  ],
  inferShape: (_i, p) => ({ ok: true, outputs: { a: [null, ...MNIST_PAIRS[p.pair].a], b: [null, 28, 28, 1] } }),
  source: {
    open: pairedSource,
    pixelRange: (p) => p.range,
    imageSets: () => [{ name: 'mnist' }],
    reference: () => ({
      kind: 'none',
      reason: `a paired translation is judged against its targets, not against the distribution of digits, so ${IMAGE_METRICS} do not apply; PSNR, SSIM and the classifier's accuracy against held-out targets (the dashboard, \`gan train\`, \`gan eval\`) need a generator fed by the pair's input A alone.`,
    }),
    paired: (p) => ({ pair: p.pair, range: p.range, input: 'a', target: 'b' }),
    code: { module: 'blocks/sources/pairs', name: 'pairedSource' },
    torch: TORCH,
  },
});
