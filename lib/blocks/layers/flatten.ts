import { z } from 'zod';
import { sizeOf } from '../../shapes/shape';
import { defineBlock } from '../types';
import { IN, OUT, input } from './common';

export const flattenBlock = defineBlock({
  type: 'flatten',
  version: 1,
  label: 'Flatten',
  category: 'structure',
  level: 'network',
  description: 'Turns each example into a vector, e.g. 7×7×128 → 6272.',
  params: z.object({}),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes) => ({ ok: true, outputs: { out: [null, sizeOf(input(shapes))] }, params: { trainable: 0, nonTrainable: 0 } }),
  layer: () => ({ factory: 'flatten', config: {} }),
});
