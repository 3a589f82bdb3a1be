import { design, sequential, standardGan } from './builder';
import { dcganDiscriminator, dcganGenerator, MNIST_IMAGES } from './parts';
import { preset } from './types';

export const wganGpMnist = preset({
  id: 'wgan-gp-mnist',
  title: 'WGAN-GP on MNIST',
  description:
    'Wasserstein GAN with gradient penalty: instead of clipping weights, the critic is pushed towards unit gradient norm at random interpolates between real and generated images, λ·E[(‖∇D(x̂)‖₂ − 1)²] with λ = 10. No batch norm in the critic (layer norm instead, as the paper advises), five critic updates per generator update, Adam at 1e-4 with β = (0, 0.9).',
  paper: { title: 'Improved Training of Wasserstein GANs', authors: 'Gulrajani, Ahmed, Arjovsky, Dumoulin, Courville', year: 2017 },
  tags: ['mnist', 'wasserstein', 'gradient-penalty'],
  build: (meta) =>
    design(
      meta,
      [sequential('G', 'generator', 'Generator', [100], dcganGenerator()), sequential('D', 'discriminator', 'Critic', [28, 28, 1], dcganDiscriminator({ norm: 'layer' }))],
      standardGan({
        data: MNIST_IMAGES,
        loss: { objective: 'wasserstein' },
        gOptimizer: ['adam', { learningRate: 1e-4, beta1: 0, beta2: 0.9 }],
        dOptimizer: ['adam', { learningRate: 1e-4, beta1: 0, beta2: 0.9 }],
        extra: (g, ids) => {
          g.node('gp', 'gradientPenalty', { weight: 10 });
          g.connect([ids.dReal, 'out'], 'gp', 'real');
          g.connect([ids.dFake, 'out'], 'gp', 'fake');
        },
      }),
      { batchSize: 64, nCritic: 5, steps: 10_000 },
    ),
});
