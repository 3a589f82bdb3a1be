import { design, sequential, standardGan } from './builder';
import { layers, MNIST_FLAT } from './parts';
import { preset } from './types';

const { leaky } = layers;

export const ganMlpMnist = preset({
  id: 'gan-mlp-mnist',
  title: 'Vanilla GAN (MLP) on MNIST',
  description:
    'The original GAN: a multilayer-perceptron generator maps 100-d Gaussian noise to a flattened 28×28 digit and an MLP discriminator tells real digits from generated ones. Trained with the non-saturating loss on logits (−log D(G(z)) for G), as the paper recommends in practice. Expect blurry but recognisable digits after a few thousand steps.',
  paper: { title: 'Generative Adversarial Nets', authors: 'Goodfellow et al.', year: 2014 },
  tags: ['mnist', 'mlp', 'non-saturating'],
  build: (meta) =>
    design(
      meta,
      [
        sequential('G', 'generator', 'Generator', [100], [
          ['fc1', 'dense', { units: 256 }],
          leaky('act1'),
          ['fc2', 'dense', { units: 512 }],
          leaky('act2'),
          ['fc3', 'dense', { units: 1024 }],
          leaky('act3'),
          ['image', 'dense', { units: 784, activation: 'tanh' }],
        ]),
        sequential('D', 'discriminator', 'Discriminator', [784], [
          ['fc1', 'dense', { units: 512 }],
          leaky('act1'),
          ['fc2', 'dense', { units: 256 }],
          leaky('act2'),
          ['score', 'dense', { units: 1 }],
        ]),
      ],
      standardGan({
        data: MNIST_FLAT,
        loss: { objective: 'non-saturating' },
        gOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.5 }],
        dOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.5 }],
      }),
      { batchSize: 64, steps: 20_000 },
    ),
});
