import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { problem } from '../../graph/problems';
import { defineBlock, type Side } from '../types';
import { checkScorePair } from './adversarial';
import { bceWithLogits } from './cross-entropy';
import { inferScorePair } from './score';

type Tf = typeof tfType;
type T = tfType.Tensor;

const zParams = z.object({
  objective: z.enum(['standard', 'least-squares', 'hinge']).default('standard').describe('RaSGAN (cross-entropy), RaLSGAN (least squares) or RaHingeGAN'),
  compare: z
    .enum(['average', 'pair'])
    .default('average')
    .describe("Each score against the other side's mean (RaGAN), or each real example against one generated one (RpGAN)"),
  weight: z.number().min(0).max(1e6).default(1).describe('Weight of this term'),
});
export type RelativisticParams = z.infer<typeof zParams>;

/**
 * The relativistic GAN (Jolicoeur-Martineau 2018, "The relativistic discriminator: a key element missing from
 * standard GAN"): the critic judges whether real data is more realistic than generated data, and the generator,
 * unlike in a standard GAN, also pushes real data to look less real.
 * - `average` (RaGAN): C̃(x_r) = C(x_r) − E[C(x_f)] and C̃(x_f) = C(x_f) − E[C(x_r)];
 * - `pair` (RpGAN, the paper's RSGAN; the loss R3GAN builds on, Huang et al. 2024): C̃(x_r) = C(x_r) − C(x_f) for
 *   the i-th real and i-th generated example, and C̃(x_f) = −C̃(x_r), so each side's two terms are equal and the
 *   critic's standard loss is E[softplus(C(x_f) − C(x_r))].
 * Each side is the halved sum of its two terms, as in the author's reference code (AlexiaJM/RelativisticGAN,
 * GAN_losses_iter.py); critic side first, the generator's swaps the targets:
 * - standard (RaSGAN): BCE(C̃(x_r), 1) + BCE(C̃(x_f), 0);
 * - least squares (RaLSGAN): E[(C̃(x_r) − 1)²] + E[(C̃(x_f) + 1)²];
 * - hinge (RaHingeGAN): E[max(0, 1 − C̃(x_r))] + E[max(0, 1 + C̃(x_f))].
 */
export function relativisticLoss(tf: Tf, p: RelativisticParams, side: Side, x: Readonly<Record<string, T>>): T | null {
  const { real, fake } = x;
  if (!real || !fake) return null;
  const pair = p.compare === 'pair';
  const realRel = tf.sub(real, pair ? fake : tf.mean(fake));
  const fakeRel = tf.sub(fake, pair ? real : tf.mean(real));
  // Which of the two is pushed up (towards "more real") on this side: real data for the critic, generated for G.
  const [up, down] = side === 'critic' ? [realRel, fakeRel] : [fakeRel, realRel];
  let sum: T;
  switch (p.objective) {
    case 'standard':
      sum = tf.add(bceWithLogits(tf, up, 1), bceWithLogits(tf, down, 0));
      break;
    case 'least-squares':
      sum = tf.add(tf.mean(tf.square(tf.sub(up, 1))), tf.mean(tf.square(tf.add(down, 1))));
      break;
    case 'hinge':
      sum = tf.add(tf.mean(tf.relu(tf.sub(1, up))), tf.mean(tf.relu(tf.add(1, down))));
      break;
  }
  return tf.mul(p.weight / 2, sum);
}

export const relativisticBlock = defineBlock({
  type: 'relativisticLoss',
  label: 'Relativistic loss',
  category: 'loss',
  level: 'training',
  description:
    "Relativistic GAN (Jolicoeur-Martineau 2018): D judges whether real data looks more real than generated data — on average (RaGAN) or pair by pair (RpGAN, as in R3GAN) — and G learns from both D(x) and D(G(z)). Standard, least-squares or hinge; D's scores are raw (no sigmoid).",
  params: zParams,
  inputs: () => [
    { id: 'real', label: 'D(x)' },
    { id: 'fake', label: 'D(G(z))' },
  ],
  outputs: () => [],
  inferShape: (shapes) => inferScorePair('relativisticLoss', shapes),
  term: {
    sides: () => ['critic', 'generator'],
    scores: { real: 'real', fake: 'fake' },
    loss: relativisticLoss,
    check: (ctx, node) => {
      const out = checkScorePair(ctx, node, 'relativistic loss');
      const critic = ctx.network(ctx.feed(node.id, 'real')?.node);
      if (critic && !out.some((x) => x.code === 'E_SHAPE_MISMATCH') && ctx.lastActivation(critic) === 'sigmoid') {
        out.push(problem('E_LOSS_ACTIVATION', `a relativistic critic compares raw scores; remove the sigmoid at the end of "${critic.id}".`, { node: node.id }));
      }
      return out;
    },
    code: { module: 'blocks/losses/relativistic', name: 'relativisticLoss' },
    torch: { name: 'relativistic_loss', source: `def relativistic_loss(p, side, x, env=None):
    """Relativistic GAN (Jolicoeur-Martineau 2018), average (RaGAN) or paired (RpGAN), halved as in the author's
    reference code."""
    real, fake = x['real'], x['fake']
    if p.get('compare') == 'pair':
        real_rel, fake_rel = real - fake, fake - real
    else:
        real_rel, fake_rel = real - fake.mean(), fake - real.mean()
    up, down = (real_rel, fake_rel) if side == 'critic' else (fake_rel, real_rel)
    o = p['objective']
    if o == 'standard':
        value = F.binary_cross_entropy_with_logits(up, torch.ones_like(up)) + F.binary_cross_entropy_with_logits(down, torch.zeros_like(down))
    elif o == 'least-squares':
        value = ((up - 1) ** 2).mean() + ((down + 1) ** 2).mean()
    else:
        value = F.relu(1 - up).mean() + F.relu(1 + down).mean()
    return p['weight'] / 2 * value
` },
  },
});
