import { design, sequential, standardGan } from './builder';
import { layers, MNIST_IMAGES } from './parts';
import { preset } from './types';

const { relu, leaky } = layers;
// PyTorch's BatchNorm: momentum 0.1 on the new batch = tfjs momentum 0.9 on the old average; eps 1e-5.
const torchBn = (id: string) => [id, 'batchNormalization', { momentum: 0.9, epsilon: 1e-5 }] as const;
// 50 epochs of 60,000 images at batch 64: ceil(60000 / 64) = 938 steps an epoch.
const STEPS_PER_EPOCH = 938;

export const dcganSeedPytorch = preset({
  id: 'dcgan-seed-pytorch',
  title: 'DCGAN, PyTorch reference (seed PyTorch)',
  description:
    'The PyTorch-style MNIST DCGAN, layer for layer: Linear(100 → 256·7·7) → BatchNorm1d → ReLU → Unflatten → ConvTranspose2d(256→128, 4, stride 2, padding 1) → BN → ReLU → ConvTranspose2d(128→64, 4, 2, 1) → BN → ReLU → Conv2d(64→1, 7, padding 3) → Tanh; the discriminator is Conv2d(1→64, 4, 2, 1) → LeakyReLU(0.2) → Dropout → Conv2d(64→128, 4, 2, 1) → LeakyReLU(0.2) → Dropout → Flatten → Linear(6272 → 1) → Sigmoid, trained with BCE on probabilities, Adam 2e-4, batch 64, 50 epochs, an 8×8 sample grid at the end. PyTorch padding 1 with kernel 4 and stride 2 gives the same sizes and the same symmetric padding as tfjs "same". Two differences are forced by tfjs and stated here: Dropout2d (whole channels) becomes element-wise Dropout(0.3), and the unflatten is channels-last.',
  paper: { title: 'Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks (PyTorch-style MNIST reference)', authors: 'Radford, Metz, Chintala', year: 2015 },
  tags: ['mnist', 'dcgan', 'reference'],
  build: (meta) =>
    design(
      meta,
      [
        sequential('G', 'generator', 'Generator', [100], [
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
        sequential('D', 'discriminator', 'Discriminator', [28, 28, 1], [
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
      ],
      standardGan({
        data: MNIST_IMAGES,
        loss: { objective: 'non-saturating', scores: 'probabilities' },
        // torch.optim.Adam(lr=2e-4): β 0.9, 0.999, ε 1e-8.
        gOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }],
        dOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }],
      }),
      { batchSize: 64, steps: 50 * STEPS_PER_EPOCH, sampleEvery: STEPS_PER_EPOCH },
    ),
});
