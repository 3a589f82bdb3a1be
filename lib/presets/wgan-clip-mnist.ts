import { design, sequential, standardGan } from './builder';
import { dcganDiscriminator, dcganGenerator, MNIST_IMAGES } from './parts';
import { preset } from './types';

export const wganClipMnist = preset({
  id: 'wgan-clip-mnist',
  title: 'WGAN (weight clipping) on MNIST',
  description:
    'The Wasserstein GAN: the critic outputs an unbounded score and is trained to maximise E[D(x)] − E[D(G(z))], an estimate of the Earth-Mover distance that keeps giving G useful gradients. Its weights are clipped to [−0.01, 0.01] after each update to keep it Lipschitz; five critic updates per generator update; RMSProp at 5e-5, as in the paper. The critic loss is a meaningful training curve: it falls as samples improve.',
  paper: { title: 'Wasserstein GAN', authors: 'Arjovsky, Chintala, Bottou', year: 2017 },
  tags: ['mnist', 'wasserstein', 'dcgan'],
  build: (meta) =>
    design(
      meta,
      [sequential('G', 'generator', 'Generator', [100], dcganGenerator()), sequential('D', 'discriminator', 'Critic', [28, 28, 1], dcganDiscriminator({ norm: 'batch' }))],
      standardGan({
        data: MNIST_IMAGES,
        loss: { objective: 'wasserstein' },
        gOptimizer: ['rmsprop', { learningRate: 5e-5 }],
        dOptimizer: ['rmsprop', { learningRate: 5e-5 }],
        extra: (g, ids) => {
          g.node('clip', 'weightClip', { clip: 0.01 });
          g.connect([ids.dReal, 'out'], 'clip', 'score');
        },
      }),
      { batchSize: 64, nCritic: 5, steps: 10_000 },
    ),
});
