import { z } from 'zod';
import { formatShape, sizeOf } from '../../shapes/shape';
import { defineBlock } from '../types';
import { IN, OUT, err, input, needKnown } from './common';

export const flattenBlock = defineBlock({
  type: 'flatten',
  label: 'Flatten',
  category: 'structure',
  level: 'network',
  description: 'Turns each example into a vector, e.g. 7×7×128 → 6272.',
  params: z.object({}),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes) => {
    const s = input(shapes);
    // tfjs-layers Flatten requires rank ≥ 3 (its inputSpec minNDim: 3) and known sizes.
    if (s.length < 3) return err('E_SHAPE_RANK', `flatten needs a 3-D or 4-D input; got ${formatShape(s)}, which is already flat. Remove the Flatten.`);
    return needKnown('flatten', s) ?? { ok: true, outputs: { out: [null, sizeOf(s)] }, params: { trainable: 0, nonTrainable: 0 } };
  },
  layer: () => ({ factory: 'flatten', config: {} }),
  // Keras flattens [h, w, c] in that order: channels-first images are put channels-last first, so the next Dense
  // layer's weights mean the same in both.
  torch: (_p, io) => ({ forward: (_m, [x]) => (io.inputs[0]!.length === 3 ? `${x}.permute(0, 2, 3, 1).flatten(1)` : `${x}.flatten(1)`) }),
});
