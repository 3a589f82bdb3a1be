import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { PRESETS } from '../../../lib/presets';
import { validateDesign } from '../../../lib/validate';
import { checkKernels, type KernelEnv } from '../../../lib/validate/kernels';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { network, node, presetDesign } from './helpers';

const real: KernelEnv = { hasKernel: (k, b) => !!tf.getKernel(k, b), hasGradient: (k) => !!tf.getGradient(k) };

describe('kernel and gradient checks against the chosen backend', () => {
  it('stock tfjs wasm cannot train a conv net; with GAN Studio’s kernels every preset can', () => {
    const d = presetDesign('dcgan-mnist');
    const before = checkKernels(d, validateDesign(d), blocks, 'wasm', real);
    const missing = before.filter((p) => p.message.includes('Conv2DBackpropFilter'));
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm') ? 'registered' : 'missing').toBe('missing');
    expect(missing.map((p) => p.where.node)).toEqual(expect.arrayContaining(['up_14', 'down_14']));
    registerWasmTrainingKernels(tf);
    for (const p of PRESETS) expect(checkKernels(p.design, validateDesign(p.design), blocks, 'wasm', real), p.id).toEqual([]);
  });

  it('names a block whose backward kernel the backend lacks (wasm has no UnsortedSegmentSum for Embedding)', () => {
    const d = presetDesign('cgan-mnist');
    const G = network(d, 'G');
    node(G.nodes, 'y').params['shape'] = [1];
    G.nodes.push({ id: 'embed', type: 'embedding', params: { inputDim: 10, outputDim: 10 }, position: { x: 0, y: 0 } }, { id: 'flat', type: 'flatten', params: {}, position: { x: 0, y: 0 } });
    G.edges = G.edges.filter((e) => e.source !== 'y');
    G.edges.push(
      { id: 'y-embed', source: 'y', sourceHandle: 'out', target: 'embed', targetHandle: 'in' },
      { id: 'embed-flat', source: 'embed', sourceHandle: 'out', target: 'flat', targetHandle: 'in' },
      { id: 'flat-join', source: 'flat', sourceHandle: 'out', target: 'join', targetHandle: 'in1' },
    );
    // G now takes class indices for its Embedding; D keeps one-hot labels.
    d.training.nodes.push({ id: 'labels_idx', type: 'label', params: { numClasses: 10, encoding: 'index' }, position: { x: 0, y: 0 } });
    d.training.edges.find((e) => e.target === 'G_call' && e.targetHandle === 'y')!.source = 'labels_idx';
    const report = validateDesign(d);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const problems = checkKernels(d, report, blocks, 'wasm', real);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe('Embedding "embed" needs the UnsortedSegmentSum kernel to train, which the wasm backend lacks. Choose another backend (cpu or webgl have it).');
    expect(checkKernels(d, report, blocks, 'cpu', real)).toEqual([]);
  });

  it('a forward kernel without a gradient cannot be trained anywhere (as depthToSpace in tfjs 4.22)', () => {
    const d = presetDesign('dcgan-mnist');
    const noConvGrad: KernelEnv = { hasKernel: () => true, hasGradient: (k) => k !== 'Conv2D' };
    const problems = checkKernels(d, validateDesign(d), blocks, 'webgpu', noConvGrad);
    expect(problems.map((p) => p.where.node)).toEqual(['down_14', 'down_7']);
    expect(problems[0]!.message).toMatch(/has no gradient in tfjs, so it cannot be trained/);
    expect(!!tf.getGradient('DepthToSpace')).toBe(false);
  });
});
