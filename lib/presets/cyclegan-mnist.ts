import { design, network, type GraphBuilder } from './builder';
import { layers } from './parts';
import { preset } from './types';

const { relu, leaky } = layers;
const inorm = (id: string) => [id, 'instanceNormalization', {}] as const;

/** Encoder, one residual block, decoder, with instance norm (Zhu 2017, scaled down to 28×28). */
function translator(id: string, label: string) {
  return network(id, 'generator', label, (g: GraphBuilder) => {
    g.node('in', 'input', { shape: [28, 28, 1] }, 'image');
    const enc = g.chain('in', [
      ['c7', 'conv2d', { filters: 32, kernelSize: 7, strides: 1, padding: 'same' }],
      inorm('in1'),
      relu('relu1'),
      ['down', 'conv2d', { filters: 64, kernelSize: 3, strides: 2, padding: 'same' }],
      inorm('in2'),
      relu('relu2'),
    ]);
    const res = g.chain(enc, [
      ['res_c1', 'conv2d', { filters: 64, kernelSize: 3, strides: 1, padding: 'same' }],
      inorm('res_in1'),
      relu('res_relu'),
      ['res_c2', 'conv2d', { filters: 64, kernelSize: 3, strides: 1, padding: 'same' }],
      inorm('res_in2'),
    ]);
    g.node('skip', 'add', { inputs: 2 });
    g.connect(enc, 'skip', 'in0');
    g.connect(res, 'skip', 'in1');
    const dec = g.chain('skip', [
      ['up', 'conv2dTranspose', { filters: 32, kernelSize: 3, strides: 2, padding: 'same' }],
      inorm('in3'),
      relu('relu3'),
      ['to_image', 'conv2d', { filters: 1, kernelSize: 7, strides: 1, padding: 'same', activation: 'tanh' }],
    ]);
    g.node('out', 'output', {});
    g.connect(dec, 'out');
  });
}

/** A PatchGAN critic: one score per 7×7 patch position (Isola 2017), least-squares targets. */
function patchCritic(id: string, label: string) {
  return network(id, 'discriminator', label, (g) => {
    g.node('in', 'input', { shape: [28, 28, 1] }, 'image');
    const last = g.chain('in', [
      ['c1', 'conv2d', { filters: 32, kernelSize: 4, strides: 2, padding: 'same' }],
      leaky('lrelu1'),
      ['c2', 'conv2d', { filters: 64, kernelSize: 4, strides: 2, padding: 'same' }],
      inorm('in2'),
      leaky('lrelu2'),
      ['patch_scores', 'conv2d', { filters: 1, kernelSize: 3, strides: 1, padding: 'same' }],
    ]);
    g.node('out', 'output', {});
    g.connect(last, 'out');
  });
}

export const cycleganMnist = preset({
  id: 'cyclegan-mnist',
  title: 'CycleGAN: MNIST ↔ negative MNIST',
  description:
    'Unpaired image-to-image translation between two MNIST-derived domains: A holds ordinary digits, B holds digits as negatives (white background), drawn independently so no pair is ever shown. G_AB and G_BA translate each way; PatchGAN critics D_A and D_B judge each domain with the least-squares loss; the cycle loss λ·(‖G_BA(G_AB(a)) − a‖₁ + ‖G_AB(G_BA(b)) − b‖₁), λ = 10, and the identity loss keep the content. Success is measurable: G_AB(a) should equal the negative of a.',
  paper: { title: 'Unpaired Image-to-Image Translation using Cycle-Consistent Adversarial Networks', authors: 'Zhu, Park, Isola, Efros', year: 2017 },
  tags: ['mnist', 'translation', 'cycle', 'least-squares'],
  build: (meta) =>
    design(
      meta,
      [translator('G_AB', 'G: A → B'), translator('G_BA', 'F: B → A'), patchCritic('D_A', 'D_A'), patchCritic('D_B', 'D_B')],
      (g) => {
        g.node('data', 'domains', { pair: 'mnist-negative' });
        const call = (id: string, net: string, label: string, from: readonly [string, string]) => {
          g.node(id, 'call', { network: net }, label);
          g.connect(from, id);
        };
        call('fake_b', 'G_AB', 'G_AB(a)', ['data', 'a']);
        call('fake_a', 'G_BA', 'G_BA(b)', ['data', 'b']);
        call('rec_a', 'G_BA', 'G_BA(G_AB(a))', ['fake_b', 'out']);
        call('rec_b', 'G_AB', 'G_AB(G_BA(b))', ['fake_a', 'out']);
        call('idt_b', 'G_AB', 'G_AB(b)', ['data', 'b']);
        call('idt_a', 'G_BA', 'G_BA(a)', ['data', 'a']);
        call('DB_real', 'D_B', 'D_B(b)', ['data', 'b']);
        call('DB_fake', 'D_B', 'D_B(G_AB(a))', ['fake_b', 'out']);
        call('DA_real', 'D_A', 'D_A(a)', ['data', 'a']);
        call('DA_fake', 'D_A', 'D_A(G_BA(b))', ['fake_a', 'out']);
        for (const [loss, real, fake] of [['adv_B', 'DB_real', 'DB_fake'], ['adv_A', 'DA_real', 'DA_fake']] as const) {
          g.node(loss, 'adversarialLoss', { objective: 'least-squares' });
          g.connect([real, 'out'], loss, 'real');
          g.connect([fake, 'out'], loss, 'fake');
        }
        for (const [loss, type, target, output] of [
          ['cycle_A', 'cycleConsistency', ['data', 'a'], 'rec_a'],
          ['cycle_B', 'cycleConsistency', ['data', 'b'], 'rec_b'],
          ['identity_A', 'identity', ['data', 'a'], 'idt_a'],
          ['identity_B', 'identity', ['data', 'b'], 'idt_b'],
        ] as const) {
          g.node(loss, type, {});
          g.connect(target, loss, 'target');
          g.connect([output, 'out'], loss, 'output');
        }
        for (const net of ['G_AB', 'G_BA', 'D_A', 'D_B']) g.node(`opt_${net}`, 'adam', { network: net, learningRate: 2e-4, beta1: 0.5 });
      },
      { batchSize: 16, steps: 5_000 },
    ),
});
