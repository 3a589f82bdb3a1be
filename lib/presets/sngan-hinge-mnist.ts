import { design, sequential, standardGan } from './builder';
import { dcganDiscriminator, dcganGenerator, MNIST_IMAGES } from './parts';
import { preset } from './types';

export const snganHingeMnist = preset({
  id: 'sngan-hinge-mnist',
  title: 'SNGAN (spectral norm, hinge loss) on MNIST',
  description:
    'Spectral normalisation divides every discriminator weight by its largest singular value, estimated with one power-iteration step per training step, which bounds D’s Lipschitz constant at almost no cost. Trained with the hinge loss E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))] for D and −E[D(G(z))] for G. LeakyReLU(0.1) in D and Adam 2e-4, β1 0.5, as in the paper’s standard CNN.',
  paper: { title: 'Spectral Normalization for Generative Adversarial Networks', authors: 'Miyato, Kataoka, Koyama, Yoshida', year: 2018 },
  tags: ['mnist', 'hinge', 'spectral-norm'],
  build: (meta) =>
    design(
      meta,
      [
        sequential('G', 'generator', 'Generator', [100], dcganGenerator()),
        sequential('D', 'discriminator', 'Discriminator', [28, 28, 1], dcganDiscriminator({ norm: 'none', spectral: true, alpha: 0.1 })),
      ],
      standardGan({
        data: MNIST_IMAGES,
        loss: { objective: 'hinge' },
        gOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.5, beta2: 0.999 }],
        dOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.5, beta2: 0.999 }],
      }),
      { batchSize: 64, steps: 10_000 },
    ),
});
