import { design, sequential, standardGan, type Step } from './builder';
import { layers } from './parts';
import { preset } from './types';

const { bn, leaky, relu } = layers;

/** DCGAN generator for 32×32×3: project z to 4×4×128, three stride-2 transposed convs, a tanh RGB output. */
function colourGenerator(): Step[] {
  const up = (id: string, filters: number, extra: Record<string, unknown> = {}): Step => [id, 'conv2dTranspose', { filters, kernelSize: 4, strides: 2, padding: 'same', useBias: false, ...extra }];
  return [
    ['project', 'dense', { units: 4 * 4 * 128, useBias: false }],
    bn('bn0'),
    relu('relu0'),
    ['to_4x4', 'reshape', { targetShape: [4, 4, 128] }],
    up('up_8', 64),
    bn('bn1'),
    relu('relu1'),
    up('up_16', 32),
    bn('bn2'),
    relu('relu2'),
    up('up_32', 3, { useBias: true, activation: 'tanh' }),
  ];
}

/** DCGAN discriminator for 32×32×3: three stride-2 convs (no pooling), batch norm after all but the first, one logit. */
function colourDiscriminator(): Step[] {
  const down = (id: string, filters: number): Step => [id, 'conv2d', { filters, kernelSize: 4, strides: 2, padding: 'same' }];
  return [down('down_16', 32), leaky('lrelu0'), down('down_8', 64), bn('bn1'), leaky('lrelu1'), down('down_4', 128), bn('bn2'), leaky('lrelu2'), ['flatten', 'flatten', {}], ['score', 'dense', { units: 1 }]];
}

export const dcganShapes = preset({
  id: 'dcgan-shapes',
  title: 'DCGAN on coloured shapes (RGB)',
  description:
    'DCGAN on colour images, as the CelebA example of many GAN tutorials, at a size that trains in the browser: 32×32 RGB circles, squares and triangles in six colours, drawn offline from a fixed seed. G projects z to a 4×4×128 map and doubles it three times with stride-2 transposed convolutions to a tanh RGB image; D halves it three times with stride-2 convolutions. Batch norm, ReLU in G, LeakyReLU(0.2) in D, Adam with β1 = 0.5 as in the paper, D at half G’s rate with one-sided label smoothing (0.9) so it does not overpower G early. Swap the dataset for your own image folder at 32×32×3 to train on your pictures.',
  paper: { title: 'Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks', authors: 'Radford, Metz, Chintala', year: 2015 },
  tags: ['colour', 'dcgan', 'non-saturating'],
  // Measured 2026-12-03 with `gan train preset:dcgan-shapes --steps 300 --seed S --backend wasm --json`, seeds 1 and 2
  // side by side on 2 cores shared with other work (load average ~9; ms/step is that load's). No health problems in
  // either. Not yet shapes at step 300: seed 1's samples (inference mode, as the app draws them) are coloured blobs on
  // a dark ground, seed 2's still a checkerboard of colour noise. No bundled metric scores colour images (the
  // dataset's reason), so these are the summary's figures.
  measured: {
    kind: 'step',
    steps: 300,
    backend: 'wasm',
    runs: [
      { seed: 1, msPerStep: 2130.4, dRealLogit: 1.695, dFakeLogit: -3.058, healthProblems: 0 },
      { seed: 2, msPerStep: 2049, dRealLogit: 2.09, dFakeLogit: -3.476, healthProblems: 0 },
    ],
  },
  build: (meta) =>
    design(
      meta,
      [sequential('G', 'generator', 'Generator', [64], colourGenerator()), sequential('D', 'discriminator', 'Discriminator', [32, 32, 3], colourDiscriminator())],
      standardGan({
        noise: { dim: 64 },
        data: { name: 'shapes', layout: 'image', range: '[-1,1]' },
        // At the paper's 2e-4 for both and hard labels D won from step 101 of 300 (the health check: D(x) 0.963,
        // D(G(z)) 0.041); one-sided label smoothing (Salimans 2016) and half D's rate kept it from saturating.
        loss: { objective: 'non-saturating', realLabel: 0.9 },
        gOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.5 }],
        dOptimizer: ['adam', { learningRate: 1e-4, beta1: 0.5 }],
      }),
      { batchSize: 64, steps: 5_000 },
    ),
});
