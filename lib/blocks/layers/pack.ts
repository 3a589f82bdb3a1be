import { z } from 'zod';
import type { Network } from '../../graph/schema';
import { formatShape } from '../../shapes/shape';
import { defineBlock } from '../types';
import { IN, OUT, err, input } from './common';

/** Most samples one pack may hold: PacGAN reports m = 2 to 4; beyond 8 the critic sees too few packs per batch. */
export const MAX_PACKING = 8;

export const packBlock = defineBlock({
  type: 'pack',
  label: 'Pack (PacGAN)',
  category: 'structure',
  level: 'network',
  description:
    "Concatenates every m consecutive examples into one, so D judges m samples together and sees when they lack variety: [B, d] → [B/m, m·d] (Lin 2018, PacGAN). Put it right after D's input; the batch size must be a multiple of m.",
  params: z.object({
    m: z.number().int().min(2).max(MAX_PACKING).default(2).describe('Samples per pack (PacGAN2: 2); the batch size must be a multiple of it'),
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const s = input(shapes);
    if (s.length !== 2) return err('E_SHAPE_RANK', `pack needs [batch, features]; got ${formatShape(s)}. Flatten the examples first.`);
    const d = s[1];
    return { ok: true, outputs: { out: [null, d == null ? null : p.m * d] }, params: { trainable: 0, nonTrainable: 0 } };
  },
  layer: (p) => ({ factory: 'pack', custom: true, config: { m: p.m } }),
  // The rows of one pack are consecutive examples, as the tfjs layer groups them, so both score the same packs.
  torch: (p, io) => ({ forward: (_m, [x]) => `${x}.reshape(-1, ${io.num(p.m * io.inputs[0]![0]!)})` }),
  kernels: () => ({ forward: ['Reshape'] }),
});

/**
 * How many examples a network's packing layers merge into one of its outputs (the product of their m; 1 without any):
 * the batch it is fed must be a multiple of it, and it returns that many times fewer scores.
 */
export function packingOf(net: Network): number {
  let k = 1;
  for (const n of net.nodes) {
    if (n.type !== packBlock.type) continue;
    const parsed = packBlock.params.safeParse(n.params);
    if (parsed.success) k *= (parsed.data as { m: number }).m;
  }
  return k;
}
