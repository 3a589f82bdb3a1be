import { validateDesign } from '../../../lib/validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { sequential, type Step } from '../../../lib/presets/builder';
import { PRESETS } from '../../../lib/presets';
import { buildNetwork } from '../../../lib/compile/build-network';
import { checkLayerAgainstTfjs, checkNetworksAgainstTfjs, countOf, designOf, inferNetworks, oneLayerNetwork, tf, type LayerCase } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Every built-in network block against tfjs-layers (ARCHITECTURE.md, "Test it against tfjs's own computeOutputShape as
 * an oracle"): odd and even sizes, strides 1–3, "same" and "valid", kernels 1–7, kernels smaller than the stride.
 */
const LAYER_CASES: LayerCase[] = [
  // conv2d — tfjs-layers utils/conv_utils.ts convOutputLength
  { name: 'conv2d k3 s1 same, 28×28', type: 'conv2d', params: { filters: 8, kernelSize: 3, strides: 1, padding: 'same' }, inputs: [[28, 28, 1]] },
  { name: 'conv2d k5 s2 same, even 28', type: 'conv2d', params: { filters: 4, kernelSize: 5, strides: 2, padding: 'same' }, inputs: [[28, 28, 1]] },
  { name: 'conv2d k3 s2 valid, odd 7', type: 'conv2d', params: { filters: 2, kernelSize: 3, strides: 2, padding: 'valid' }, inputs: [[7, 7, 3]] },
  { name: 'conv2d k3 s3 same, 9', type: 'conv2d', params: { filters: 3, kernelSize: 3, strides: 3, padding: 'same' }, inputs: [[9, 9, 2]] },
  { name: 'conv2d k4 s3 valid, 10', type: 'conv2d', params: { filters: 3, kernelSize: 4, strides: 3, padding: 'valid' }, inputs: [[10, 10, 2]] },
  { name: 'conv2d k1 s1 valid, no bias', type: 'conv2d', params: { filters: 2, kernelSize: 1, strides: 1, padding: 'valid', useBias: false }, inputs: [[5, 5, 1]] },
  { name: 'conv2d k7 s1 same, relu', type: 'conv2d', params: { filters: 2, kernelSize: 7, strides: 1, padding: 'same', activation: 'relu' }, inputs: [[8, 8, 2]] },
  { name: 'conv2d k6 s2 valid, odd 13', type: 'conv2d', params: { filters: 2, kernelSize: 6, strides: 2, padding: 'valid' }, inputs: [[13, 13, 2]] },
  { name: 'conv2d k2 s2 same, no bias', type: 'conv2d', params: { filters: 5, kernelSize: 2, strides: 2, padding: 'same', useBias: false }, inputs: [[6, 6, 3]] },
  { name: 'conv2d k3 s2 same, 8×5 non-square', type: 'conv2d', params: { filters: 2, kernelSize: 3, strides: 2, padding: 'same' }, inputs: [[8, 5, 1]] },
  { name: 'conv2d k4 s3 same, 11×7', type: 'conv2d', params: { filters: 1, kernelSize: 4, strides: 3, padding: 'same' }, inputs: [[11, 7, 2]] },
  // conv2dTranspose — conv_utils.ts deconvLength
  { name: 'conv2dTranspose k5 s1 same, no bias', type: 'conv2dTranspose', params: { filters: 2, kernelSize: 5, strides: 1, padding: 'same', useBias: false }, inputs: [[7, 7, 4]] },
  { name: 'conv2dTranspose k4 s2 same, 7→14', type: 'conv2dTranspose', params: { filters: 2, kernelSize: 4, strides: 2, padding: 'same' }, inputs: [[7, 7, 4]] },
  { name: 'conv2dTranspose k3 s2 valid, odd 5', type: 'conv2dTranspose', params: { filters: 3, kernelSize: 3, strides: 2, padding: 'valid' }, inputs: [[5, 5, 2]] },
  { name: 'conv2dTranspose k1 s3 valid, kernel < stride', type: 'conv2dTranspose', params: { filters: 2, kernelSize: 1, strides: 3, padding: 'valid' }, inputs: [[4, 4, 2]] },
  { name: 'conv2dTranspose k7 s3 same', type: 'conv2dTranspose', params: { filters: 2, kernelSize: 7, strides: 3, padding: 'same' }, inputs: [[3, 3, 2]] },
  { name: 'conv2dTranspose k2 s2 valid, 6×4 tanh', type: 'conv2dTranspose', params: { filters: 1, kernelSize: 2, strides: 2, padding: 'valid', activation: 'tanh' }, inputs: [[6, 4, 1]] },
  { name: 'conv2dTranspose k6 s3 valid', type: 'conv2dTranspose', params: { filters: 2, kernelSize: 6, strides: 3, padding: 'valid' }, inputs: [[5, 5, 3]] },
  { name: 'conv2dTranspose k3 s1 valid, even 4', type: 'conv2dTranspose', params: { filters: 3, kernelSize: 3, strides: 1, padding: 'valid', useBias: false }, inputs: [[4, 4, 2]] },
  // dense — applies to the last axis of any rank (tfjs-layers layers/core.ts Dense)
  { name: 'dense on [10]', type: 'dense', params: { units: 4 }, inputs: [[10]] },
  { name: 'dense on [10], no bias, sigmoid', type: 'dense', params: { units: 3, useBias: false, activation: 'sigmoid' }, inputs: [[10]] },
  { name: 'dense on 3-D [3, 5]', type: 'dense', params: { units: 4 }, inputs: [[3, 5]] },
  { name: 'dense on 4-D [2, 3, 4], no bias', type: 'dense', params: { units: 2, useBias: false }, inputs: [[2, 3, 4]] },
  // normalisation — tfjs counts batch-norm moving statistics as non-trainable
  { name: 'batchNormalization on [6]', type: 'batchNormalization', inputs: [[6]] },
  { name: 'batchNormalization on [4, 4, 3]', type: 'batchNormalization', inputs: [[4, 4, 3]] },
  { name: 'batchNormalization, PyTorch momentum and epsilon', type: 'batchNormalization', params: { momentum: 0.9, epsilon: 1e-5 }, inputs: [[12]] },
  { name: 'layerNormalization on [6]', type: 'layerNormalization', inputs: [[6]] },
  { name: 'layerNormalization on [4, 4, 3]', type: 'layerNormalization', params: { epsilon: 1e-5 }, inputs: [[4, 4, 3]] },
  // structure
  { name: 'upSampling2d ×2 nearest', type: 'upSampling2d', params: { size: 2 }, inputs: [[3, 3, 2]] },
  { name: 'upSampling2d ×3 bilinear, 2×3', type: 'upSampling2d', params: { size: 3, interpolation: 'bilinear' }, inputs: [[2, 3, 1]] },
  { name: 'reshape [12] → [2, 2, 3]', type: 'reshape', params: { targetShape: [2, 2, 3] }, inputs: [[12]] },
  { name: 'reshape [2, 2, 3] → [12]', type: 'reshape', params: { targetShape: [12] }, inputs: [[2, 2, 3]] },
  { name: 'reshape [4, 4, 1] → [2, 8]', type: 'reshape', params: { targetShape: [2, 8] }, inputs: [[4, 4, 1]] },
  { name: 'flatten [3, 3, 2]', type: 'flatten', inputs: [[3, 3, 2]] },
  { name: 'flatten [2, 5]', type: 'flatten', inputs: [[2, 5]] },
  { name: 'concatenate 2 vectors', type: 'concatenate', params: { inputs: 2 }, inputs: [[4], [6]] },
  { name: 'concatenate 3 images on channels', type: 'concatenate', params: { inputs: 3 }, inputs: [[3, 3, 1], [3, 3, 2], [3, 3, 4]] },
  { name: 'add 2 vectors', type: 'add', params: { inputs: 2 }, inputs: [[5], [5]] },
  { name: 'add 3 images', type: 'add', params: { inputs: 3 }, inputs: [[2, 2, 3], [2, 2, 3], [2, 2, 3]] },
  { name: 'embedding of one label', type: 'embedding', params: { inputDim: 10, outputDim: 4 }, inputs: [[1]] },
  { name: 'embedding of 3 labels', type: 'embedding', params: { inputDim: 5, outputDim: 2 }, inputs: [[3]] },
  { name: 'zeroPadding2d 1', type: 'zeroPadding2d', params: { padding: 1 }, inputs: [[5, 5, 2]] },
  { name: 'zeroPadding2d 3, 4×6', type: 'zeroPadding2d', params: { padding: 3 }, inputs: [[4, 6, 1]] },
  { name: 'zeroPadding2d 0', type: 'zeroPadding2d', params: { padding: 0 }, inputs: [[3, 3, 1]] },
  { name: 'globalAveragePooling2d 4×4×3', type: 'globalAveragePooling2d', inputs: [[4, 4, 3]] },
  { name: 'globalAveragePooling2d 5×3×2', type: 'globalAveragePooling2d', inputs: [[5, 3, 2]] },
  { name: 'dropout 0.3 on [8]', type: 'dropout', params: { rate: 0.3 }, inputs: [[8]] },
  { name: 'dropout 0.5 on [4, 4, 2]', type: 'dropout', params: { rate: 0.5 }, inputs: [[4, 4, 2]] },
  { name: 'gaussianNoise 0.1 on [8]', type: 'gaussianNoise', params: { stddev: 0.1 }, inputs: [[8]] },
  { name: 'gaussianNoise 1 on [3, 3, 1]', type: 'gaussianNoise', params: { stddev: 1 }, inputs: [[3, 3, 1]] },
  // activations — tfjs-layers activations.ts names, leakyReLU a layer of its own
  ...(['relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softplus', 'linear'] as const).map((a) => ({ name: `activation ${a}`, type: 'activation', params: { activation: a }, inputs: [[6]] })),
  { name: 'activation leakyReLU 0.2 on an image', type: 'activation', params: { activation: 'leakyReLU', alpha: 0.2 }, inputs: [[4, 4, 2]] },
  { name: 'activation leakyReLU 0.1 on a vector', type: 'activation', params: { activation: 'leakyReLU', alpha: 0.1 }, inputs: [[5]] },
  // spectral normalisation: our layers, checked against the tfjs layer they wrap as well as against inferShape
  { name: 'dense, spectral norm', type: 'dense', params: { units: 3, spectralNorm: true }, inputs: [[7]] },
  { name: 'dense on 3-D, spectral norm, no bias', type: 'dense', params: { units: 3, useBias: false, spectralNorm: true }, inputs: [[2, 7]] },
  { name: 'conv2d k4 s2 same, spectral norm', type: 'conv2d', params: { filters: 4, kernelSize: 4, strides: 2, padding: 'same', spectralNorm: true }, inputs: [[8, 8, 2]] },
  { name: 'conv2d k3 s3 valid, spectral norm, elu', type: 'conv2d', params: { filters: 2, kernelSize: 3, strides: 3, padding: 'valid', spectralNorm: true, activation: 'elu' }, inputs: [[10, 7, 3]] },
  { name: 'conv2dTranspose k4 s2 same, spectral norm', type: 'conv2dTranspose', params: { filters: 2, kernelSize: 4, strides: 2, padding: 'same', spectralNorm: true }, inputs: [[4, 4, 3]] },
  { name: 'conv2dTranspose k1 s3 valid, spectral norm', type: 'conv2dTranspose', params: { filters: 3, kernelSize: 1, strides: 3, padding: 'valid', spectralNorm: true, useBias: false }, inputs: [[3, 3, 2]] },
];

describe('layer oracle: inferShape and parameter counts against tfjs-layers', () => {
  it('covers every built-in network block that becomes a tfjs layer', () => {
    const builtIn = blocks.all().filter((b) => b.level === 'network' && b.layer && !b.layer(b.params.parse({})).custom).map((b) => b.type);
    const covered = new Set(LAYER_CASES.map((c) => c.type));
    expect(builtIn.filter((t) => !covered.has(t))).toEqual([]);
    expect(LAYER_CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(LAYER_CASES)('$name', (c) => checkLayerAgainstTfjs(c));
});

/** Cases the oracle once caught, kept so they stay fixed. */
describe('former mismatches between inferShape and tfjs', () => {
  it('flatten of a 2-D input is refused with a remedy (tfjs Flatten needs rank ≥ 3)', () => {
    const design = designOf([oneLayerNetwork({ name: 'flatten [5]', type: 'flatten', inputs: [[5]] })]);
    const report = validateDesign(design);
    expect(report.problems.map((p) => p.code)).toContain('E_SHAPE_RANK');
    expect(report.problems.find((p) => p.code === 'E_SHAPE_RANK')?.message).toMatch(/already flat\. Remove the Flatten/);
  });

  // tfjs-layers 4.22 BatchNormalization.call reads gamma and beta in training even when scale or center is false, so
  // the block offers neither option: both are always learned, and a training call works.
  it('batchNormalization always learns gamma and beta, and trains', () => {
    const design = designOf([oneLayerNetwork({ name: 'bn', type: 'batchNormalization', params: { scale: false }, inputs: [[4, 4, 3]] })]);
    const net = inferNetworks(design)['net']!;
    const model = buildNetwork(tf, design.networks[0]!, net, blocks);
    expect(countOf(model.trainableWeights)).toBe(net.count.trainable);
    expect(net.count.trainable).toBe(6);
    const x = tf.ones([2, 4, 4, 3]);
    tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
    x.dispose();
    model.dispose();
  });
});

// The two reference MNIST implementations of /work/shared/reference/gan-family.md, written layer for layer.
const relu = (id: string): Step => [id, 'activation', { activation: 'relu' }];
const leaky = (id: string): Step => [id, 'activation', { activation: 'leakyReLU', alpha: 0.2 }];
// PyTorch BatchNorm: momentum 0.1 of the new batch = tfjs 0.9 of the old average; eps 1e-5.
const torchBn = (id: string): Step => [id, 'batchNormalization', { momentum: 0.9, epsilon: 1e-5 }];

const kerasStyle = [
  sequential('G', 'generator', 'Keras-style G', [100], [
    ['dense', 'dense', { units: 7 * 7 * 256, useBias: false }],
    ['bn0', 'batchNormalization', {}],
    relu('relu0'),
    ['reshape', 'reshape', { targetShape: [7, 7, 256] }],
    ['deconv1', 'conv2dTranspose', { filters: 128, kernelSize: 5, strides: 1, padding: 'same', useBias: false }],
    ['bn1', 'batchNormalization', {}],
    relu('relu1'),
    ['deconv2', 'conv2dTranspose', { filters: 64, kernelSize: 5, strides: 2, padding: 'same', useBias: false }],
    ['bn2', 'batchNormalization', {}],
    relu('relu2'),
    ['deconv3', 'conv2dTranspose', { filters: 1, kernelSize: 5, strides: 2, padding: 'same', useBias: false, activation: 'tanh' }],
  ]),
  sequential('D', 'discriminator', 'Keras-style D', [28, 28, 1], [
    ['conv1', 'conv2d', { filters: 64, kernelSize: 5, strides: 2, padding: 'same' }],
    leaky('lrelu1'),
    ['drop1', 'dropout', { rate: 0.3 }],
    ['conv2', 'conv2d', { filters: 128, kernelSize: 5, strides: 2, padding: 'same' }],
    leaky('lrelu2'),
    ['drop2', 'dropout', { rate: 0.3 }],
    ['flatten', 'flatten', {}],
    ['logits', 'dense', { units: 1 }],
  ]),
];

// PyTorch Conv2d(k4, s2, p1) and ConvTranspose2d(k4, s2, p1) give tfjs "same" sizes (28 → 14 → 7, 7 → 14 → 28), and
// Conv2d(k7, s1, p3) is "same" as well; Unflatten(256, 7, 7) becomes a channels-last Reshape, Dropout2d a Dropout.
const pytorchStyle = [
  sequential('G', 'generator', 'PyTorch-style G', [100], [
    ['linear', 'dense', { units: 256 * 7 * 7 }],
    torchBn('bn0'),
    relu('relu0'),
    ['unflatten', 'reshape', { targetShape: [7, 7, 256] }],
    ['deconv1', 'conv2dTranspose', { filters: 128, kernelSize: 4, strides: 2, padding: 'same' }],
    torchBn('bn1'),
    relu('relu1'),
    ['deconv2', 'conv2dTranspose', { filters: 64, kernelSize: 4, strides: 2, padding: 'same' }],
    torchBn('bn2'),
    relu('relu2'),
    ['conv_out', 'conv2d', { filters: 1, kernelSize: 7, strides: 1, padding: 'same' }],
    ['tanh', 'activation', { activation: 'tanh' }],
  ]),
  sequential('D', 'discriminator', 'PyTorch-style D', [28, 28, 1], [
    ['conv1', 'conv2d', { filters: 64, kernelSize: 4, strides: 2, padding: 'same' }],
    leaky('lrelu1'),
    ['drop1', 'dropout', { rate: 0.3 }],
    ['conv2', 'conv2d', { filters: 128, kernelSize: 4, strides: 2, padding: 'same' }],
    leaky('lrelu2'),
    ['drop2', 'dropout', { rate: 0.3 }],
    ['flatten', 'flatten', {}],
    ['linear', 'dense', { units: 1 }],
    ['sigmoid', 'activation', { activation: 'sigmoid' }],
  ]),
];

describe('network oracle: whole networks against tfjs countParams', () => {
  it('Keras-style MNIST DCGAN (seed TF), G and D', () => {
    const design = designOf(kerasStyle);
    checkNetworksAgainstTfjs(design, 1);
    // TensorFlow's DCGAN tutorial prints these for the same two models (model.summary()).
    const r = inferNetworks(design);
    expect(r['G']!.count).toEqual({ trainable: 2_305_472, nonTrainable: 25_472 });
    expect(r['D']!.count.trainable + r['D']!.count.nonTrainable).toBe(212_865);
  });

  it('PyTorch-style MNIST DCGAN (seed PyTorch), G and D', () => {
    const design = designOf(pytorchStyle);
    checkNetworksAgainstTfjs(design, 1);
    const r = inferNetworks(design);
    // torch's parameters() count = our trainable count (BatchNorm running statistics are buffers in PyTorch).
    expect(r['G']!.signature.outputs[0]!.shape).toEqual([null, 28, 28, 1]);
    expect(r['D']!.signature.outputs[0]!.shape).toEqual([null, 1]);
  });

  it.each(PRESETS.map((p) => ({ id: p.id, design: p.design })))('preset $id: every network', ({ design }) => checkNetworksAgainstTfjs(design));
});
