import { design, network, sequential, standardGan, type GraphBuilder } from './builder';
import { layers, MNIST_IMAGES } from './parts';
import { preset } from './types';

const { leaky } = layers;
const W_DIM = 64;

/** One synthesis stage: optional up-sampling and conv, then noise, LeakyReLU and AdaIN modulated by w. */
function stage(g: GraphBuilder, from: string, w: string, name: string, conv?: { filters: number; up: boolean }): string {
  let x = from;
  if (conv) {
    x = g.chain(x, [
      ...(conv.up ? ([[`${name}_up`, 'upSampling2d', { size: 2 }]] as const) : []),
      [`${name}_conv`, 'conv2d', { filters: conv.filters, kernelSize: 3, strides: 1, padding: 'same' }],
    ]);
  }
  x = g.chain(x, [[`${name}_noise`, 'noiseInjection', {}], leaky(`${name}_act`)]);
  g.node(`${name}_adain`, 'adaIN', {});
  g.connect(x, `${name}_adain`, 'x');
  g.connect(w, `${name}_adain`, 'w');
  return `${name}_adain`;
}

export const styleganLiteMnist = preset({
  id: 'stylegan-lite-mnist',
  title: 'StyleGAN-lite on MNIST',
  description:
    'A small style-based generator: a mapping MLP turns z into an intermediate latent w; synthesis starts from a learned 7×7 constant instead of from z, and every stage adds per-pixel noise scaled per channel and then modulates the features by w through adaptive instance normalisation (AdaIN). Two up-sampling stages reach 28×28. The discriminator ends with a minibatch standard-deviation feature. Non-saturating loss, Adam 2e-4 with β = (0, 0.99).',
  paper: { title: 'A Style-Based Generator Architecture for Generative Adversarial Networks', authors: 'Karras, Laine, Aila', year: 2019 },
  tags: ['mnist', 'style', 'adain'],
  build: (meta) =>
    design(
      meta,
      [
        network('G', 'generator', 'Style generator', (g) => {
          g.node('in', 'input', { shape: [W_DIM] }, 'z');
          const w = g.chain('in', [
            ['map1', 'dense', { units: W_DIM }],
            leaky('map1_act'),
            ['map2', 'dense', { units: W_DIM }],
            leaky('map2_act'),
            ['w', 'dense', { units: W_DIM }],
          ]);
          g.node('const', 'learnedConstant', { height: 7, width: 7, channels: 64 });
          g.connect(w, 'const');
          let x = stage(g, 'const', w, 's7a');
          x = stage(g, x, w, 's7b', { filters: 64, up: false });
          x = stage(g, x, w, 's14', { filters: 32, up: true });
          x = stage(g, x, w, 's28', { filters: 16, up: true });
          const img = g.chain(x, [['to_image', 'conv2d', { filters: 1, kernelSize: 1, strides: 1, padding: 'same', activation: 'tanh' }]]);
          g.node('out', 'output', {});
          g.connect(img, 'out');
        }),
        sequential('D', 'discriminator', 'Discriminator', [28, 28, 1], [
          ['down_14', 'conv2d', { filters: 32, kernelSize: 4, strides: 2, padding: 'same' }],
          leaky('act1'),
          ['down_7', 'conv2d', { filters: 64, kernelSize: 4, strides: 2, padding: 'same' }],
          leaky('act2'),
          ['mbstd', 'minibatchStdDev', {}],
          ['conv', 'conv2d', { filters: 64, kernelSize: 3, strides: 1, padding: 'same' }],
          leaky('act3'),
          ['flatten', 'flatten', {}],
          ['score', 'dense', { units: 1 }],
        ]),
      ],
      standardGan({
        noise: { dim: W_DIM },
        data: MNIST_IMAGES,
        loss: { objective: 'non-saturating' },
        gOptimizer: ['adam', { learningRate: 2e-4, beta1: 0, beta2: 0.99 }],
        dOptimizer: ['adam', { learningRate: 2e-4, beta1: 0, beta2: 0.99 }],
      }),
      { batchSize: 32, steps: 10_000 },
    ),
});
