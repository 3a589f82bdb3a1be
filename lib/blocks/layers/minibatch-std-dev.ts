import { z } from 'zod';
import { formatShape } from '../../shapes/shape';
import { defineBlock } from '../types';
import { IN, OUT, err, input } from './common';
import { STYLE_TORCH } from './torch';

export const minibatchStdDevBlock = defineBlock({
  type: 'minibatchStdDev',
  label: 'MinibatchStdDev',
  category: 'layer',
  level: 'network',
  description: "Appends the batch's mean standard deviation as one more feature, so D can see a lack of diversity (Karras 2018, ProGAN; a simpler form of Salimans 2016's minibatch discrimination).",
  params: z.object({}),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes) => {
    const s = input(shapes);
    if (s.length !== 2 && s.length !== 4) return err('E_SHAPE_RANK', `minibatchStdDev needs [batch, features] or [batch, h, w, c]; got ${formatShape(s)}.`);
    const c = s[s.length - 1];
    return { ok: true, outputs: { out: [...s.slice(0, -1), c == null ? null : c + 1] }, params: { trainable: 0, nonTrainable: 0 } };
  },
  layer: () => ({ factory: 'minibatchStdDev', custom: true, config: {} }),
  torch: () => ({ forward: (_m, [x]) => `minibatch_std_dev(${x})`, helpers: [STYLE_TORCH.minibatchStdDev] }),
});
