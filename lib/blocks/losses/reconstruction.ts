import { z } from 'zod';
import { compatible, formatShape } from '../../shapes/shape';
import { defineBlock, type AnyBlock } from '../types';

/** Reconstruction-like terms compare an output with a target of the same shape, by mean L1 or L2 distance. */
function distanceBlock(type: string, label: string, description: string, defaults: { norm: 'l1' | 'l2'; weight: number }): AnyBlock {
  return defineBlock({
    type,
    version: 1,
    label,
    category: 'loss',
    level: 'training',
    description,
    params: z.object({
      norm: z.enum(['l1', 'l2']).default(defaults.norm).describe('Mean absolute (L1) or mean squared (L2) difference'),
      weight: z.number().min(0).max(1e6).default(defaults.weight).describe('Weight of this term'),
    }),
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
  });
}

export const reconstructionBlock = distanceBlock(
  'reconstruction',
  'Reconstruction',
  "‖x − G(E(x))‖: how far a network's output is from its target (the adversarial autoencoder's reconstruction phase, Makhzani 2015).",
  { norm: 'l2', weight: 1 },
);
export const cycleConsistencyBlock = distanceBlock(
  'cycleConsistency',
  'Cycle consistency',
  'λ·‖G_BA(G_AB(a)) − a‖₁: a translation and its inverse give the input back (CycleGAN, Zhu 2017; λ = 10).',
  { norm: 'l1', weight: 10 },
);
export const identityBlock = distanceBlock(
  'identity',
  'Identity',
  "‖G_AB(b) − b‖₁: a generator leaves images already in its target domain alone (CycleGAN's identity loss, weight 0.5·λ).",
  { norm: 'l1', weight: 5 },
);
