import { z } from 'zod';
import { defineBlock } from '../types';
import { OUT } from './common';
import { mergeInputs, mergePorts, mismatch, zInputs } from './merge';

export const concatenateBlock = defineBlock({
  type: 'concatenate',
  label: 'Concatenate',
  category: 'structure',
  level: 'network',
  description: 'Joins inputs along the last axis — how a conditional GAN joins a label to z or to an image (Mirza 2014).',
  params: z.object({ inputs: zInputs }),
  inputs: (p) => mergePorts(p.inputs),
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const ins = mergeInputs(shapes, p.inputs);
    const first = ins[0]!;
    const sameLead = ins.every((s) => s.length === first.length && s.slice(1, -1).every((d, i) => d === null || first[i + 1] === null || d === first[i + 1]));
    if (!sameLead) return mismatch('concatenate', ins, 'needs inputs of one rank that agree on every axis but the last');
    const lasts = ins.map((s) => s[s.length - 1] ?? null);
    const total = lasts.some((d) => d === null) ? null : lasts.reduce<number>((a, d) => a + (d ?? 0), 0);
    return { ok: true, outputs: { out: [...first.slice(0, -1), total] }, params: { trainable: 0, nonTrainable: 0 } };
  },
  layer: () => ({ factory: 'concatenate', config: { axis: -1 } }),
  // The last axis channels-last is the channel axis: dimension 1 channels-first, and 1 for vectors too.
  torch: () => ({ forward: (_m, xs) => `torch.cat([${xs.join(', ')}], dim=1)` }),
});
