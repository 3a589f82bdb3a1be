import { design, network, type GraphBuilder } from './builder';
import { layers } from './parts';
import { preset } from './types';

const { relu, leaky } = layers;
const inorm = (id: string) => [id, 'instanceNormalization', {}] as const;

/**
 * A U-Net for 28×28 (Ronneberger 2015; pix2pix's generator, Isola 2017, scaled down): two stride-2 convs down to
 * 7×7, two transposed convs back up, each decoder stage concatenated with the encoder stage of its size, so the
 * outline's positions reach the output directly.
 */
function unet() {
  return network('G', 'generator', 'U-Net generator', (g: GraphBuilder) => {
    g.node('in', 'input', { shape: [28, 28, 1] }, 'outline');
    const e1 = g.chain('in', [['enc_28', 'conv2d', { filters: 16, kernelSize: 3, strides: 1, padding: 'same' }], leaky('lrelu_28')]);
    const e2 = g.chain(e1, [['enc_14', 'conv2d', { filters: 32, kernelSize: 4, strides: 2, padding: 'same' }], inorm('in_14'), leaky('lrelu_14')]);
    const e3 = g.chain(e2, [['enc_7', 'conv2d', { filters: 64, kernelSize: 4, strides: 2, padding: 'same' }], inorm('in_7'), relu('relu_7')]);
    const d2 = g.chain(e3, [['dec_14', 'conv2dTranspose', { filters: 32, kernelSize: 4, strides: 2, padding: 'same' }], inorm('in_dec_14'), relu('relu_dec_14')]);
    g.node('skip_14', 'concatenate', { inputs: 2 });
    g.connect(d2, 'skip_14', 'in0');
    g.connect(e2, 'skip_14', 'in1');
    const d1 = g.chain('skip_14', [['dec_28', 'conv2dTranspose', { filters: 16, kernelSize: 4, strides: 2, padding: 'same' }], inorm('in_dec_28'), relu('relu_dec_28')]);
    g.node('skip_28', 'concatenate', { inputs: 2 });
    g.connect(d1, 'skip_28', 'in0');
    g.connect(e1, 'skip_28', 'in1');
    const last = g.chain('skip_28', [['to_image', 'conv2d', { filters: 1, kernelSize: 3, strides: 1, padding: 'same', activation: 'tanh' }]]);
    g.node('out', 'output', {});
    g.connect(last, 'out');
  });
}

/** A conditional PatchGAN: the outline and the digit joined as channels, one logit per 7×7 position (Isola 2017). */
function conditionalPatchGan() {
  return network('D', 'discriminator', 'Conditional PatchGAN', (g) => {
    g.node('x', 'input', { shape: [28, 28, 1] }, 'digit');
    g.node('cond', 'input', { shape: [28, 28, 1] }, 'outline');
    g.node('join', 'concatenate', { inputs: 2 });
    g.connect('x', 'join', 'in0');
    g.connect('cond', 'join', 'in1');
    const last = g.chain('join', [
      ['down_14', 'conv2d', { filters: 32, kernelSize: 4, strides: 2, padding: 'same' }],
      leaky('lrelu0'),
      ['down_7', 'conv2d', { filters: 64, kernelSize: 4, strides: 2, padding: 'same' }],
      inorm('in1'),
      leaky('lrelu1'),
      ['patch_scores', 'conv2d', { filters: 1, kernelSize: 3, strides: 1, padding: 'same' }],
    ]);
    g.node('out', 'output', {});
    g.connect(last, 'out');
  });
}

export const pix2pixMnist = preset({
  id: 'pix2pix-mnist',
  title: 'pix2pix: MNIST outlines → digits',
  description:
    'Paired image-to-image translation: the generator, a small U-Net whose decoder concatenates the encoder’s feature maps of the same size, fills a digit’s outline into the digit. A PatchGAN discriminator sees the outline and a digit joined as channels, so it judges whether the digit fits that outline, one logit per 7×7 patch. The generator minimises the adversarial loss plus λ·‖G(outline) − digit‖₁ with λ = 100, as pix2pix does. `gan eval` measures PSNR and SSIM against the true digits and the MNIST classifier’s accuracy on the filled digits.',
  paper: { title: 'Image-to-Image Translation with Conditional Adversarial Networks', authors: 'Isola, Zhu, Zhou, Efros', year: 2017 },
  tags: ['mnist', 'translation', 'paired', 'u-net', 'patchgan'],
  build: (meta) =>
    design(
      meta,
      [unet(), conditionalPatchGan()],
      (g) => {
        g.node('data', 'pairs', { pair: 'mnist-outline', range: '[-1,1]' });
        g.node('G_call', 'call', { network: 'G' }, 'G(outline)');
        g.node('D_real', 'call', { network: 'D' }, 'D(digit | outline)');
        g.node('D_fake', 'call', { network: 'D' }, 'D(G(outline) | outline)');
        g.connect(['data', 'a'], 'G_call', 'in');
        g.connect(['data', 'b'], 'D_real', 'x');
        g.connect(['data', 'a'], 'D_real', 'cond');
        g.connect(['G_call', 'out'], 'D_fake', 'x');
        g.connect(['data', 'a'], 'D_fake', 'cond');
        g.node('adversarial', 'adversarialLoss', { objective: 'non-saturating' });
        g.connect(['D_real', 'out'], 'adversarial', 'real');
        g.connect(['D_fake', 'out'], 'adversarial', 'fake');
        g.node('l1', 'contentLoss', { norm: 'l1', weight: 100 });
        g.connect(['data', 'b'], 'l1', 'target');
        g.connect(['G_call', 'out'], 'l1', 'output');
        g.node('opt_G', 'adam', { network: 'G', learningRate: 2e-4, beta1: 0.5 });
        g.node('opt_D', 'adam', { network: 'D', learningRate: 2e-4, beta1: 0.5 });
      },
      { batchSize: 32, steps: 2_000 },
    ),
});
