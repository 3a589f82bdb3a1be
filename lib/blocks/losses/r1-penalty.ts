import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineBlock, type Side, type TermEnv } from '../types';
import { perExample } from './cross-entropy';
import { checkScore } from './score';

type T = tfType.Tensor;

const zParams = z.object({ gamma: z.number().min(0).max(1e6).default(10).describe('γ') });
export type R1PenaltyParams = z.infer<typeof zParams>;

/** R1 (Mescheder 2018): (γ/2)·E[‖∇x D(x)‖²] on the real images the critic was fed. */
export function r1PenaltyLoss(tf: typeof tfType, p: R1PenaltyParams, side: Side, x: Readonly<Record<string, T>>, env: TermEnv): T | null {
  const { real } = x;
  const critic = env.critic;
  if (side !== 'critic' || !real || !critic) return null;
  const g = tf.grad((xi: T) => tf.sum(critic(xi)))(real);
  return tf.mul(p.gamma / 2, tf.mean(tf.sum(tf.square(g), perExample(g))));
}

export const r1PenaltyBlock = defineBlock({
  type: 'r1Penalty',
  label: 'R1 penalty',
  category: 'regularizer',
  level: 'training',
  description: "Mescheder 2018: (γ/2)·E[‖∇ₓD(x)‖²] on real data. Connect the discriminator's score on real data.",
  params: zParams,
  inputs: () => [{ id: 'real', label: 'D(x)' }],
  outputs: () => [],
  inferShape: (shapes) => checkScore('r1Penalty', 'real', shapes['real']) ?? { ok: true, outputs: {} },
  term: {
    sides: () => ['critic'],
    scores: { real: 'real' },
    penalty: true,
    loss: r1PenaltyLoss,
    code: { module: 'blocks/losses/r1-penalty', name: 'r1PenaltyLoss' },
    torch: { name: 'r1_penalty_loss', source: `def r1_penalty_loss(p, side, x, env):
    """R1 (Mescheder 2018): (gamma / 2) * E[||grad_x D(x)||^2] on real data, differentiable for the critic's update."""
    real = x['real'].detach().requires_grad_(True)
    (g,) = torch.autograd.grad(env['critic'](real).sum(), real, create_graph=True)
    return p['gamma'] / 2 * (g ** 2).flatten(1).sum(1).mean()
` },
  },
});
