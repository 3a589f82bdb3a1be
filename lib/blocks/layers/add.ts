import { z } from 'zod';
import { compatible } from '../../shapes/shape';
import { defineBlock } from '../types';
import { OUT } from './common';
import { mergeInputs, mergePorts, mismatch, zInputs } from './merge';

export const addBlock = defineBlock({
  type: 'add',
  label: 'Add',
  category: 'structure',
  level: 'network',
  description: 'Element-wise sum of inputs of one shape — the skip connection of a residual block (He 2016).',
  params: z.object({ inputs: zInputs }),
  inputs: (p) => mergePorts(p.inputs),
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const ins = mergeInputs(shapes, p.inputs);
    const first = ins[0]!;
    if (!ins.every((s) => compatible(s, first))) return mismatch('add', ins, 'needs inputs of the same shape');
    return { ok: true, outputs: { out: first }, params: { trainable: 0, nonTrainable: 0 } };
  },
  layer: () => ({ factory: 'add', config: {} }),
  torch: () => ({ forward: (_m, xs) => xs.join(' + ') }),
});
