import type { BlockRegistry } from '../blocks/registry';
import type { LayerSpec } from '../blocks/types';
import type { Network } from '../graph/schema';
import type { NetworkReport } from '../validate/validate';
import { customLayers, isCustomFactory } from './layers';
import type { Layer, LayersModel, SymbolicTensor, Tf } from './tf';

/**
 * One tfjs layer from a block's LayerSpec: `tf.layers[factory]({...config, name})` for a built-in layer, or GAN Studio's
 * custom layer of that name when `custom` is set. The code generator writes this same call, so the in-app model and
 * the exported project are built from one description.
 */
export function layerFromSpec(tf: Tf, spec: LayerSpec, name: string): Layer {
  const config = { ...spec.config, name };
  if (spec.custom) {
    if (!isCustomFactory(spec.factory)) throw new Error(`GAN Studio has no custom layer "${spec.factory}"`);
    const Cls = customLayers(tf)[spec.factory] as unknown as new (args: typeof config) => Layer;
    return new Cls(config);
  }
  // Factories are the lower-case functions of tf.layers; Layer, RNN and RNNCell are classes, input makes a tensor.
  const factory = /^[a-z]/.test(spec.factory) && spec.factory !== 'input' ? (tf.layers as unknown as Record<string, unknown>)[spec.factory] : undefined;
  if (typeof factory !== 'function') throw new Error(`tf.layers has no layer factory "${spec.factory}"`);
  return (factory as (args: typeof config) => Layer)(config);
}

const key = (node: string, port: string) => `${node}\0${port}`;

/**
 * A tfjs functional model (tf.model) from one network of a validated design. Layers are created in the report's
 * topological order and named after their node ids, which are unique in a network and valid tfjs names (schema.ts
 * ID_PATTERN is a subset of tfjs-layers' tensorNameRegex); tfjs makes the variable names unique across models by
 * itself (tfjs-layers common.ts getUniqueTensorName: a second "conv1/kernel" becomes "conv1/kernel_1"). Model inputs
 * are the network's Input nodes and outputs the sources of its Output nodes, both in node order — the order of
 * `report.signature`. Throws on a network that did not validate: callers validate first.
 */
export function buildNetwork(tf: Tf, network: Network, report: NetworkReport, registry: BlockRegistry): LayersModel {
  function fail(why: string): never {
    throw new Error(`network "${network.id}": ${why}; validate the design before building it.`);
  }
  const incoming = new Map<string, { source: string; sourceHandle: string }>();
  for (const e of network.edges) incoming.set(key(e.target, e.targetHandle), e);
  const values = new Map<string, SymbolicTensor>();
  const nodes = new Map(network.nodes.map((n) => [n.id, n]));
  const fed = (id: string, port: string): SymbolicTensor => {
    const e = incoming.get(key(id, port)) ?? fail(`input "${port}" of node "${id}" is not connected`);
    return values.get(key(e.source, e.sourceHandle)) ?? fail(`node "${id}" is fed by "${e.source}", which was not built`);
  };

  for (const id of report.order) {
    const node = nodes.get(id) ?? fail(`node "${id}" is not in the network`);
    const r = report.nodes[id] ?? fail(`node "${id}" has no report`);
    if (!r.ok) fail(`node "${id}" has errors`);
    if (node.type === 'output') continue;
    if (node.type === 'input') {
      const shape = r.outputs['out']?.slice(1) ?? [];
      if (!shape.every((d): d is number => typeof d === 'number')) fail(`input "${id}" has an unknown size`);
      values.set(key(id, 'out'), tf.input({ shape: shape as number[], name: id }));
      continue;
    }
    const block = registry.get(node.type) ?? fail(`node "${id}" has the unknown block type "${node.type}"`);
    const spec = block.layer?.(r.params) ?? fail(`${block.label} "${id}" is not a layer`);
    const ins = r.ports.inputs.map((p) => fed(id, p.id));
    const layer = layerFromSpec(tf, spec, id);
    const out = layer.apply(ins.length === 1 ? ins[0]! : ins) as SymbolicTensor | SymbolicTensor[];
    const outs = Array.isArray(out) ? out : [out];
    r.ports.outputs.forEach((p, i) => values.set(key(id, p.id), outs[i] ?? fail(`${block.label} "${id}" gave no output "${p.id}"`)));
  }

  const inputs = network.nodes.filter((n) => n.type === 'input').map((n) => values.get(key(n.id, 'out')) ?? fail(`input "${n.id}" was not built`));
  const outputs = network.nodes.filter((n) => n.type === 'output').map((n) => fed(n.id, 'in'));
  if (inputs.length === 0 || outputs.length === 0) fail('a network needs at least one Input and one Output block');
  return tf.model({ inputs, outputs, name: network.id });
}
