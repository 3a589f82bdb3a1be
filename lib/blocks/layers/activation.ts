import { z } from 'zod';
import { defineBlock, type LayerSpec } from '../types';
import { ACTIVATIONS, IN, OUT, input, activationKernels } from './common';
import { torchActivation } from './torch';

export const activationBlock = defineBlock({
  type: 'activation',
  label: 'Activation',
  category: 'activation',
  level: 'network',
  description: 'An element-wise non-linearity: relu, leakyReLU (DCGAN discriminators, alpha 0.2), elu, selu, tanh, sigmoid, softplus or linear.',
  params: z.object({
    activation: z.enum([...ACTIVATIONS, 'leakyReLU']).default('relu').describe('The function'),
    alpha: z.number().min(0).max(1).default(0.2).describe('Slope for negative inputs (leakyReLU only)'),
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes) => {
    const s = input(shapes);
    return { ok: true, outputs: { out: s }, params: { trainable: 0, nonTrainable: 0 }, flops: s.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1) };
  },
  layer: (p): LayerSpec =>
    p.activation === 'leakyReLU' ? { factory: 'leakyReLU', config: { alpha: p.alpha } } : { factory: 'activation', config: { activation: p.activation } },
  torch: (p, io) => ({ forward: (_m, [x]) => torchActivation(p.activation, x!, io, p.alpha) }),
  finalActivation: (p) => p.activation,
  kernels: (p) => ({ forward: activationKernels(p.activation) }),
});
