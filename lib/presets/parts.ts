import type { Step } from './builder';

/** Layers shared by several presets, written once. */
const leaky = (id: string, alpha = 0.2): Step => [id, 'activation', { activation: 'leakyReLU', alpha }];
const relu = (id: string): Step => [id, 'activation', { activation: 'relu' }];
const bn = (id: string, extra: Record<string, unknown> = {}): Step => [id, 'batchNormalization', extra];
export const layers = { leaky, relu, bn };

/** DCGAN generator for 28×28×1 (Radford 2015): project and reshape, two stride-2 transposed convs, tanh. */
export function dcganGenerator(): Step[] {
  return [
    ['project', 'dense', { units: 7 * 7 * 128, useBias: false }],
    bn('bn0'),
    relu('relu0'),
    ['to_7x7', 'reshape', { targetShape: [7, 7, 128] }],
    ['up_14', 'conv2dTranspose', { filters: 64, kernelSize: 4, strides: 2, padding: 'same', useBias: false }],
    bn('bn1'),
    relu('relu1'),
    ['up_28', 'conv2dTranspose', { filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }],
  ];
}

/**
 * DCGAN discriminator / critic for 28×28×1: two stride-2 convs, LeakyReLU(0.2), one logit. `norm` picks what
 * follows the second conv: batch norm (DCGAN), layer norm (WGAN-GP), or nothing; `spectral` wraps every weight
 * layer in spectral normalisation (SNGAN).
 */
export function dcganDiscriminator(opts: { norm?: 'batch' | 'layer' | 'none'; spectral?: boolean; alpha?: number } = {}): Step[] {
  const { norm = 'batch', spectral = false, alpha = 0.2 } = opts;
  const normStep: Step[] = norm === 'batch' ? [bn('norm1')] : norm === 'layer' ? [['norm1', 'layerNormalization', {}]] : [];
  return [
    ['down_14', 'conv2d', { filters: 64, kernelSize: 4, strides: 2, padding: 'same', spectralNorm: spectral }],
    leaky('lrelu0', alpha),
    ['down_7', 'conv2d', { filters: 128, kernelSize: 4, strides: 2, padding: 'same', spectralNorm: spectral }],
    ...normStep,
    leaky('lrelu1', alpha),
    ['flatten', 'flatten', {}],
    ['score', 'dense', { units: 1, spectralNorm: spectral }],
  ];
}

export const MNIST_IMAGES = { name: 'mnist', layout: 'image', range: '[-1,1]' } as const;
export const MNIST_FLAT = { name: 'mnist', layout: 'flat', range: '[-1,1]' } as const;
