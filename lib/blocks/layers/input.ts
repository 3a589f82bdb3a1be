import { z } from 'zod';
import { defineBlock } from '../types';
import { OUT } from './common';

export const inputBlock = defineBlock({
  type: 'input',
  label: 'Input',
  category: 'structure',
  level: 'network',
  description: "A boundary port of the network: what its caller feeds in, with the shape of one example (no batch).",
  params: z.object({
    shape: z.array(z.number().int().min(1).max(65536)).min(1).max(3).default([100]).describe('Shape of one example, without the batch'),
  }),
  inputs: () => [],
  outputs: () => OUT,
  inferShape: (_in, p) => ({ ok: true, outputs: { out: [null, ...p.shape] } }),
});
