import { design, network, sequential } from './builder';
import { layers } from './parts';
import { preset } from './types';

const { relu, leaky } = layers;

/**
 * 4× super-resolution, 7×7 → 28×28 (Ledig 2017, scaled down): G = a feature conv, then twice a conv to 4·C channels
 * and a ×2 pixel shuffle (Shi 2016), then a tanh conv to one channel. D is a PatchGAN on the high-resolution image
 * alone, as SRGAN's D sees only images; G minimises the MSE content loss plus 10⁻³ × the adversarial loss
 * (SRGAN's weighting), so the pixel loss leads and PSNR can be compared with bicubic up-sampling.
 */
function superResolver() {
  return sequential('G', 'generator', 'Generator (7×7 → 28×28)', [7, 7, 1], [
    ['features', 'conv2d', { filters: 32, kernelSize: 3, strides: 1, padding: 'same' }],
    relu('relu0'),
    ['to_14', 'conv2d', { filters: 64, kernelSize: 3, strides: 1, padding: 'same' }],
    ['shuffle_14', 'pixelShuffle', { factor: 2 }],
    relu('relu1'),
    ['to_28', 'conv2d', { filters: 64, kernelSize: 3, strides: 1, padding: 'same' }],
    ['shuffle_28', 'pixelShuffle', { factor: 2 }],
    relu('relu2'),
    ['to_image', 'conv2d', { filters: 1, kernelSize: 3, strides: 1, padding: 'same', activation: 'tanh' }],
  ]);
}

/** A PatchGAN critic on 28×28 images: one logit per position of a 7×7 map (Isola 2017). */
function patchDiscriminator() {
  return network('D', 'discriminator', 'PatchGAN discriminator', (g) => {
    g.node('x', 'input', { shape: [28, 28, 1] }, 'image');
    const last = g.chain('x', [
      ['down_14', 'conv2d', { filters: 32, kernelSize: 4, strides: 2, padding: 'same' }],
      leaky('lrelu0'),
      ['down_7', 'conv2d', { filters: 64, kernelSize: 4, strides: 2, padding: 'same' }],
      leaky('lrelu1'),
      ['patch_scores', 'conv2d', { filters: 1, kernelSize: 3, strides: 1, padding: 'same' }],
    ]);
    g.node('out', 'output', {});
    g.connect(last, 'out');
  });
}

export const srganMnist = preset({
  id: 'srgan-mnist',
  title: 'SRGAN: 4× super-resolution of MNIST',
  description:
    'Super-resolution as a conditional GAN: the generator sees a digit as 7×7 box means and draws it at 28×28, growing the image with sub-pixel convolutions (conv to 4× the channels, then a ×2 pixel shuffle, twice). A PatchGAN discriminator scores 7×7 patches of real and super-resolved digits. The generator minimises the pixel-wise MSE content loss plus 10⁻³ × the adversarial loss, as SRGAN does. `gan eval` measures PSNR and SSIM against the true digits beside bicubic up-sampling, and the MNIST classifier’s accuracy on the super-resolved digits.',
  paper: { title: 'Photo-Realistic Single Image Super-Resolution Using a Generative Adversarial Network', authors: 'Ledig, Theis, Huszár, et al.', year: 2017 },
  tags: ['mnist', 'super-resolution', 'paired', 'patchgan'],
  build: (meta) =>
    design(
      meta,
      [superResolver(), patchDiscriminator()],
      (g) => {
        g.node('data', 'pairs', { pair: 'mnist-lowres-7', range: '[-1,1]' });
        g.node('G_call', 'call', { network: 'G' }, 'G(low-res)');
        g.node('D_real', 'call', { network: 'D' }, 'D(high-res)');
        g.node('D_fake', 'call', { network: 'D' }, 'D(G(low-res))');
        g.connect(['data', 'a'], 'G_call', 'in');
        g.connect(['data', 'b'], 'D_real', 'x');
        g.connect(['G_call', 'out'], 'D_fake', 'x');
        g.node('adversarial', 'adversarialLoss', { objective: 'non-saturating', weight: 1e-3 });
        g.connect(['D_real', 'out'], 'adversarial', 'real');
        g.connect(['D_fake', 'out'], 'adversarial', 'fake');
        g.node('content', 'contentLoss', { norm: 'l2', weight: 1 });
        g.connect(['data', 'b'], 'content', 'target');
        g.connect(['G_call', 'out'], 'content', 'output');
        g.node('opt_G', 'adam', { network: 'G', learningRate: 1e-3, beta1: 0.9 });
        g.node('opt_D', 'adam', { network: 'D', learningRate: 1e-4, beta1: 0.9 });
      },
      { batchSize: 32, steps: 2_000 },
    ),
});
