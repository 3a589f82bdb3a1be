import { z } from 'zod';
import { deconvLength } from '../../shapes/shape';
import { defineBlock } from '../types';
import { IN, OUT, input, last, needKnown, needRank, zActivation, zPadding, zSpectralNorm, activationKernels } from './common';
import { KERNEL_TO_TORCH, SPECTRAL_TORCH, torchActivation } from './torch';

export const conv2dTransposeBlock = defineBlock({
  type: 'conv2dTranspose',
  label: 'Conv2DTranspose',
  category: 'layer',
  level: 'network',
  description: 'Transposed 2-D convolution; strides > 1 up-sample (how a DCGAN generator grows its image).',
  params: z.object({
    filters: z.number().int().min(1).max(65536).default(64).describe('Output channels'),
    kernelSize: z.number().int().min(1).max(15).default(4).describe('Height and width of the kernel'),
    strides: z.number().int().min(1).max(8).default(2).describe('Up-sampling factor'),
    padding: zPadding,
    useBias: z.boolean().default(true).describe('Add a learned bias'),
    activation: zActivation,
    spectralNorm: zSpectralNorm,
  }),
  inputs: () => IN,
  outputs: () => OUT,
  inferShape: (shapes, p) => {
    const s = input(shapes);
    const e = needRank('conv2dTranspose', s, 4, 'Add a Reshape before it (e.g. Dense 12544 → 7×7×256).') ?? needKnown('conv2dTranspose', s);
    if (e) return e;
    const [, h, w] = s as number[];
    const cin = last(s);
    return {
      ok: true,
      outputs: { out: [null, deconvLength(h!, p.kernelSize, p.padding, p.strides), deconvLength(w!, p.kernelSize, p.padding, p.strides), p.filters] },
      params: { trainable: p.kernelSize * p.kernelSize * p.filters * cin + (p.useBias ? p.filters : 0), nonTrainable: p.spectralNorm ? cin : 0 },
      flops: 2 * h! * w! * p.kernelSize * p.kernelSize * cin * p.filters,
    };
  },
  layer: (p) => ({
    factory: p.spectralNorm ? 'spectralConv2dTranspose' : 'conv2dTranspose',
    custom: p.spectralNorm,
    config: { filters: p.filters, kernelSize: p.kernelSize, strides: p.strides, padding: p.padding, useBias: p.useBias, activation: p.activation },
  }),
  torch: (p, io) => {
    const [h, w, c] = io.inputs[0]!;
    const [oh, ow] = io.output;
    const k = p.kernelSize;
    const s = p.strides;
    if (h !== w || oh !== ow) throw new Error('a non-square transposed convolution has no PyTorch export yet');
    // The full transposed convolution is (in − 1)·s + k wide; Keras keeps the window that a "same" forward convolution
    // of the output reads, which starts `before` = ⌊(k − s)/2⌋ in (tfjs-core conv_util.ts), "valid" at 0. PyTorch's
    // padding p starts the window at p and output_padding extends it at the end: when that fits, say it so; else
    // compute the full output and slice the window out.
    const full = (h! - 1) * s + k;
    const before = p.padding === 'same' ? Math.floor(Math.max(k - s, 0) / 2) : 0;
    const extra = oh! - (full - 2 * before);
    const fits = extra >= 0 && extra < s;
    const act = (x: string) => torchActivation(p.activation, x, io);
    return {
      module: `${p.spectralNorm ? 'SpectralConvTranspose2d' : 'nn.ConvTranspose2d'}(${io.num(c!)}, ${io.num(p.filters)}, ${io.num(k)}, stride=${io.num(s)}, padding=${io.num(fits ? before : 0)}${fits && extra ? `, output_padding=${io.num(extra)}` : ''}, bias=${io.bool(p.useBias)})`,
      forward: (m, [x]) => (fits ? act(`${m}(${x})`) : act(`${m}(${x})[:, :, ${io.num(before)}:${io.num(before + oh!)}, ${io.num(before)}:${io.num(before + oh!)}]`)),
      weights: [{ key: 'weight', permute: KERNEL_TO_TORCH }, ...(p.useBias ? [{ key: 'bias' }] : []), ...(p.spectralNorm ? [{ key: 'u', nonTrainable: true }] : [])],
      ...(p.spectralNorm ? { helpers: SPECTRAL_TORCH.convTranspose } : {}),
    };
  },

  finalActivation: (p) => p.activation,
  // A transposed conv's forward pass is Conv2DBackpropInput (tfjs-layers Conv2DTranspose.call).
  kernels: (p) => ({ forward: ['Conv2DBackpropInput', ...activationKernels(p.activation)], backward: ['Conv2D', 'Conv2DBackpropFilter'] }),
});
