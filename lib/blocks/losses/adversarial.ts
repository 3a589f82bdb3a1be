import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { problem, type Problem } from '../../graph/problems';
import type { DesignNode } from '../../graph/schema';
import { compatible, formatShape } from '../../shapes/shape';
import { defineBlock, type CheckContext, type Side } from '../types';
import { bceOnProbabilities, bceWithLogits } from './cross-entropy';
import { inferScorePair } from './score';

type Tf = typeof tfType;
type T = tfType.Tensor;

const OBJECTIVES = ['non-saturating', 'minimax', 'wasserstein', 'hinge', 'least-squares'] as const;

const zParams = z.object({
  objective: z.enum(OBJECTIVES).default('non-saturating').describe('Which GAN objective'),
  scores: z.enum(['logits', 'probabilities']).default('logits').describe("Whether D's scores are logits (no sigmoid) or probabilities (after a sigmoid)"),
  realLabel: z.number().min(0.5).max(1).default(1).describe('Target for real data; 0.9 is one-sided label smoothing (Salimans 2016)'),
  weight: z.number().min(0).max(1e6).default(1).describe('Weight of this term'),
});
export type AdversarialParams = z.infer<typeof zParams>;

const bce = (tf: Tf, p: AdversarialParams, s: T, target: number) => (p.scores === 'logits' ? bceWithLogits(tf, s, target) : bceOnProbabilities(tf, s, target));

/** The discriminator's (critic's) side of each objective; formulas from ../shared/reference/gan-family.md. */
export function discriminatorLoss(tf: Tf, p: AdversarialParams, real: T, fake: T): T {
  switch (p.objective) {
    case 'non-saturating':
    case 'minimax':
      // −E[log D(x)] − E[log(1 − D(G(z)))], with one-sided label smoothing on the real target (Salimans 2016).
      return tf.add(bce(tf, p, real, p.realLabel), bce(tf, p, fake, 0));
    case 'wasserstein':
      // E[D(G(z))] − E[D(x)] (Arjovsky 2017).
      return tf.sub(tf.mean(fake), tf.mean(real));
    case 'hinge':
      // E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))] (Lim & Ye 2017; Miyato 2018).
      return tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake))));
    case 'least-squares':
      // ½E[(D(x) − b)²] + ½E[D(G(z))²] with b = 1 (Mao 2017, a = 0, b = c = 1).
      return tf.add(tf.mul(0.5, tf.mean(tf.square(tf.sub(real, p.realLabel)))), tf.mul(0.5, tf.mean(tf.square(fake))));
  }
}

/** The generator's side: what everything upstream of the fake scores minimises. */
export function generatorLoss(tf: Tf, p: AdversarialParams, fake: T): T {
  switch (p.objective) {
    case 'non-saturating':
      // −E[log D(G(z))] (Goodfellow 2014, §3: stronger gradients early in training).
      return bce(tf, p, fake, 1);
    case 'minimax':
      // E[log(1 − D(G(z)))] = −BCE(D(G(z)), 0); saturates when D wins.
      return tf.neg(bce(tf, p, fake, 0));
    case 'wasserstein':
    case 'hinge':
      return tf.neg(tf.mean(fake));
    case 'least-squares':
      return tf.mul(0.5, tf.mean(tf.square(tf.sub(fake, 1))));
  }
}

/** The term's weighted value: the critic's side on D(x) and D(G(z)), the generator's on D(G(z)). */
export function adversarialLoss(tf: Tf, p: AdversarialParams, side: Side, x: Readonly<Record<string, T>>): T | null {
  const { real, fake } = x;
  if (!fake) return null;
  if (side === 'critic') return real ? tf.mul(p.weight, discriminatorLoss(tf, p, real, fake)) : null;
  return tf.mul(p.weight, generatorLoss(tf, p, fake));
}

/**
 * Checks shared by the terms that compare a critic's scores on real and generated data: one critic on both sides,
 * G's output against the data (shape and range), and class labels reaching G and D alike (Mirza 2014).
 */
export function checkScorePair(ctx: CheckContext, loss: DesignNode, what: string): Problem[] {
  const out: Problem[] = [];
  const realCall = ctx.feed(loss.id, 'real')?.node;
  const fakeCall = ctx.feed(loss.id, 'fake')?.node;
  const dReal = ctx.network(realCall);
  const dFake = ctx.network(fakeCall);
  if (!dReal || !dFake || !realCall || !fakeCall) return out;
  if (dReal.id !== dFake.id) {
    out.push(problem('E_SHAPE_MISMATCH', `${what} "${loss.id}" compares scores of two networks ("${dReal.id}" on real, "${dFake.id}" on fake); both must come from one discriminator.`, { node: loss.id }));
    return out;
  }
  for (const f of ctx.feeds(fakeCall.id)) {
    const realFeed = ctx.feed(realCall.id, f.port);
    const fakeShape = ctx.shapeOf(f.from.id, f.fromPort);
    const realShape = realFeed ? ctx.shapeOf(realFeed.node.id, realFeed.port) : undefined;
    if (fakeShape && realShape && !compatible(fakeShape, realShape)) {
      out.push(problem('E_G_OUTPUT', `"${f.from.id}" makes ${formatShape(fakeShape)} but the data fed to "${dReal.id}" is ${formatShape(realShape)}. Change the generator's last layers (or the dataset's layout) so they agree.`, { node: f.from.id }));
    }
    const gNet = ctx.network(f.from);
    const range = realFeed ? (ctx.block(realFeed.node.type)?.source?.pixelRange?.(ctx.params(realFeed.node), realFeed.port) ?? null) : null;
    if (gNet && range) {
      const act = ctx.lastActivation(gNet);
      const want = range === '[-1,1]' ? 'tanh' : 'sigmoid';
      if (act !== null && act !== want) out.push(problem('W_G_RANGE', `the data lies in ${range} but "${gNet.id}" ends with ${act}; end it with ${want} so its output can match.`, { network: gNet.id }));
    }
  }
  const gCall = ctx.feeds(fakeCall.id).map((f) => f.from).find((n) => ctx.network(n));
  const labelled = (n: DesignNode | undefined) => !!n && ctx.feeds(n.id).some((f) => ctx.isLabel(f.from, f.fromPort));
  if (gCall && labelled(gCall) !== labelled(fakeCall)) {
    const which = labelled(gCall) ? `the generator "${gCall.id}" but not the discriminator "${fakeCall.id}"` : `the discriminator "${fakeCall.id}" but not the generator "${gCall.id}"`;
    out.push(problem('E_LABELS_ONE_SIDED', `class labels reach ${which}. A conditional GAN feeds y to both: G(z|y) and D(x|y).`, { node: labelled(gCall) ? fakeCall.id : gCall.id }));
  }
  return out;
}

export const adversarialBlock = defineBlock({
  type: 'adversarialLoss',
  label: 'Adversarial loss',
  category: 'loss',
  level: 'training',
  description:
    "The GAN objective between D's scores on real and generated data: non-saturating or minimax (Goodfellow 2014), Wasserstein (Arjovsky 2017), hinge (Miyato 2018), least squares (Mao 2017). D minimises its side; every network upstream of the fake scores minimises the other.",
  params: zParams,
  inputs: () => [
    { id: 'real', label: 'D(x)' },
    { id: 'fake', label: 'D(G(z))' },
  ],
  outputs: () => [],
  inferShape: (shapes) => inferScorePair('adversarialLoss', shapes),
  term: {
    sides: () => ['critic', 'generator'],
    scores: { real: 'real', fake: 'fake' },
    // The generator's side reads D(G(z)) alone (the relativistic loss reads both).
    reads: (_p, side) => (side === 'critic' ? ['real', 'fake'] : ['fake']),
    loss: adversarialLoss,
    wasserstein: (p) => p.objective === 'wasserstein',
    probabilities: (p) => p.objective === 'non-saturating' || p.objective === 'minimax',
    check: (ctx, node, p) => {
      const out = checkScorePair(ctx, node, 'adversarial loss');
      const dReal = ctx.network(ctx.feed(node.id, 'real')?.node);
      if (!dReal || out.some((x) => x.code === 'E_SHAPE_MISMATCH')) return out;
      // D's last activation against the loss.
      const dAct = ctx.lastActivation(dReal);
      const at = { node: node.id };
      if (dAct === 'sigmoid' && (p.objective === 'wasserstein' || p.objective === 'hinge')) {
        out.push(problem('E_LOSS_ACTIVATION', `a ${p.objective} critic must output unbounded scores; remove the sigmoid at the end of "${dReal.id}".`, at));
      } else if (dAct === 'sigmoid' && p.scores === 'logits') {
        out.push(problem('E_LOSS_ACTIVATION', `"${dReal.id}" ends with a sigmoid but the loss "${node.id}" expects logits. Remove the sigmoid (more stable), or set the loss's scores to "probabilities".`, at));
      } else if (dAct !== 'sigmoid' && p.scores === 'probabilities') {
        out.push(problem('E_LOSS_ACTIVATION', `the loss "${node.id}" reads probabilities but "${dReal.id}" does not end with a sigmoid. Add one, or set scores to "logits".`, at));
      }
      return out;
    },
    code: { module: 'blocks/losses/adversarial', name: 'adversarialLoss' },
    torch: { name: 'adversarial_loss', source: `def adversarial_loss(p, side, x, env=None):
    """The GAN objectives (non-saturating, minimax, Wasserstein, hinge, least squares), as GAN Studio computes them."""
    real, fake = x.get('real'), x['fake']
    o = p['objective']

    def bce(s, target):
        if p['scores'] == 'logits':
            return F.binary_cross_entropy_with_logits(s, torch.full_like(s, target))
        # Keras clips probabilities away from 0 and 1 (epsilon 1e-7) before the log.
        q = s.clamp(1e-7, 1 - 1e-7)
        return -(target * torch.log(q) + (1 - target) * torch.log(1 - q)).mean()

    if side == 'critic':
        if o in ('non-saturating', 'minimax'):
            value = bce(real, p['realLabel']) + bce(fake, 0.0)
        elif o == 'wasserstein':
            value = fake.mean() - real.mean()
        elif o == 'hinge':
            value = F.relu(1 - real).mean() + F.relu(1 + fake).mean()
        else:
            value = 0.5 * ((real - p['realLabel']) ** 2).mean() + 0.5 * (fake ** 2).mean()
    else:
        if o == 'non-saturating':
            value = bce(fake, 1.0)
        elif o == 'minimax':
            value = -bce(fake, 0.0)
        elif o in ('wasserstein', 'hinge'):
            value = -fake.mean()
        else:
            value = 0.5 * ((fake - 1) ** 2).mean()
    return p['weight'] * value
` },
  },
});
