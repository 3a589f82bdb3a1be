import { z } from 'zod';
import { defineBlock } from '../types';
import { IN, OUT, err, input, last, needKnown, zActivation, zSpectralNorm, activationKernels } from './common';
import { formatShape } from '../../shapes/shape';
import { SPECTRAL_TORCH, torchActivation } from './torch';

export const denseBlock = defineBlock({
  type: 'dense',
  label: 'Dense',
  category: 'layer',
  level: 'network',
  description: 'Fully connected layer: output = activation(input · kernel + bias), applied to the last axis.',
  params: z.object({
    units: z.number().int().min(1).max(1_000_000).default(128).describe('Output features'),
    useBias: z.boolean().default(true).describe('Add a learned bias'),
    activation: zActivation,
    spectralNorm: zSpectralNorm,
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const s = input(shapes);
    // tfjs-layers Dense applies to the last axis of any rank >= 2.
    if (s.length < 2) return err('E_SHAPE_RANK', `dense needs an input of at least 2-D [batch, features]; got ${formatShape(s)}.`);
    const e = needKnown('dense', s);
    if (e) return e;
    const inUnits = last(s);
    const rows = s.slice(1, -1).reduce<number>((a, d) => a * (d ?? 1), 1);
    return {
      ok: true,
      outputs: { out: [...s.slice(0, -1), p.units] },
      params: { trainable: inUnits * p.units + (p.useBias ? p.units : 0), nonTrainable: p.spectralNorm ? p.units : 0 },
      flops: 2 * rows * inUnits * p.units,
    };
  },
  layer: (p) => ({
    factory: p.spectralNorm ? 'spectralDense' : 'dense',
    custom: p.spectralNorm,
    config: { units: p.units, useBias: p.useBias, activation: p.activation },
  }),
  torch: (p, io) => {
    if (io.inputs[0]!.length !== 1) throw new Error('a Dense layer on a non-flat input has no PyTorch export yet; Flatten first');
    return {
      module: `${p.spectralNorm ? 'SpectralLinear' : 'nn.Linear'}(${io.num(io.inputs[0]![0]!)}, ${io.num(p.units)}, bias=${io.bool(p.useBias)})`,
      forward: (m, [x]) => torchActivation(p.activation, `${m}(${x})`, io),
      weights: [{ key: 'weight', permute: [1, 0] }, ...(p.useBias ? [{ key: 'bias' }] : []), ...(p.spectralNorm ? [{ key: 'u', nonTrainable: true }] : [])],
      ...(p.spectralNorm ? { helpers: SPECTRAL_TORCH.linear } : {}),
    };
  },
  finalActivation: (p) => p.activation,
  kernels: (p) => ({ forward: ['BatchMatMul', ...activationKernels(p.activation)] }),
});
