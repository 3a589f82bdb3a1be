import { z } from 'zod';
import { defineBlock } from '../types';
import { IN, input } from './common';

export const outputBlock = defineBlock({
  type: 'output',
  label: 'Output',
  category: 'structure',
  level: 'network',
  description: 'A boundary port of the network: what it returns to its caller.',
  params: z.object({}),
  inputs: () => IN,
  outputs: () => [],
  inferShape: (shapes) => ({ ok: true, outputs: { value: input(shapes) } }),
});
