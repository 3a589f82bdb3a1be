import { design, sequential } from './builder';
import { layers, MNIST_FLAT } from './parts';
import { preset } from './types';

const { relu, leaky } = layers;
const LATENT = 8;

export const aaeMnist = preset({
  id: 'aae-mnist',
  title: 'Adversarial autoencoder on MNIST',
  description:
    'An autoencoder whose code is shaped by a GAN: the encoder E maps a digit to an 8-d code and the decoder G rebuilds the digit from it (reconstruction phase, ‖x − G(E(x))‖²); a discriminator in the latent space tells codes E(x) from samples of the prior N(0, I), and E learns to fool it (regularisation phase). After training, decoding samples of the prior gives digits, and the codes fill the prior without holes.',
  paper: { title: 'Adversarial Autoencoders', authors: 'Makhzani, Shlens, Jaitly, Goodfellow, Frey', year: 2015 },
  tags: ['mnist', 'autoencoder', 'latent-space'],
  build: (meta) =>
    design(
      meta,
      [
        sequential('E', 'encoder', 'Encoder', [784], [
          ['fc1', 'dense', { units: 512 }],
          relu('act1'),
          ['fc2', 'dense', { units: 512 }],
          relu('act2'),
          ['code', 'dense', { units: LATENT }],
        ]),
        sequential('G', 'decoder', 'Decoder', [LATENT], [
          ['fc1', 'dense', { units: 512 }],
          relu('act1'),
          ['fc2', 'dense', { units: 512 }],
          relu('act2'),
          ['image', 'dense', { units: 784, activation: 'tanh' }],
        ]),
        sequential('D', 'discriminator', 'Latent discriminator', [LATENT], [
          ['fc1', 'dense', { units: 512 }],
          leaky('act1'),
          ['fc2', 'dense', { units: 256 }],
          leaky('act2'),
          ['score', 'dense', { units: 1 }],
        ]),
      ],
      (g) => {
        g.node('data', 'dataset', MNIST_FLAT);
        g.node('prior', 'noise', { dim: LATENT, distribution: 'normal' }, 'prior p(z)');
        g.node('E_call', 'call', { network: 'E' }, 'E(x)');
        g.node('G_call', 'call', { network: 'G' }, 'G(E(x))');
        g.node('D_prior', 'call', { network: 'D' }, 'D(z ~ prior)');
        g.node('D_code', 'call', { network: 'D' }, 'D(E(x))');
        g.connect(['data', 'x'], 'E_call');
        g.connect(['E_call', 'out'], 'G_call');
        g.connect(['prior', 'z'], 'D_prior');
        g.connect(['E_call', 'out'], 'D_code');
        g.node('recon', 'reconstruction', { norm: 'l2', weight: 1 });
        g.connect(['data', 'x'], 'recon', 'target');
        g.connect(['G_call', 'out'], 'recon', 'output');
        g.node('adv', 'adversarialLoss', { objective: 'non-saturating' });
        g.connect(['D_prior', 'out'], 'adv', 'real');
        g.connect(['D_code', 'out'], 'adv', 'fake');
        g.node('opt_E', 'adam', { network: 'E', learningRate: 2e-4, beta1: 0.5 });
        g.node('opt_G', 'adam', { network: 'G', learningRate: 2e-4, beta1: 0.5 });
        g.node('opt_D', 'adam', { network: 'D', learningRate: 2e-4, beta1: 0.5 });
      },
      { batchSize: 100, steps: 10_000 },
    ),
});
