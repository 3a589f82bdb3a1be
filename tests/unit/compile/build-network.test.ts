import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { buildNetwork, layerFromSpec } from '../../../lib/compile/build-network';
import type { Tensor } from '../../../lib/compile/tf';
import { network } from '../../../lib/presets/builder';
import { designOf, inferNetworks, tf } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Two inputs declared b-then-a, two outputs declared sum-then-features; topological order differs from both. */
const twoByTwo = () =>
  network('net', 'other', 'two in, two out', (g) => {
    g.node('b', 'input', { shape: [3] });
    g.node('sum_out', 'output', {});
    g.node('a', 'input', { shape: [2] });
    g.node('features_out', 'output', {});
    g.node('join', 'concatenate', { inputs: 2 });
    g.connect('a', 'join', 'in0');
    g.connect('b', 'join', 'in1');
    g.chain('join', [['hidden', 'dense', { units: 4, activation: 'relu' }]]);
    g.chain('hidden', [['score', 'dense', { units: 1 }]]);
    g.connect('hidden', 'features_out', 'in');
    g.connect('score', 'sum_out', 'in');
  });

describe('buildNetwork', () => {
  it('orders inputs and outputs as the network declares them and names layers after node ids', () => {
    const design = designOf([twoByTwo()]);
    const report = inferNetworks(design)['net']!;
    const model = buildNetwork(tf, design.networks[0]!, report, blocks);
    expect(model.name).toBe('net');
    expect(model.inputLayers.map((l) => l.name)).toEqual(['b', 'a']);
    expect(model.inputs.map((t) => t.shape)).toEqual(report.signature.inputs.map((p) => p.shape));
    expect(model.outputs.map((t) => t.shape)).toEqual([
      [null, 1],
      [null, 4],
    ]);
    expect(model.layers.map((l) => l.name).sort()).toEqual(['a', 'b', 'hidden', 'join', 'score']);
    tf.tidy(() => {
      // concatenate takes in0 (a) before in1 (b): with only the first two kernel rows set, only a reaches `hidden`.
      const hidden = model.getLayer('hidden');
      hidden.setWeights([tf.concat([tf.ones([2, 4]), tf.zeros([3, 4])]), tf.zeros([4])]);
      const [score, features] = model.predict([tf.zeros([1, 3]), tf.ones([1, 2])]) as Tensor[];
      expect(score!.shape).toEqual([1, 1]);
      expect(Array.from(features!.dataSync())).toEqual([2, 2, 2, 2]);
    });
    model.dispose();
  });

  it('builds two networks with the same node ids side by side, with distinct variables', () => {
    const design = designOf([twoByTwo(), { ...twoByTwo(), id: 'other' }]);
    const reports = inferNetworks(design);
    const [m1, m2] = design.networks.map((n) => buildNetwork(tf, n, reports[n.id]!, blocks));
    const names = (m: typeof m1) => m!.trainableWeights.map((w) => (w.read() as tf.Variable).name);
    const shared = names(m1).filter((n) => names(m2).includes(n));
    expect(shared).toEqual([]);
    m1!.dispose();
    m2!.dispose();
  });

  it('refuses a network that did not validate, saying so', () => {
    const net = twoByTwo();
    const design = designOf([net]);
    const report = inferNetworks(design)['net']!;
    const broken = { ...report, nodes: { ...report.nodes, hidden: { ...report.nodes['hidden']!, ok: false } } };
    expect(() => buildNetwork(tf, net, broken, blocks)).toThrow('network "net": node "hidden" has errors; validate the design before building it.');
  });
});

describe('layerFromSpec', () => {
  it('calls the tf.layers factory with the config and the name', () => {
    const layer = layerFromSpec(tf, { factory: 'conv2d', config: { filters: 2, kernelSize: 3, strides: 1, padding: 'same' } }, 'c1');
    expect(layer.name).toBe('c1');
    expect(layer.getClassName()).toBe('Conv2D');
    expect(layer.getConfig()['filters']).toBe(2);
  });

  it('makes a custom layer when the spec says custom', () => {
    const layer = layerFromSpec(tf, { factory: 'instanceNormalization', custom: true, config: { epsilon: 1e-3, affine: false } }, 'in1');
    expect(layer.getClassName()).toBe('GanStudio>InstanceNormalization');
    expect(layer.getConfig()).toMatchObject({ name: 'in1', epsilon: 1e-3, affine: false });
  });

  it.each([
    { factory: 'conv9d', custom: false, error: 'tf.layers has no layer factory "conv9d"' },
    { factory: 'Layer', custom: false, error: 'tf.layers has no layer factory "Layer"' },
    { factory: 'input', custom: false, error: 'tf.layers has no layer factory "input"' },
    { factory: 'dense', custom: true, error: 'GAN Studio has no custom layer "dense"' },
  ])('refuses $factory (custom $custom)', ({ factory, custom, error }) => {
    expect(() => layerFromSpec(tf, { factory, custom, config: {} }, 'x')).toThrow(error);
  });
});
