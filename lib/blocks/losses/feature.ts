import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { compatible, formatShape, type Shape } from '../../shapes/shape';
import { defineBlock, type Side, type TermEnv } from '../types';

type T = tfType.Tensor;

/**
 * Where the classifier's activations are compared: after each conv block's ReLU (before its pooling), or its 128-d
 * features (lib/metrics/classifier/model.ts ACTIVATION_LAYERS, which the frozen network computes).
 */
export const FEATURE_LAYERS = ['conv1', 'conv2', 'conv3', 'features'] as const;
export type FeatureLayer = (typeof FEATURE_LAYERS)[number];

const zParams = z.object({
  layer: z.enum(FEATURE_LAYERS).default('features').describe("Which of the classifier's activations to compare: a conv block's ReLU output, or the 128-d features"),
  norm: z.enum(['l1', 'l2']).default('l2').describe('Mean absolute (L1) or mean squared (L2) difference of the activations'),
  range: z.enum(['[-1,1]', '[0,1]']).default('[-1,1]').describe("The images' pixel scaling, mapped to the classifier's [0, 1]"),
  // Measured beside srgan-mnist's MSE content loss (docs/metrics.md): the 128-d features at 0.01 improved PSNR, SSIM and accuracy.
  weight: z.number().min(0).max(1e6).default(0.01).describe('Weight of this term'),
});
export type FeatureLossParams = z.infer<typeof zParams>;

/** The MNIST classifier's input, 28×28×1 (lib/metrics/classifier/architecture.ts; blocks sit below metrics, so repeated here). */
const PER_IMAGE = 28 * 28 * 1;

/**
 * λ·‖φ(G(a)) − φ(b)‖: the distance between the frozen MNIST classifier's activations φ of the generator's output and of
 * its target (Johnson 2016's feature reconstruction loss; Ledig 2017's VGG loss, with the digit classifier as φ).
 */
export function featureLoss(tf: typeof tfType, p: FeatureLossParams, _side: Side, x: Readonly<Record<string, T>>, env: TermEnv): T | null {
  const { target, output } = x;
  if (!target || !output) return null;
  const net = env.frozen?.['mnist-classifier'];
  if (!net) throw new Error('the feature loss needs the MNIST classifier, which this run did not load');
  // The classifier reads [0, 1].
  const phi = (t: T) => net.activations(p.range === '[-1,1]' ? tf.mul(tf.add(t, 1), 0.5) : t, p.layer);
  const d = tf.sub(phi(output), phi(target));
  return tf.mul(p.weight, p.norm === 'l1' ? tf.mean(tf.abs(d)) : tf.mean(tf.square(d)));
}

/**
 * featureLoss in PyTorch: env['frozen'] holds the classifier train.py loaded from the project's eval/mnist-classifier/
 * (frozen.py, channels-first, never trained), whose activations at a layer match the app's.
 */
const FEATURE_TORCH = { name: 'feature_loss', source: `def feature_loss(p, side, x, env=None):
    """λ·‖φ(G(a)) − φ(b)‖: the frozen MNIST classifier's activations φ of the output against those of its target."""
    net = (env or {}).get('frozen', {}).get('mnist-classifier')
    if net is None:
        raise SystemExit('the feature loss needs the MNIST classifier, which this run did not load')
    # The classifier reads [0, 1].
    phi = lambda t: net.activations((t + 1) * 0.5 if p['range'] == '[-1,1]' else t, p['layer'])
    d = phi(x['output']) - phi(x['target'])
    return p['weight'] * (d.abs().mean() if p['norm'] == 'l1' else (d ** 2).mean())
` };

const perExample = (s: Shape) => s.slice(1).reduce<number | null>((a, d) => (a === null || d === null ? null : a * d), 1);

export const featureLossBlock = defineBlock({
  type: 'featureLoss',
  label: 'Feature loss',
  category: 'loss',
  level: 'training',
  description:
    "λ·‖φ(G(a)) − φ(b)‖: a paired generator's output against its target in the activations φ of a frozen network — the MNIST classifier for digits — rather than in pixels (Johnson 2016's perceptual loss; SRGAN's VGG loss, Ledig 2017). The classifier is never trained.",
  params: zParams,
  inputs: () => [
    { id: 'target', label: 'target' },
    { id: 'output', label: 'output' },
  ],
  outputs: () => [],
  inferShape: (shapes) => {
    for (const port of ['target', 'output'] as const) {
      const s = shapes[port];
      const n = s ? perExample(s) : null;
      if (s && n !== null && n !== PER_IMAGE) {
        return { ok: false, code: 'E_SHAPE_SIZE', message: `the feature loss reads 28×28×1 digits (784 values each), as the MNIST classifier takes them; its ${port} is ${formatShape(s)}.` };
      }
    }
    const t = shapes['target'];
    const o = shapes['output'];
    if (t && o && !compatible(t, o)) {
      return { ok: false, code: 'E_SHAPE_MISMATCH', message: `the feature loss compares tensors of one shape; got ${formatShape(t)} (target) and ${formatShape(o)} (output).` };
    }
    return { ok: true, outputs: {} };
  },
  term: {
    sides: () => ['generator'],
    output: 'output',
    frozen: () => ['mnist-classifier'],
    loss: featureLoss,
    code: { module: 'blocks/losses/feature', name: 'featureLoss' },
    torch: FEATURE_TORCH,
  },
});
