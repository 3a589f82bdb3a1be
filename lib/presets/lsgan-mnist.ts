import { design, sequential, standardGan } from './builder';
import { dcganDiscriminator, dcganGenerator, MNIST_IMAGES } from './parts';
import { preset } from './types';

export const lsganMnist = preset({
  id: 'lsgan-mnist',
  title: 'LSGAN on MNIST',
  description:
    'Least-squares GAN: the discriminator regresses real data to 1 and generated data to 0, ½E[(D(x) − 1)²] + ½E[D(G(z))²], and G pulls its samples towards 1, ½E[(D(G(z)) − 1)²]. The squared loss penalises samples far from the decision boundary even when they are on the right side, which gives G gradients where the sigmoid loss saturates. DCGAN networks with a linear last layer; Adam 2e-4, β1 0.5.',
  paper: { title: 'Least Squares Generative Adversarial Networks', authors: 'Mao, Li, Xie, Lau, Wang, Smolley', year: 2017 },
  tags: ['mnist', 'least-squares', 'dcgan'],
  build: (meta) =>
    design(
      meta,
      [sequential('G', 'generator', 'Generator', [100], dcganGenerator()), sequential('D', 'discriminator', 'Discriminator', [28, 28, 1], dcganDiscriminator())],
      standardGan({
        data: MNIST_IMAGES,
        loss: { objective: 'least-squares' },
        gOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.5 }],
        dOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.5 }],
      }),
      { batchSize: 64, steps: 10_000 },
    ),
});
