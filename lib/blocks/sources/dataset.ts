import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { encodeLabels, gather, labelsOf, MissingDataError, need, pick, type DataSource, type ImageSets } from '../../data/source';
import { GRID25, RING8, sampleMixture, sampleSpiral } from '../../data/toy2d';
import type { Shape } from '../../shapes/shape';
import { defineBlock } from '../types';
import { DATASET_NAMES, DATASETS, IMAGE_METRICS, MODE_METRICS } from './datasets';

export const zImageSize = {
  height: z.number().int().min(4).max(1024).default(28).describe('Image height after resizing (image folders)'),
  width: z.number().int().min(4).max(1024).default(28).describe('Image width after resizing (image folders)'),
  channels: z.union([z.literal(1), z.literal(3)]).default(1).describe('1 for grey, 3 for colour (image folders)'),
};
export const zRange = z.enum(['[-1,1]', '[0,1]']).default('[-1,1]');

const zParams = z.object({
  name: z.enum(DATASET_NAMES).default('mnist').describe('Which data'),
  layout: z.enum(['image', 'flat']).default('image').describe('Images as [h, w, c], or flattened to vectors (MLP GANs)'),
  range: zRange.describe('Pixel scaling; [-1, 1] pairs with a tanh output'),
  labels: z.enum(['none', 'one-hot', 'index']).default('none').describe('Also output class labels (conditional GANs)'),
  ...zImageSize,
});
export type DatasetParams = z.infer<typeof zParams>;

export function datasetShape(p: DatasetParams): Shape {
  const d = DATASETS[p.name];
  const shape = d.shape ?? [p.height, p.width, p.channels];
  if (d.kind === 'image' && p.layout === 'flat') return [null, shape.reduce((a, b) => a * b, 1)];
  return [null, ...shape];
}

/** Real examples x (and labels y) for a dataset node: the 2-D mixtures drawn on the fly, or images from a loaded set. */
export function datasetSource(tf: typeof tfType, p: DatasetParams, images: ImageSets): DataSource {
  if (p.name === 'ring8' || p.name === 'grid25' || p.name === 'spiral') {
    const mixture = p.name === 'ring8' ? RING8 : p.name === 'grid25' ? GRID25 : null;
    return {
      sample: (n, rng) => {
        if (!mixture) return { x: tf.tensor2d(sampleSpiral(n, rng), [n, 2]) };
        const { points, modes } = sampleMixture(mixture, n, rng);
        const out: Record<string, tfType.Tensor> = { x: tf.tensor2d(points, [n, 2]) };
        if (p.labels !== 'none') out['y'] = encodeLabels(tf, Int32Array.from(modes), p.labels, mixture.centres.length);
        return out;
      },
    };
  }
  const set = need(images, p.name, `the ${p.name} dataset`);
  if (p.name === 'folder' && (set.height !== p.height || set.width !== p.width || set.channels !== p.channels)) {
    throw new MissingDataError(`the image folder holds ${set.width}×${set.height}×${set.channels} images; the design expects ${p.width}×${p.height}×${p.channels}.`);
  }
  const shape = p.layout === 'flat' ? [set.height * set.width * set.channels] : [set.height, set.width, set.channels];
  return {
    sample: (n, rng) => {
      const idx = pick(n, set.count, rng);
      const out: Record<string, tfType.Tensor> = { x: tf.tensor(gather(set, idx, p.range), [n, ...shape]) };
      if (p.labels !== 'none') out['y'] = labelsOf(tf, set, idx, p.labels, Math.max(set.classNames.length, 1));
      return out;
    },
  };
}

/** datasetSource in PyTorch, for an exported project's data.py. */
const TORCH = { name: 'dataset_source', source: `def dataset_source(p, images, g):
    """Real examples x (and labels y): the 2-D mixtures drawn on the fly, or images from a loaded set.

    images[name] is (pixels uint8 [count, h, w, c], labels int64 [count] or None, number of classes), dealt in epochs
    (images.py EpochSampler: DistributedSampler's shards under torchrun). Images come out channels-first, or flattened in height, width, channel order (as GAN Studio flattens them) for MLP GANs."""
    def encode(y, k):
        return F.one_hot(y, k).float() if p['labels'] == 'one-hot' else y.float().view(-1, 1)

    name = p['name']
    if name in ('ring8', 'grid25'):
        # Metz 2017 / VEEGAN: 8 Gaussians on a circle of radius 2 (sigma 0.02); 25 on {-4, -2, 0, 2, 4}^2 (sigma 0.05).
        if name == 'ring8':
            angles = torch.arange(8, dtype=torch.float64) * (2 * math.pi / 8)
            centres, std = torch.stack([2 * torch.cos(angles), 2 * torch.sin(angles)], 1).float(), 0.02
        else:
            grid = torch.tensor([-4.0, -2.0, 0.0, 2.0, 4.0])
            centres, std = torch.cartesian_prod(grid, grid), 0.05

        def draw(n):
            k = torch.randint(len(centres), (n,), generator=g)
            out = {'x': centres[k] + std * torch.randn(n, 2, generator=g)}
            if p['labels'] != 'none':
                out['y'] = encode(k, len(centres))
            return out
        return draw
    if name == 'spiral':
        def draw(n):
            t = torch.sqrt(torch.rand(n, generator=g)) * 3 * math.pi
            arm = torch.where(torch.randint(2, (n,), generator=g) == 0, 1.0, -1.0)
            xy = torch.stack([arm * t * torch.cos(t), arm * t * torch.sin(t)], 1) / math.pi
            return {'x': xy + 0.05 * torch.randn(n, 2, generator=g)}
        return draw
    pixels, labels, classes = images[name]
    order = EpochSampler(pixels.shape[0])

    def draw(n):
        idx = order.take(n)
        x = pixels[idx].float()
        x = x / 127.5 - 1 if p['range'] == '[-1,1]' else x / 255
        out = {'x': x.flatten(1) if p['layout'] == 'flat' else x.permute(0, 3, 1, 2)}
        if p['labels'] != 'none':
            out['y'] = encode(labels[idx], max(classes, 1))
        return out
    return draw
` };

export const datasetBlock = defineBlock({
  type: 'dataset',
  label: 'Dataset',
  category: 'source',
  level: 'training',
  description: 'Real examples x (and labels y): MNIST, the 2-D toy mixtures, coloured shapes, or your own images; all offline.',
  params: zParams,
  inputs: () => [],
  outputs: (p) => (p.labels === 'none' ? [{ id: 'x', label: 'x' }] : [{ id: 'x', label: 'x' }, { id: 'y', label: 'y' }]),
  inferShape: (_i, p) => {
    const classes = DATASETS[p.name].classes || 1;
    const outputs: Record<string, Shape> = { x: datasetShape(p) };
    if (p.labels !== 'none') outputs['y'] = p.labels === 'one-hot' ? [null, classes] : [null, 1];
    return { ok: true, outputs };
  },
  source: {
    open: datasetSource,
    labelPorts: () => ['y'],
    pixelRange: (p, port) => (port === 'x' && DATASETS[p.name].kind === 'image' ? p.range : null),
    imageSets: (p) =>
      p.name === 'mnist' || p.name === 'shapes' || p.name === 'shapes64'
        ? [{ name: p.name }]
        : p.name === 'folder'
          ? [{ name: 'folder', height: p.height, width: p.width, channels: p.channels }]
          : [],
    reference: (p) => {
      if (p.name === 'mnist') return { kind: 'mnist', range: p.range };
      if (p.name === 'ring8' || p.name === 'grid25') return { kind: 'mixture', name: p.name };
      if (p.name === 'shapes' || p.name === 'shapes64') {
        return {
          kind: 'none',
          reason: `${IMAGE_METRICS} are computed on the features of the bundled MNIST classifier, which knows only 28×28 grey digits, so they do not apply to colour images; on colour they would need a feature network trained on such images (Inception's weights would be a download).`,
        };
      }
      if (p.name === 'spiral') return { kind: 'none', reason: `the spiral has no discrete modes, so ${MODE_METRICS} (defined for ring8 and grid25) do not apply; ${IMAGE_METRICS} need MNIST images.` };
      return {
        kind: 'none',
        reason: `your own images have no feature network offline: ${IMAGE_METRICS} need features of a network trained on that kind of image (Inception's weights would be a download), and the bundled classifier knows only 28×28 MNIST digits.`,
      };
    },
    code: { module: 'blocks/sources/dataset', name: 'datasetSource' }, torch: TORCH,
  },
});
