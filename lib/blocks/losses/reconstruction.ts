import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { compatible, formatShape } from '../../shapes/shape';
import { defineBlock, type Side } from '../types';

type T = tfType.Tensor;

const zParams = (defaults: { norm: 'l1' | 'l2'; weight: number }) =>
  z.object({
    norm: z.enum(['l1', 'l2']).default(defaults.norm).describe('Mean absolute (L1) or mean squared (L2) difference'),
    weight: z.number().min(0).max(1e6).default(defaults.weight).describe('Weight of this term'),
  });
export type DistanceParams = z.infer<ReturnType<typeof zParams>>;

/** Mean L1 or L2 distance between a network's output and its target, weighted. */
export function distanceLoss(tf: typeof tfType, p: DistanceParams, _side: Side, x: Readonly<Record<string, T>>): T | null {
  const { target, output } = x;
  if (!target || !output) return null;
  const d = tf.sub(output, target);
  return tf.mul(p.weight, p.norm === 'l1' ? tf.mean(tf.abs(d)) : tf.mean(tf.square(d)));
}

/** distanceLoss in PyTorch. */
const DISTANCE_TORCH = { name: 'distance_loss', source: `def distance_loss(p, side, x, env=None):
    """Mean L1 or L2 distance between a network's output and its target, weighted."""
    d = x['output'] - x['target']
    return p['weight'] * (d.abs().mean() if p['norm'] == 'l1' else (d ** 2).mean())
` };

/** Reconstruction-like terms compare an output with a target of the same shape, by mean L1 or L2 distance. */
function distanceBlock<const K extends string>(type: K, label: string, description: string, side: Side, defaults: { norm: 'l1' | 'l2'; weight: number }) {
  return defineBlock({
    type,
    label,
    category: 'loss',
    level: 'training',
    description,
    params: zParams(defaults),
    inputs: () => [
      { id: 'target', label: 'target' },
      { id: 'output', label: 'output' },
    ],
    outputs: () => [],
    inferShape: (shapes) => {
      const t = shapes['target'];
      const o = shapes['output'];
      if (t && o && !compatible(t, o)) {
        return { ok: false, code: 'E_SHAPE_MISMATCH', message: `${type} compares tensors of one shape; got ${formatShape(t)} (target) and ${formatShape(o)} (output).` };
      }
      return { ok: true, outputs: {} };
    },
    term: { sides: () => [side], output: 'output', loss: distanceLoss, code: { module: 'blocks/losses/reconstruction', name: 'distanceLoss' }, torch: DISTANCE_TORCH },
  });
}

export const reconstructionBlock = distanceBlock(
  'reconstruction',
  'Reconstruction',
  "‖x − G(E(x))‖: how far a network's output is from its target (the adversarial autoencoder's reconstruction phase, Makhzani 2015).",
  // Its own phase, before the critic's (Makhzani 2015: reconstruction, then regularisation, per mini-batch).
  'reconstruction',
  { norm: 'l2', weight: 1 },
);
export const cycleConsistencyBlock = distanceBlock(
  'cycleConsistency',
  'Cycle consistency',
  'λ·‖G_BA(G_AB(a)) − a‖₁: a translation and its inverse give the input back (CycleGAN, Zhu 2017; λ = 10).',
  'generator',
  { norm: 'l1', weight: 10 },
);
export const identityBlock = distanceBlock(
  'identity',
  'Identity',
  "‖G_AB(b) − b‖₁: a generator leaves images already in its target domain alone (CycleGAN's identity loss, weight 0.5·λ).",
  'generator',
  { norm: 'l1', weight: 5 },
);
export const contentBlock = distanceBlock(
  'contentLoss',
  'Content loss',
  "λ·‖G(a) − b‖: a paired generator's output against its ground truth, trained with the adversarial term in one generator update — pix2pix's L1 (Isola 2017, λ = 100), SRGAN's pixel-wise MSE content loss (Ledig 2017).",
  'generator',
  { norm: 'l1', weight: 100 },
);
