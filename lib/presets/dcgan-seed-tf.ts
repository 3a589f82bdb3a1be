import { design, sequential, standardGan } from './builder';
import { layers, MNIST_IMAGES } from './parts';
import { preset } from './types';

const { bn, relu, leaky } = layers;
// 50 epochs of 60,000 images at batch 256: ceil(60000 / 256) = 235 steps an epoch.
const STEPS_PER_EPOCH = 235;

export const dcganSeedTf = preset({
  id: 'dcgan-seed-tf',
  title: 'DCGAN, Keras reference (seed TF)',
  description:
    'The TensorFlow / Keras DCGAN tutorial model, layer for layer: Dense(7·7·256, no bias) → BatchNorm → ReLU → Reshape → three 5×5 transposed convolutions (128, 64, 1; strides 1, 2, 2; no bias; tanh last). The discriminator has two 5×5 stride-2 convolutions (64, 128) with LeakyReLU(0.2) and Dropout(0.3), then one logit. Binary cross-entropy on logits, Adam 1e-4 for both, batch 256, 50 epochs, and a 4×4 grid of samples from 16 fixed noise vectors after each epoch.',
  paper: { title: 'Deep Convolutional Generative Adversarial Network (TensorFlow tutorial, after Radford et al. 2015)', authors: 'TensorFlow authors', year: 2019 },
  tags: ['mnist', 'dcgan', 'reference'],
  build: (meta) =>
    design(
      meta,
      [
        sequential('G', 'generator', 'Generator', [100], [
          ['dense', 'dense', { units: 7 * 7 * 256, useBias: false }],
          bn('bn0'),
          relu('relu0'),
          ['reshape', 'reshape', { targetShape: [7, 7, 256] }],
          ['deconv1', 'conv2dTranspose', { filters: 128, kernelSize: 5, strides: 1, padding: 'same', useBias: false }],
          bn('bn1'),
          relu('relu1'),
          ['deconv2', 'conv2dTranspose', { filters: 64, kernelSize: 5, strides: 2, padding: 'same', useBias: false }],
          bn('bn2'),
          relu('relu2'),
          ['deconv3', 'conv2dTranspose', { filters: 1, kernelSize: 5, strides: 2, padding: 'same', useBias: false, activation: 'tanh' }],
        ]),
        sequential('D', 'discriminator', 'Discriminator', [28, 28, 1], [
          ['conv1', 'conv2d', { filters: 64, kernelSize: 5, strides: 2, padding: 'same' }],
          leaky('lrelu1'),
          ['drop1', 'dropout', { rate: 0.3 }],
          ['conv2', 'conv2d', { filters: 128, kernelSize: 5, strides: 2, padding: 'same' }],
          leaky('lrelu2'),
          ['drop2', 'dropout', { rate: 0.3 }],
          ['flatten', 'flatten', {}],
          ['logit', 'dense', { units: 1 }],
        ]),
      ],
      standardGan({
        data: MNIST_IMAGES,
        loss: { objective: 'non-saturating', scores: 'logits' },
        // tf.keras.optimizers.Adam(1e-4): β1 0.9, β2 0.999, ε 1e-7.
        gOptimizer: ['adam', { learningRate: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }],
        dOptimizer: ['adam', { learningRate: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }],
      }),
      { batchSize: 256, steps: 50 * STEPS_PER_EPOCH, sampleEvery: STEPS_PER_EPOCH },
    ),
});
