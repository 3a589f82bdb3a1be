import { design, sequential, standardGan } from './builder';
import { preset } from './types';

/** MLP G and D for 2-D mixtures, as in the VEEGAN / PacGAN benchmarks (two hidden layers, ReLU). */
function mlp2d(hidden: number) {
  const dense = (id: string, units: number, activation = 'relu') => [id, 'dense', { units, activation }] as const;
  return [
    sequential('G', 'generator', 'Generator', [8], [dense('fc1', hidden), dense('fc2', hidden), dense('point', 2, 'linear')]),
    sequential('D', 'discriminator', 'Discriminator', [2], [dense('fc1', hidden), dense('fc2', hidden), dense('score', 1, 'linear')]),
  ];
}

const training = (name: 'ring8' | 'grid25') =>
  standardGan({
    noise: { dim: 8 },
    data: { name },
    loss: { objective: 'non-saturating' },
    gOptimizer: ['adam', { learningRate: 1e-3, beta1: 0.5 }],
    dOptimizer: ['adam', { learningRate: 1e-3, beta1: 0.5 }],
  });

export const ring8 = preset({
  id: 'ring8-2d',
  title: 'Ring of 8 Gaussians (2-D)',
  description:
    'The standard mode-collapse benchmark: real points come from 8 Gaussians on a circle of radius 2 with a small standard deviation. A GAN that collapses covers one or two modes; a healthy one covers all 8. Small MLPs train in seconds, and the dashboard draws real and generated points over D’s decision surface, as in GAN Lab. Scored by modes covered, the share of high-quality samples (within 3σ of a mode) and the reverse KL of the mode histogram.',
  paper: { title: 'Unrolled Generative Adversarial Networks (benchmark); VEEGAN (protocol)', authors: 'Metz, Poole, Pfau, Sohl-Dickstein; Srivastava et al.', year: 2017 },
  tags: ['2d', 'toy', 'mode-collapse'],
  // EMA of G's weights (decay 0.99) is what lets samples sit within 3σ = 0.06 of the modes: the raw G oscillates.
  build: (meta) => design(meta, mlp2d(128), training('ring8'), { batchSize: 128, steps: 3_000, sampleEvery: 50, emaDecay: 0.99 }),
});

export const grid25 = preset({
  id: 'grid25-2d',
  title: 'Grid of 25 Gaussians (2-D)',
  description:
    'Twenty-five Gaussians on a 5×5 grid with a small standard deviation: harder than the ring because the modes are many and close. Used by VEEGAN and PacGAN to compare how many modes a GAN recovers. Wider MLPs than the ring preset; scored by the same three numbers.',
  paper: { title: 'VEEGAN: Reducing Mode Collapse in GANs using Implicit Variational Learning', authors: 'Srivastava, Valkov, Russell, Gutmann, Sutton', year: 2017 },
  tags: ['2d', 'toy', 'mode-collapse'],
  build: (meta) => design(meta, mlp2d(256), training('grid25'), { batchSize: 256, steps: 5_000, sampleEvery: 50, emaDecay: 0.99 }),
});
