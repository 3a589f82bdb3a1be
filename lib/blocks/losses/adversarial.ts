import { z } from 'zod';
import { compatible, formatShape } from '../../shapes/shape';
import { defineBlock } from '../types';
import { checkScore } from './score';

export const OBJECTIVES = ['non-saturating', 'minimax', 'wasserstein', 'hinge', 'least-squares'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export const adversarialBlock = defineBlock({
  type: 'adversarialLoss',
  version: 1,
  label: 'Adversarial loss',
  category: 'loss',
  level: 'training',
  description:
    "The GAN objective between D's scores on real and generated data: non-saturating or minimax (Goodfellow 2014), Wasserstein (Arjovsky 2017), hinge (Miyato 2018), least squares (Mao 2017). D minimises its side; every network upstream of the fake scores minimises the other.",
  params: z.object({
    objective: z.enum(OBJECTIVES).default('non-saturating').describe('Which GAN objective'),
    scores: z.enum(['logits', 'probabilities']).default('logits').describe("Whether D's scores are logits (no sigmoid) or probabilities (after a sigmoid)"),
    realLabel: z.number().min(0.5).max(1).default(1).describe('Target for real data; 0.9 is one-sided label smoothing (Salimans 2016)'),
    weight: z.number().min(0).max(1e6).default(1).describe('Weight of this term'),
  }),
  inputs: () => [
    { id: 'real', label: 'D(x)' },
    { id: 'fake', label: 'D(G(z))' },
  ],
  outputs: () => [],
  inferShape: (shapes) => {
    const e = checkScore('adversarialLoss', 'real', shapes['real']) ?? checkScore('adversarialLoss', 'fake', shapes['fake']);
    if (e) return e;
    const r = shapes['real'];
    const f = shapes['fake'];
    if (r && f && !compatible(r, f)) {
      return { ok: false, code: 'E_SHAPE_MISMATCH', message: `adversarialLoss compares scores of one shape; got ${formatShape(r)} (real) and ${formatShape(f)} (fake).` };
    }
    return { ok: true, outputs: {} };
  },
});
