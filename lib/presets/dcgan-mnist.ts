import { design, sequential, standardGan } from './builder';
import { dcganDiscriminator, dcganGenerator, MNIST_IMAGES } from './parts';
import { preset } from './types';

export const dcganMnist = preset({
  id: 'dcgan-mnist',
  title: 'DCGAN on MNIST',
  description:
    'The deep convolutional GAN: the generator projects z to a 7×7×128 map and doubles it twice with stride-2 transposed convolutions; the discriminator halves the image twice with stride-2 convolutions (no pooling). Batch norm in both nets except G’s output and D’s input, ReLU in G with a tanh output, LeakyReLU(0.2) in D, Adam at 2e-4 with β1 = 0.5 — the guidelines of the paper. Sharp digits within a few thousand steps.',
  paper: { title: 'Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks', authors: 'Radford, Metz, Chintala', year: 2015 },
  tags: ['mnist', 'dcgan', 'non-saturating'],
  build: (meta) =>
    design(
      meta,
      [sequential('G', 'generator', 'Generator', [100], dcganGenerator()), sequential('D', 'discriminator', 'Discriminator', [28, 28, 1], dcganDiscriminator())],
      standardGan({
        data: MNIST_IMAGES,
        loss: { objective: 'non-saturating' },
        gOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.5 }],
        dOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.5 }],
      }),
      { batchSize: 64, steps: 10_000 },
    ),
});
