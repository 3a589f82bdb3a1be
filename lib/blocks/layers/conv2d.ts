import { z } from 'zod';
import { convOutputLength } from '../../shapes/shape';
import { defineBlock } from '../types';
import { IN, OUT, err, input, last, needKnown, needRank, zActivation, zPadding, zSpectralNorm, activationKernels } from './common';
import { KERNEL_TO_TORCH, samePadding, SPECTRAL_TORCH, torchActivation } from './torch';

export const conv2dBlock = defineBlock({
  type: 'conv2d',
  label: 'Conv2D',
  category: 'layer',
  level: 'network',
  description: '2-D convolution over [batch, h, w, c]; strides > 1 down-sample (DCGAN uses them instead of pooling).',
  params: z.object({
    filters: z.number().int().min(1).max(65536).default(64).describe('Output channels'),
    kernelSize: z.number().int().min(1).max(15).default(3).describe('Height and width of the kernel'),
    strides: z.number().int().min(1).max(8).default(1).describe('Step of the kernel; 2 halves the size'),
    padding: zPadding,
    useBias: z.boolean().default(true).describe('Add a learned bias'),
    activation: zActivation,
    spectralNorm: zSpectralNorm,
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const s = input(shapes);
    const e = needRank('conv2d', s, 4, 'Add a Reshape before it (e.g. 784 → 28×28×1).') ?? needKnown('conv2d', s);
    if (e) return e;
    const [, h, w] = s as number[];
    const oh = convOutputLength(h!, p.kernelSize, p.padding, p.strides);
    const ow = convOutputLength(w!, p.kernelSize, p.padding, p.strides);
    if (oh < 1 || ow < 1) {
      return err('E_SHAPE_SIZE', `conv2d's ${p.kernelSize}×${p.kernelSize} "valid" kernel does not fit a ${h}×${w} input. Use padding "same" or a smaller kernel.`);
    }
    const cin = last(s);
    return {
      ok: true,
      outputs: { out: [null, oh, ow, p.filters] },
      params: { trainable: p.kernelSize * p.kernelSize * cin * p.filters + (p.useBias ? p.filters : 0), nonTrainable: p.spectralNorm ? p.filters : 0 },
      flops: 2 * oh * ow * p.kernelSize * p.kernelSize * cin * p.filters,
    };
  },
  layer: (p) => ({
    factory: p.spectralNorm ? 'spectralConv2d' : 'conv2d',
    custom: p.spectralNorm,
    config: { filters: p.filters, kernelSize: p.kernelSize, strides: p.strides, padding: p.padding, useBias: p.useBias, activation: p.activation },
  }),
  torch: (p, io) => {
    const [h, w, c] = io.inputs[0]!;
    const [top, bottom] = p.padding === 'same' ? samePadding(h!, p.kernelSize, p.strides) : [0, 0];
    const [left, right] = p.padding === 'same' ? samePadding(w!, p.kernelSize, p.strides) : [0, 0];
    const symmetric = top === bottom && left === right;
    const pad = symmetric ? `(${io.num(top)}, ${io.num(left)})` : '0';
    return {
      module: `${p.spectralNorm ? 'SpectralConv2d' : 'nn.Conv2d'}(${io.num(c!)}, ${io.num(p.filters)}, ${io.num(p.kernelSize)}, stride=${io.num(p.strides)}, padding=${pad}, bias=${io.bool(p.useBias)})`,
      // Keras pads the odd pixel of "same" at the bottom and right; PyTorch's padding is symmetric, so pad first.
      forward: (m, [x]) => torchActivation(p.activation, symmetric ? `${m}(${x})` : `${m}(F.pad(${x}, (${[left, right, top, bottom].map(io.num).join(', ')})))`, io),
      weights: [{ key: 'weight', permute: KERNEL_TO_TORCH }, ...(p.useBias ? [{ key: 'bias' }] : []), ...(p.spectralNorm ? [{ key: 'u', nonTrainable: true }] : [])],
      ...(p.spectralNorm ? { helpers: SPECTRAL_TORCH.conv } : {}),
    };
  },
  finalActivation: (p) => p.activation,
  kernels: (p) => ({ forward: ['Conv2D', ...activationKernels(p.activation)], backward: ['Conv2DBackpropInput', 'Conv2DBackpropFilter'] }),
});
