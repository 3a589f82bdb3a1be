import type { BlockRegistry } from '../../blocks/registry';
import type { TorchIO, TorchWeight } from '../../blocks/types';
import type { Design, Network } from '../../graph/schema';
import type { DesignReport, NetworkReport } from '../../validate/validate';
import { pyBool, pyComment, pyNum, pyScope } from './literals';

/**
 * models.py: one nn.Module per network, one attribute per layer named after the design's node, and a forward pass with
 * one line per layer and the shape after it — channels-first, as PyTorch is. Each layer is what its block's `torch`
 * says (lib/blocks/layers/*.ts), with Keras's values written out (batch-norm momentum and epsilon, LeakyReLU slopes,
 * "same" padding), so the two targets build the same model. `stateDictLayout` says where each tfjs weight goes.
 */

export class TorchExportError extends Error {}

export type TorchModels = {
  code: string;
  /** Per network, the state_dict entries in tfjs getWeights() order: key and the permutation of the tfjs axes. */
  layout: ReadonlyMap<string, readonly { key: string; permute?: readonly number[] }[]>;
  /** Class name per network id. */
  classes: ReadonlyMap<string, string>;
};

/** nn.Module's own attributes: a layer named `train` or `eval` must not hide them. */
const MODULE_ATTRS = new Set(
  'train eval forward parameters named_parameters buffers named_buffers modules named_modules children named_children state_dict load_state_dict to cuda cpu apply zero_grad float double half type training add_module register_buffer register_parameter requires_grad_ extra_repr'.split(
    ' ',
  ),
);

const io = (inputs: readonly (readonly number[])[], output: readonly number[]): TorchIO => ({ inputs, output, num: pyNum, bool: pyBool });
/** A channels-first shape for a comment. */
const shapeText = (s: readonly (number | null)[]) => `[batch, ${(s.length === 4 ? [s[3], s[1], s[2]] : s.slice(1)).map((d) => d ?? '?').join(', ')}]`;
const known = (s: readonly (number | null)[] | undefined, what: string): number[] => {
  if (!s || s.slice(1).some((d) => d === null)) throw new TorchExportError(`${what} has an unknown size`);
  return s.slice(1) as number[];
};

export function emitTorchModels(design: Design, report: DesignReport, registry: BlockRegistry): TorchModels {
  const classScope = pyScope(['Tensor', 'load_weights']);
  const classes = new Map(design.networks.map((n) => [n.id, classScope.name(n.id)]));
  const layout = new Map<string, { key: string; permute?: readonly number[] }[]>();
  const helpers = new Set<string>();
  const parts = design.networks.map((net) => {
    const r = report.networks[net.id];
    if (!r) throw new TorchExportError(`network "${net.id}" has no report; validate the design first`);
    const out = emitNetwork(net, r, registry, classes.get(net.id)!, helpers);
    layout.set(net.id, out.layout);
    return out.code;
  });
  const header = [
    `"""${pyComment(design.name, 200).replace(/"/g, "'").replace(/\\/g, '/')}: the networks, written by GAN Studio from design.gan.json.`,
    '',
    'Tensors are channels-first ([batch, c, h, w]) as PyTorch is; the design is channels-last, so Flatten and Reshape',
    'move channels last around their reshaping, and Dense weights mean the same in both.',
    '"""',
    'import torch',
    'from torch import nn',
    'import torch.nn.functional as F',
  ].join('\n');
  // Keras's initialisers (glorot-uniform kernels, zero biases), which PyTorch's layers do not default to: its xavier
  // computes the same fans from its own weight layouts (Keras conv_utils / torch.nn.init._calculate_fan_in_and_fan_out).
  helpers.add(
    [
      'def keras_init(module):',
      '    """Initialises as Keras does: glorot-uniform weights and zero biases for dense and convolution layers, U(-0.05,',
      '    0.05) for embeddings."""',
      '    for m in module.modules():',
      '        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):',
      '            nn.init.xavier_uniform_(m.weight)',
      '            if m.bias is not None:',
      '                nn.init.zeros_(m.bias)',
      '        elif isinstance(m, nn.Embedding):',
      '            nn.init.uniform_(m.weight, -0.05, 0.05)',
    ].join('\n'),
  );
  return { code: `${[header, ...helpers, ...parts].join('\n\n\n')}\n`, layout, classes };
}

function emitNetwork(net: Network, r: NetworkReport, registry: BlockRegistry, cls: string, helpers: Set<string>): { code: string; layout: { key: string; permute?: readonly number[] }[] } {
  const nodes = new Map(net.nodes.map((n) => [n.id, n]));
  const incoming = new Map(net.edges.map((e) => [`${e.target}\0${e.targetHandle}`, e]));
  const attrs = pyScope([...MODULE_ATTRS]);
  const locals = pyScope(['self', 'torch', 'nn', 'F']);
  const vars = new Map<string, string>();
  const init: string[] = [];
  const forward: string[] = [];
  const args: string[] = [];
  // tfjs's getWeights() lists every trainable weight (layer by layer), then every non-trainable one.
  const trainable: { key: string; permute?: readonly number[] }[] = [];
  const nonTrainable: { key: string; permute?: readonly number[] }[] = [];
  const fed = (id: string, port: string): string => {
    const e = incoming.get(`${id}\0${port}`);
    const v = e && vars.get(`${e.source}\0${e.sourceHandle}`);
    if (!v) throw new TorchExportError(`network "${net.id}": input "${port}" of "${id}" is not connected; validate the design first`);
    return v;
  };
  const label = (node: { id: string; label?: string | undefined }) => (node.label && node.label !== node.id ? `${pyComment(node.label, 60)}: ` : '');

  for (const id of r.order) {
    const node = nodes.get(id);
    const nr = r.nodes[id];
    if (!node || !nr?.ok) throw new TorchExportError(`network "${net.id}": node "${id}" has errors; validate the design first`);
    if (node.type === 'output') continue;
    const outShape = nr.outputs['out'];
    if (node.type === 'input') {
      const v = locals.name(id);
      args.push(v);
      vars.set(`${id}\0out`, v);
      continue;
    }
    const block = registry.get(node.type);
    if (!block?.torch) throw new TorchExportError(`${block?.label ?? node.type} "${id}" in "${net.id}" has no PyTorch form yet`);
    const ins = nr.ports.inputs.map((p) => fed(id, p.id));
    const inShapes = nr.ports.inputs.map((p) => known(nr.inputs[p.id], `the input of "${id}"`));
    let spec;
    try {
      spec = block.torch(nr.params, io(inShapes, known(outShape, `"${id}"`)));
    } catch (e) {
      throw new TorchExportError(`${block.label} "${id}" in "${net.id}": ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const h of spec.helpers ?? []) helpers.add(h);
    let m = '';
    if (spec.module) {
      const attr = attrs.name(id);
      m = `self.${attr}`;
      init.push(`        self.${attr} = ${spec.module}  # ${label(node)}${shapeText(outShape!)}`);
      for (const w of spec.weights ?? ([] as readonly TorchWeight[])) (w.nonTrainable ? nonTrainable : trainable).push({ key: `${attr}.${w.key}`, ...(w.permute ? { permute: w.permute } : {}) });
    }
    const v = locals.name(id);
    vars.set(`${id}\0out`, v);
    const expr = spec.forward ? spec.forward(m, ins) : `${m}(${ins[0]})`;
    forward.push(`        ${v} = ${expr}  # ${label(node)}${shapeText(outShape!)}`);
  }
  const outs = net.nodes.filter((n) => n.type === 'output').map((n) => fed(n.id, 'in'));
  const doc = `"""${pyComment(net.label ?? net.id, 120).replace(/"/g, "'").replace(/\\/g, '/')} (${net.role}), network ${pyComment(net.id, 64)} of the design."""`;
  return {
    code: [
      `class ${cls}(nn.Module):`,
      `    ${doc}`,
      '',
      '    def __init__(self):',
      '        super().__init__()',
      ...init,
      '        keras_init(self)',
      '',
      `    def forward(self, ${args.join(', ')}):`,
      ...forward,
      `        return ${outs.join(', ')}`,
    ].join('\n'),
    layout: [...trainable, ...nonTrainable],
  };
}

/** Permutes a row-major tensor's axes: the values of a tfjs weight of `shape`, laid out as PyTorch wants them. */
export function permuteValues(values: Float32Array, shape: readonly number[], perm: readonly number[] | undefined): { values: Float32Array; shape: number[] } {
  if (!perm) return { values, shape: [...shape] };
  const out = new Float32Array(values.length);
  const outShape = perm.map((p) => shape[p]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const outStrides = outShape.map((_, i) => outShape.slice(i + 1).reduce((a, b) => a * b, 1));
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < values.length; i++) {
    let rem = i;
    for (let d = 0; d < shape.length; d++) {
      idx[d] = Math.floor(rem / strides[d]!);
      rem -= idx[d]! * strides[d]!;
    }
    let o = 0;
    for (let d = 0; d < perm.length; d++) o += idx[perm[d]!]! * outStrides[d]!;
    out[o] = values[i]!;
  }
  return { values: out, shape: outShape };
}
