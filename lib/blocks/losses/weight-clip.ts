import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineBlock } from '../types';
import { checkScore } from './score';

const zParams = z.object({ clip: z.number().min(1e-6).max(10).default(0.01).describe('c') });
export type WeightClipParams = z.infer<typeof zParams>;

/** The original WGAN's Lipschitz constraint (Arjovsky 2017): every critic weight clipped to [−c, c]. */
export function clipWeights(tf: typeof tfType, p: WeightClipParams, weights: readonly tfType.Variable[]): void {
  for (const v of weights) tf.tidy(() => v.assign(tf.clipByValue(v, -p.clip, p.clip)));
}

export const weightClipBlock = defineBlock({
  type: 'weightClip',
  label: 'Weight clipping',
  category: 'regularizer',
  level: 'training',
  description: "The original WGAN's Lipschitz constraint (Arjovsky 2017): after each critic update, clip every critic weight to [−c, c]. Connect any score of the critic.",
  params: zParams,
  inputs: () => [{ id: 'score', label: 'critic' }],
  outputs: () => [],
  inferShape: (shapes) => checkScore('weightClip', 'score', shapes['score']) ?? { ok: true, outputs: {} },
  constraint: {
    port: 'score',
    apply: clipWeights,
    code: { module: 'blocks/losses/weight-clip', name: 'clipWeights' },
    torch: {
      name: 'clip_weights',
      // Every trainable weight, as GAN Studio clips the critic's trainableWeights (batch-norm statistics are buffers).
      source: `def clip_weights(p, module):
    """The original WGAN's Lipschitz constraint (Arjovsky 2017): every critic weight clipped to [-c, c]."""
    with torch.no_grad():
        for w in module.parameters():
            w.clamp_(-p['clip'], p['clip'])
`,
    },
  },
});
