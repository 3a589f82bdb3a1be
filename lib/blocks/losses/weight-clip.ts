import { z } from 'zod';
import { defineBlock } from '../types';
import { checkScore } from './score';

export const weightClipBlock = defineBlock({
  type: 'weightClip',
  version: 1,
  label: 'Weight clipping',
  category: 'regularizer',
  level: 'training',
  description: "The original WGAN's Lipschitz constraint (Arjovsky 2017): after each critic update, clip every critic weight to [−c, c]. Connect any score of the critic.",
  params: z.object({ clip: z.number().min(1e-6).max(10).default(0.01).describe('c') }),
  inputs: () => [{ id: 'score', label: 'critic' }],
  outputs: () => [],
  inferShape: (shapes) => checkScore('weightClip', 'score', shapes['score']) ?? { ok: true, outputs: {} },
});
