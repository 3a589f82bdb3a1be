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
  weight: z.number().min(0).max(1e6).default(1).describe('Weight of this term'),
});
export type RelativisticParams = z.infer<typeof zParams>;

/**
 * The relativistic average GAN (Jolicoeur-Martineau 2018, "The relativistic discriminator: a key element missing from
 * standard GAN"): the critic judges whether real data is more realistic than generated data on average,
 * C̃(x_r) = C(x_r) − E[C(x_f)] and C̃(x_f) = C(x_f) − E[C(x_r)], and the generator, unlike in a standard GAN, also
 * pushes real data to look less real. Each side is the halved sum of its two terms, as in the author's reference code
 * (AlexiaJM/RelativisticGAN, GAN_losses_iter.py); critic side first, the generator's swaps the targets:
 * - standard (RaSGAN): BCE(C̃(x_r), 1) + BCE(C̃(x_f), 0);
 * - least squares (RaLSGAN): E[(C̃(x_r) − 1)²] + E[(C̃(x_f) + 1)²];
 * - hinge (RaHingeGAN): E[max(0, 1 − C̃(x_r))] + E[max(0, 1 + C̃(x_f))].
 */
export function relativisticLoss(tf: Tf, p: RelativisticParams, side: Side, x: Readonly<Record<string, T>>): T | null {
  const { real, fake } = x;
  if (!real || !fake) return null;
  const realRel = tf.sub(real, tf.mean(fake));
  const fakeRel = tf.sub(fake, tf.mean(real));
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
    "Relativistic average GAN (Jolicoeur-Martineau 2018): D judges whether real data looks more real than generated data on average, and G learns from both D(x) and D(G(z)). RaSGAN, RaLSGAN or RaHingeGAN; D's scores are raw (no sigmoid).",
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
    """Relativistic average GAN (Jolicoeur-Martineau 2018), halved as in the author's reference code."""
    real, fake = x['real'], x['fake']
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
