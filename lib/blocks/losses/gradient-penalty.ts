import { z } from 'zod';
import { defineBlock } from '../types';
import { checkScore } from './score';

export const gradientPenaltyBlock = defineBlock({
  type: 'gradientPenalty',
  version: 1,
  label: 'Gradient penalty',
  category: 'regularizer',
  level: 'training',
  description:
    "WGAN-GP (Gulrajani 2017): λ·E[(‖∇D(x̂)‖₂ − 1)²] at x̂ = εx + (1 − ε)G(z). Connect the critic's scores on real and fake data; the penalty re-runs that critic on the interpolates.",
  params: z.object({
    weight: z.number().min(0).max(1e6).default(10).describe('λ'),
    target: z.number().min(0).max(100).default(1).describe('Target gradient norm'),
  }),
  inputs: () => [
    { id: 'real', label: 'D(x)' },
    { id: 'fake', label: 'D(G(z))' },
  ],
  outputs: () => [],
  inferShape: (shapes) => checkScore('gradientPenalty', 'real', shapes['real']) ?? checkScore('gradientPenalty', 'fake', shapes['fake']) ?? { ok: true, outputs: {} },
});
