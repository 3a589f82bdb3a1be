import { design, network } from './builder';
import { layers, MNIST_FLAT } from './parts';
import { preset } from './types';

const { leaky, bn } = layers;

export const cganMnist = preset({
  id: 'cgan-mnist',
  title: 'Conditional GAN on MNIST',
  description:
    'A GAN that draws the digit you ask for: the one-hot class label y is joined to the noise z at the generator’s input and to the flattened image at the discriminator’s input, so G learns G(z|y) and D judges D(x|y). Real images come with their labels; generated ones with the labels G was given. After training, each row of the sample grid shows one digit class.',
  paper: { title: 'Conditional Generative Adversarial Nets', authors: 'Mirza, Osindero', year: 2014 },
  tags: ['mnist', 'conditional', 'mlp'],
  build: (meta) =>
    design(
      meta,
      [
        network('G', 'generator', 'Generator', (g) => {
          g.node('z', 'input', { shape: [100] }, 'z');
          g.node('y', 'input', { shape: [10] }, 'y');
          g.node('join', 'concatenate', { inputs: 2 });
          g.connect('z', 'join', 'in0');
          g.connect('y', 'join', 'in1');
          const last = g.chain('join', [
            ['fc1', 'dense', { units: 256 }],
            leaky('act1'),
            ['fc2', 'dense', { units: 512 }],
            bn('bn2', { momentum: 0.8 }),
            leaky('act2'),
            ['fc3', 'dense', { units: 1024 }],
            bn('bn3', { momentum: 0.8 }),
            leaky('act3'),
            ['image', 'dense', { units: 784, activation: 'tanh' }],
          ]);
          g.node('out', 'output', {});
          g.connect(last, 'out');
        }),
        network('D', 'discriminator', 'Discriminator', (g) => {
          g.node('x', 'input', { shape: [784] }, 'x');
          g.node('y', 'input', { shape: [10] }, 'y');
          g.node('join', 'concatenate', { inputs: 2 });
          g.connect('x', 'join', 'in0');
          g.connect('y', 'join', 'in1');
          const last = g.chain('join', [
            ['fc1', 'dense', { units: 512 }],
            leaky('act1'),
            ['fc2', 'dense', { units: 512 }],
            ['drop2', 'dropout', { rate: 0.4 }],
            leaky('act2'),
            ['fc3', 'dense', { units: 512 }],
            ['drop3', 'dropout', { rate: 0.4 }],
            leaky('act3'),
            ['score', 'dense', { units: 1 }],
          ]);
          g.node('out', 'output', {});
          g.connect(last, 'out');
        }),
      ],
      (g) => {
        g.node('noise', 'noise', { dim: 100 });
        g.node('labels', 'label', { numClasses: 10, encoding: 'one-hot' });
        g.node('data', 'dataset', { ...MNIST_FLAT, labels: 'one-hot' });
        g.node('G_call', 'call', { network: 'G' }, 'G(z|y)');
        g.node('D_real', 'call', { network: 'D' }, 'D(x|y)');
        g.node('D_fake', 'call', { network: 'D' }, 'D(G(z|y)|y)');
        g.connect(['noise', 'z'], 'G_call', 'z');
        g.connect(['labels', 'y'], 'G_call', 'y');
        g.connect(['data', 'x'], 'D_real', 'x');
        g.connect(['data', 'y'], 'D_real', 'y');
        g.connect(['G_call', 'out'], 'D_fake', 'x');
        g.connect(['labels', 'y'], 'D_fake', 'y');
        g.node('loss', 'adversarialLoss', { objective: 'non-saturating' });
        g.connect(['D_real', 'out'], 'loss', 'real');
        g.connect(['D_fake', 'out'], 'loss', 'fake');
        g.node('opt_G', 'adam', { network: 'G', learningRate: 2e-4, beta1: 0.5 });
        g.node('opt_D', 'adam', { network: 'D', learningRate: 2e-4, beta1: 0.5 });
      },
      { batchSize: 64, steps: 20_000 },
    ),
});
