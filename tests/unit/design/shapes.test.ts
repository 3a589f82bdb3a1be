import { describe, expect, it } from 'vitest';
import type { Design } from '../../../lib/graph/schema';
import { check, codes, network, node, presetDesign } from './helpers';

describe('shape errors say what to do', () => {
  it('conv2d on a flat input asks for a Reshape', () => {
    const d = presetDesign('dcgan-mnist');
    const D = network(d, 'D');
    node(D.nodes, 'in').params['shape'] = [784];
    const v = check(d);
    const p = v.problems.find((p) => p.code === 'E_SHAPE_RANK')!;
    expect(p.message).toBe('Conv2D "down_14": conv2d needs a 4-D input [batch, h, w, c]; got [batch, 784]. Add a Reshape before it (e.g. 784 → 28×28×1).');
    expect(p.where).toMatchObject({ network: 'D', node: 'down_14' });
  });

  it('a reshape that does not fit names both sizes', () => {
    const d = presetDesign('dcgan-mnist');
    node(network(d, 'G').nodes, 'to_7x7').params['targetShape'] = [7, 7, 64];
    const v = check(d);
    expect(v.problems.find((p) => p.code === 'E_SHAPE_SIZE')?.message).toMatch(/needs 3136 values per example; the input \[batch, 6272\] has 6272/);
  });

  it('a pixel shuffle whose input channels are not r² × C names the figures and the filters to use', () => {
    const d = presetDesign('dcgan-mnist');
    const G = network(d, 'G');
    // up_14 makes 14×14×64; a ×3 shuffle needs channels divisible by 9.
    G.nodes.push({ id: 'shuffle', type: 'pixelShuffle', params: { factor: 3 }, position: { x: 0, y: 0 } });
    const e = G.edges.find((x) => x.source === 'up_14')!;
    G.edges.push({ id: 'to-shuffle', source: 'up_14', sourceHandle: 'out', target: 'shuffle', targetHandle: 'in' });
    e.source = 'shuffle';
    const p = check(d).problems.find((x) => x.code === 'E_SHAPE_SIZE');
    expect(p?.message).toBe('PixelShuffle "shuffle": PixelShuffle ×3 needs channels divisible by 9 (= 3²); got 64. Give the layer before it 63 filters, or change the factor.');
  });

  it('changing a param changes shapes downstream', () => {
    const d = presetDesign('dcgan-mnist');
    const before = check(d).report!.networks['D']!.nodes['flatten']!.outputs['out'];
    node(network(d, 'D').nodes, 'down_7').params['filters'] = 32;
    const after = check(d).report!.networks['D']!.nodes['flatten']!.outputs['out'];
    expect(before).toEqual([null, 6272]);
    expect(after).toEqual([null, 1568]);
  });

  it('a generator that makes the wrong size is named', () => {
    const d = presetDesign('dcgan-mnist');
    node(network(d, 'G').nodes, 'up_28').params['strides'] = 1;
    const v = check(d);
    expect(codes(v)).toContain('E_G_OUTPUT');
    expect(v.problems.find((p) => p.code === 'E_G_OUTPUT')?.message).toMatch(/\[batch, 14, 14, 1\].*\[batch, 28, 28, 1\]/);
  });

  it('edges carry shapes and nodes carry counts, FLOPs and memory', () => {
    const v = check(presetDesign('dcgan-mnist'));
    const D = v.report!.networks['D']!;
    expect(Object.values(D.edges)).toContainEqual([null, 14, 14, 64]);
    expect(D.nodes['down_14']).toMatchObject({ count: { trainable: 4 * 4 * 1 * 64 + 64, nonTrainable: 0 }, flops: 2 * 14 * 14 * 16 * 64, activationBytes: 4 * 14 * 14 * 64 });
    expect(D.flops).toBeGreaterThan(0);
  });
});

describe('GAN checks', () => {
  const addSigmoid = (d: Design) => {
    node(network(d, 'D').nodes, 'score').params['activation'] = 'sigmoid';
    return d;
  };
  it.each([
    ['a sigmoid before a logits loss', () => addSigmoid(presetDesign('dcgan-mnist')), 'E_LOSS_ACTIVATION', /expects logits/],
    ['a sigmoid on a WGAN critic', () => addSigmoid(presetDesign('wgan-clip-mnist')), 'E_LOSS_ACTIVATION', /wasserstein critic must output unbounded/],
    [
      'probabilities without a sigmoid',
      () => {
        const d = presetDesign('dcgan-mnist');
        node(d.training.nodes, 'loss').params['scores'] = 'probabilities';
        return d;
      },
      'E_LOSS_ACTIVATION',
      /does not end with a sigmoid/,
    ],
    [
      'batch norm in a WGAN-GP critic',
      () => {
        const d = presetDesign('wgan-gp-mnist');
        node(network(d, 'D').nodes, 'norm1').type = 'batchNormalization';
        return d;
      },
      'W_GP_BATCHNORM',
      /gradient penalty invalid/,
    ],
    [
      'labels that reach G only',
      () => {
        const d = presetDesign('cgan-mnist');
        const D = network(d, 'D');
        // An unconditional D: drop its label input and feed x straight to the first layer.
        D.nodes = D.nodes.filter((n) => n.id !== 'y' && n.id !== 'join');
        D.edges = D.edges.filter((e) => e.source !== 'y' && e.source !== 'x' && e.source !== 'join');
        D.edges.push({ id: 'x-fc1', source: 'x', sourceHandle: 'out', target: 'fc1', targetHandle: 'in' });
        d.training.edges = d.training.edges.filter((e) => !(e.target.startsWith('D_') && e.targetHandle === 'y'));
        return d;
      },
      'E_LABELS_ONE_SIDED',
      /reach the generator "G_call" but not the discriminator/,
    ],
    [
      'a network without an optimizer',
      () => {
        const d = presetDesign('dcgan-mnist');
        d.training.nodes = d.training.nodes.filter((n) => n.id !== 'opt_D');
        return d;
      },
      'E_NO_OPTIMIZER',
      /"D" has 138,817 trainable weights but no optimizer/,
    ],
    [
      'two optimizers for one network',
      () => {
        const d = presetDesign('dcgan-mnist');
        d.training.nodes.push({ ...node(d.training.nodes, 'opt_D'), id: 'opt_D2' });
        return d;
      },
      'E_DUPLICATE_OPTIMIZER',
      /2 optimizers/,
    ],
    [
      'a tanh generator on [0, 1] data',
      () => {
        const d = presetDesign('dcgan-mnist');
        node(d.training.nodes, 'data').params['range'] = '[0,1]';
        return d;
      },
      'W_G_RANGE',
      /end it with sigmoid/,
    ],
    [
      'no loss',
      () => {
        const d = presetDesign('dcgan-mnist');
        d.training.nodes = d.training.nodes.filter((n) => n.id !== 'loss');
        d.training.edges = d.training.edges.filter((e) => e.target !== 'loss');
        return d;
      },
      'E_NO_LOSS',
      /no loss/,
    ],
    [
      'D output that is not a score',
      () => {
        const d = presetDesign('dcgan-mnist');
        node(network(d, 'D').nodes, 'score').params['units'] = 10;
        return d;
      },
      'E_D_SCORE',
      /must be a discriminator score \[batch, 1\]; got \[batch, 10\]/,
    ],
  ])('%s', (_name, make, code, message) => {
    const v = check(make());
    const p = v.problems.find((p) => p.code === code);
    expect(p, JSON.stringify(v.problems)).toBeDefined();
    expect(p!.message).toMatch(message);
  });
});
