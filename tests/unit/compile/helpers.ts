import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { packingOf } from '../../../lib/blocks/layers/pack';
import { buildNetwork, layerFromSpec } from '../../../lib/compile/build-network';
import type { Tensor } from '../../../lib/compile/tf';
import { DESIGN_VERSION, zSettings, type Design, type DesignEdge, type DesignNode, type Network } from '../../../lib/graph/schema';
import type { Shape } from '../../../lib/shapes/shape';
import { inferDesign, type NetworkReport } from '../../../lib/validate/validate';

export { tf };

/** One block between Input nodes and one Output: `inputs` are per-example shapes (no batch), one per input port. */
/** `batch`: examples fed in the forward pass (2 unless said); `packs`: examples the output has for them (a packing layer merges them). */
export type LayerCase = { name: string; type: string; params?: Record<string, unknown>; inputs: number[][]; batch?: number; packs?: number };

const NO_NETWORKS = { networks: new Map() };
const at = { x: 0, y: 0 };

export function oneLayerNetwork(c: LayerCase): Network {
  const block = blocks.get(c.type);
  if (!block) throw new Error(`no block ${c.type}`);
  const ports = block.inputs(block.params.parse(c.params ?? {}), NO_NETWORKS);
  if (ports.length !== c.inputs.length) throw new Error(`${c.name}: ${c.type} has ${ports.length} inputs, the case gives ${c.inputs.length}`);
  const nodes: DesignNode[] = ports.map((_, i) => ({ id: `x${i}`, type: 'input', params: { shape: c.inputs[i]! }, position: at }));
  const edges: DesignEdge[] = ports.map((p, i) => ({ id: `e${i}`, source: `x${i}`, sourceHandle: 'out', target: 'layer', targetHandle: p.id }));
  nodes.push({ id: 'layer', type: c.type, params: c.params ?? {}, position: at }, { id: 'y', type: 'output', params: {}, position: at });
  edges.push({ id: 'out', source: 'layer', sourceHandle: 'out', target: 'y', targetHandle: 'in' });
  return { id: 'net', role: 'other', nodes, edges };
}

export function designOf(networks: Network[]): Design {
  return { version: DESIGN_VERSION, name: 'compile test', description: '', networks, training: { nodes: [], edges: [], settings: zSettings.parse({}) } };
}

/** Shape inference for networks on their own (no training graph); fails the test on any problem. */
export function inferNetworks(design: Design): Record<string, NetworkReport> {
  const report = inferDesign(design, blocks);
  expect(report.problems.map((p) => `${p.code}: ${p.message}`)).toEqual([]);
  return report.networks;
}

const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);
export const countOf = (weights: readonly { shape: readonly (number | null)[] }[]) => weights.reduce((a, w) => a + size(w.shape as number[]), 0);

/** A batch for a port: values in [0, 1), which also serve as class indices (an embedding truncates them to 0). */
function batchFor(shape: Shape, batch: number): Tensor {
  return tf.randomUniform([batch, ...shape.slice(1)] as number[], 0, 1);
}

// Our spectral layers must keep the shapes and trainable weights of the tfjs layer they wrap.
const TWINS: Record<string, string> = { spectralDense: 'dense', spectralConv2d: 'conv2d', spectralConv2dTranspose: 'conv2dTranspose' };

/**
 * The oracle: for a one-layer network, our inferShape and parameter counts must equal what tfjs builds — the symbolic
 * output of the functional model, the layer's computeOutputShape, the sizes of its trainable and non-trainable
 * weights — and a real forward pass (inference and training) must give that shape with the batch filled in.
 * Everything it makes is disposed, and it checks that no tensor leaks.
 */
export function checkLayerAgainstTfjs(c: LayerCase): void {
  const before = tf.memory().numTensors;
  const design = designOf([oneLayerNetwork(c)]);
  const net = inferNetworks(design)['net']!;
  const node = net.nodes['layer']!;
  const ours = node.outputs['out']!;
  const inShapes = node.ports.inputs.map((p) => node.inputs[p.id]!);

  const model = buildNetwork(tf, design.networks[0]!, net, blocks);
  const layer = model.getLayer('layer');
  expect(model.outputs[0]!.shape, 'symbolic output shape').toEqual(ours);
  expect(layer.computeOutputShape(inShapes.length === 1 ? [...inShapes[0]!] : inShapes.map((s) => [...s])), 'computeOutputShape').toEqual(ours);
  expect(countOf(layer.trainableWeights), 'trainable params').toBe(node.count.trainable);
  expect(countOf(layer.nonTrainableWeights), 'non-trainable params').toBe(node.count.nonTrainable);
  expect(model.countParams()).toBe(net.count.trainable + net.count.nonTrainable);

  const spec = blocks.get(c.type)!.layer!(node.params);
  const twinFactory = spec.custom ? TWINS[spec.factory] : undefined;
  if (twinFactory) {
    const twin = layerFromSpec(tf, { factory: twinFactory, config: spec.config }, 'twin');
    const y = twin.apply(tf.input({ shape: inShapes[0]!.slice(1) as number[] })) as tf.SymbolicTensor;
    expect(y.shape, `${twinFactory} output shape`).toEqual(ours);
    expect(countOf(twin.trainableWeights), `${twinFactory} trainable params`).toBe(node.count.trainable);
    twin.dispose();
  }

  const batch = c.batch ?? 2;
  const xs = inShapes.map((s) => batchFor(s, batch));
  const feed = xs.length === 1 ? xs[0]! : xs;
  for (const training of [false, true]) {
    const y = model.apply(feed, { training }) as Tensor;
    expect(y.shape, `forward pass, training ${training}`).toEqual([c.packs ?? batch, ...ours.slice(1)]);
    expect(Array.from(y.dataSync()).every(Number.isFinite), 'finite outputs').toBe(true);
    y.dispose();
  }
  tf.dispose(xs);
  model.dispose();
  expect(tf.memory().numTensors, 'tensors leaked').toBe(before);
}

/**
 * The whole-network oracle: every network of a design, built with buildNetwork, has tfjs's trainable and
 * non-trainable counts equal to ours, and its inputs and outputs have the shapes of the network's signature.
 */
export function checkNetworksAgainstTfjs(design: Design, batch = 2): void {
  const before = tf.memory().numTensors;
  const reports = inferNetworks(design);
  for (const network of design.networks) {
    const r = reports[network.id]!;
    const model = buildNetwork(tf, network, r, blocks);
    expect({ net: network.id, trainable: countOf(model.trainableWeights), nonTrainable: countOf(model.nonTrainableWeights) }).toEqual({
      net: network.id,
      ...r.count,
    });
    expect(model.inputs.map((t) => t.shape)).toEqual(r.signature.inputs.map((p) => p.shape));
    expect(model.outputs.map((t) => t.shape)).toEqual(r.signature.outputs.map((p) => p.shape));
    const xs = model.inputs.map((t) => batchFor(t.shape, batch));
    const ys = model.predict(xs.length === 1 ? xs[0]! : xs) as Tensor | Tensor[];
    // A packing network (PacGAN) returns one row per pack of k examples.
    const rows = batch / packingOf(network);
    expect((Array.isArray(ys) ? ys : [ys]).map((y) => y.shape)).toEqual(r.signature.outputs.map((p) => [rows, ...p.shape!.slice(1)]));
    tf.dispose([xs, ys]);
    model.dispose();
  }
  expect(tf.memory().numTensors, 'tensors leaked').toBe(before);
}
