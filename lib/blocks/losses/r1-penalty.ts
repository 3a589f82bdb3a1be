import { z } from 'zod';
import { defineBlock } from '../types';
import { checkScore } from './score';

export const r1PenaltyBlock = defineBlock({
  type: 'r1Penalty',
  version: 1,
  label: 'R1 penalty',
  category: 'regularizer',
  level: 'training',
  description: "Mescheder 2018: (γ/2)·E[‖∇ₓD(x)‖²] on real data. Connect the discriminator's score on real data.",
  params: z.object({ gamma: z.number().min(0).max(1e6).default(10).describe('γ') }),
  inputs: () => [{ id: 'real', label: 'D(x)' }],
  outputs: () => [],
  inferShape: (shapes) => checkScore('r1Penalty', 'real', shapes['real']) ?? { ok: true, outputs: {} },
});
