import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { problem } from '../../graph/problems';
import { drawn } from '../../tfjs/random-tap';
import { defineBlock, type Side, type TermEnv } from '../types';
import { perExample } from './cross-entropy';
import { checkScore } from './score';

type T = tfType.Tensor;

const zParams = z.object({
  weight: z.number().min(0).max(1e6).default(10).describe('λ'),
  target: z.number().min(0).max(100).default(1).describe('Target gradient norm'),
});
export type GradientPenaltyParams = z.infer<typeof zParams>;

/**
 * WGAN-GP (Gulrajani 2017, Algorithm 1): λ·E[(‖∇x̂ D(x̂)‖₂ − target)²] at x̂ = εx + (1 − ε)x̃, ε ~ U[0, 1] per example.
 * `x.real` and `x.fake` are the images the critic was fed; `env.critic` runs it with the real call's other inputs.
 */
export function gradientPenaltyLoss(tf: typeof tfType, p: GradientPenaltyParams, side: Side, x: Readonly<Record<string, T>>, env: TermEnv): T | null {
  const { real, fake } = x;
  const critic = env.critic;
  if (side !== 'critic' || !real || !fake || !critic) return null;
  const eps = drawn(tf, tf.randomUniform([real.shape[0]!, ...real.shape.slice(1).map(() => 1)], 0, 1, 'float32', env.rng.seed()));
  const xhat = tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake));
  const g = tf.grad((xi: T) => tf.sum(critic(xi)))(xhat);
  const norms = tf.sqrt(tf.add(tf.sum(tf.square(g), perExample(g)), 1e-12));
  return tf.mul(p.weight, tf.mean(tf.square(tf.sub(norms, p.target))));
}

export const gradientPenaltyBlock = defineBlock({
  type: 'gradientPenalty',
  label: 'Gradient penalty',
  category: 'regularizer',
  level: 'training',
  description:
    "WGAN-GP (Gulrajani 2017): λ·E[(‖∇D(x̂)‖₂ − 1)²] at x̂ = εx + (1 − ε)G(z). Connect the critic's scores on real and fake data; the penalty re-runs that critic on the interpolates.",
  params: zParams,
  inputs: () => [
    { id: 'real', label: 'D(x)' },
    { id: 'fake', label: 'D(G(z))' },
  ],
  outputs: () => [],
  inferShape: (shapes) => checkScore('gradientPenalty', 'real', shapes['real']) ?? checkScore('gradientPenalty', 'fake', shapes['fake']) ?? { ok: true, outputs: {} },
  term: {
    sides: () => ['critic'],
    scores: { real: 'real', fake: 'fake' },
    penalty: true,
    loss: gradientPenaltyLoss,
    check: (ctx, node) => {
      const critic = ctx.network(ctx.feed(node.id, 'real')?.node);
      if (!critic?.nodes.some((n) => n.type === 'batchNormalization')) return [];
      return [problem('W_GP_BATCHNORM', `"${critic.id}" uses batch normalisation, which makes the gradient penalty invalid (Gulrajani 2017, §4). Use LayerNormalization or none.`, { network: critic.id })];
    },
    code: { module: 'blocks/losses/gradient-penalty', name: 'gradientPenaltyLoss' },
    torch: { name: 'gradient_penalty_loss', source: `def gradient_penalty_loss(p, side, x, env):
    """WGAN-GP (Gulrajani 2017): weight * E[(||grad D(x_hat)||_2 - target)^2] at x_hat = eps*x + (1 - eps)*G(z).

    env['eps'] holds eps ~ U[0, 1], one per example (drawn by the caller, so a run can replay it); create_graph keeps
    the penalty differentiable for the critic's update (double backward)."""
    real, fake = x['real'], x['fake']
    eps = env['eps'].view(-1, *([1] * (real.dim() - 1)))
    x_hat = (eps * real + (1 - eps) * fake).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(env['critic'](x_hat).sum(), x_hat, create_graph=True)
    norms = torch.sqrt((g ** 2).flatten(1).sum(1) + 1e-12)
    return p['weight'] * ((norms - p['target']) ** 2).mean()
` },
  },
});
