import type { BlockRegistry } from '../blocks/registry';
import type { Design, Network } from '../graph/schema';
import { formatShape } from '../shapes/shape';
import type { DesignReport, NetworkReport } from '../validate/validate';
import { Scope, toPascal } from './identifiers';
import { jsDoc, key, lineText, lit, str } from './literals';

/**
 * src/models.ts: one builder function per network, one statement per layer, named after the design's nodes, each
 * with the shape after it in a comment — the tfjs-layers code a person would write by hand. Every layer is the call
 * its block's `layer(params)` names, the same call GAN Studio's compiler makes (lib/compile/build-network.ts), in the
 * same order, with the same layer names, so the weights, their names and their initial values match.
 */

export type ModelsCode = {
  /** `NetworkId` type alias. */
  networkId: string;
  /** The builder functions and buildNetworks(). */
  builders: string[];
  /** Builder function name per network id. */
  builderOf: ReadonlyMap<string, string>;
  usesCustom: boolean;
};

const FACTORY = /^[a-z][A-Za-z0-9]*$/;
const fmtCount = (n: number) => n.toLocaleString('en');

export function emitModels(design: Design, report: DesignReport, registry: BlockRegistry): ModelsCode {
  const fnScope = new Scope(['tf', 'custom', 'apply', 'buildNetworks', 'NetworkId', 'Networks']);
  const builderOf = new Map(design.networks.map((n) => [n.id, fnScope.name(`build${toPascal(n.id)}`)]));
  let usesCustom = false;
  const builders = design.networks.map((net) => {
    const r = report.networks[net.id];
    if (!r) throw new Error(`network "${net.id}" has no report; validate the design first`);
    const code = emitNetwork(net, r, registry, builderOf.get(net.id)!);
    usesCustom ||= code.usesCustom;
    return code.text;
  });
  const ids = design.networks.map((n) => str(n.id));
  const networkId = `${jsDoc(['The design’s networks, by id.'])}\nexport type NetworkId = ${ids.length ? ids.join(' | ') : 'never'};`;
  const entries = design.networks.map((n) => `    ${key(n.id)}: ${builderOf.get(n.id)!}(),`);
  builders.push(
    [
      jsDoc(['Every network, built in the design’s order: the order in which their initial weights draw from the seed.']),
      'export function buildNetworks(): Networks {',
      '  return {',
      ...entries,
      '  };',
      '}',
    ].join('\n'),
  );
  return { networkId, builders, builderOf, usesCustom };
}

function emitNetwork(net: Network, r: NetworkReport, registry: BlockRegistry, fnName: string): { text: string; usesCustom: boolean } {
  const nodes = new Map(net.nodes.map((n) => [n.id, n]));
  const incoming = new Map(net.edges.map((e) => [`${e.target}\0${e.targetHandle}`, e]));
  const scope = new Scope(['tf', 'custom', 'apply']);
  const vars = new Map<string, string>();
  const lines: string[] = [];
  let usesCustom = false;
  const fed = (id: string, port: string): string => {
    const e = incoming.get(`${id}\0${port}`);
    const v = e && vars.get(`${e.source}\0${e.sourceHandle}`);
    if (!v) throw new Error(`network "${net.id}": input "${port}" of "${id}" is not connected; validate the design first`);
    return v;
  };
  const comment = (shape: string, label: string | undefined, id: string) => `// ${label && label !== id ? `${lineText(label, 80)}: ` : ''}${shape}`;

  for (const id of r.order) {
    const node = nodes.get(id);
    const nr = r.nodes[id];
    if (!node || !nr?.ok) throw new Error(`network "${net.id}": node "${id}" has errors; validate the design first`);
    if (node.type === 'output') continue;
    const out = nr.outputs['out'];
    const shape = out ? formatShape(out) : '?';
    const v = scope.name(id);
    vars.set(`${id}\0out`, v);
    if (node.type === 'input') {
      const dims = (out ?? []).slice(1);
      if (!dims.every((d): d is number => typeof d === 'number')) throw new Error(`input "${id}" of network "${net.id}" has an unknown size`);
      lines.push(`  const ${v} = tf.input({ name: ${str(id)}, shape: ${lit(dims)} }); ${comment(shape, node.label, id)}`);
      continue;
    }
    const block = registry.get(node.type);
    const spec = block?.layer?.(nr.params);
    if (!block || !spec) throw new Error(`network "${net.id}": "${id}" (${node.type}) is not a layer`);
    if (!FACTORY.test(spec.factory)) throw new Error(`block ${node.type} names the odd factory "${spec.factory}"`);
    if (nr.ports.outputs.length !== 1) throw new Error(`block ${node.type} has ${nr.ports.outputs.length} outputs; the generator writes layers with one`);
    usesCustom ||= spec.custom === true;
    const factory = `${spec.custom ? 'custom' : 'tf.layers'}.${spec.factory}`;
    // The node id is the layer's name, as in the browser: weights are saved and loaded by it ("up_14/kernel").
    const config = lit(Object.assign({ name: id }, spec.config, { name: id }));
    const inputs = nr.ports.inputs.map((p) => fed(id, p.id));
    lines.push(`  const ${v} = apply(${factory}(${config}), ${inputs.join(', ')}); ${comment(shape, node.label, id)}`);
  }

  const inputs = net.nodes.filter((n) => n.type === 'input').map((n) => vars.get(`${n.id}\0out`)!);
  const outputs = net.nodes.filter((n) => n.type === 'output').map((n) => fed(n.id, 'in'));
  lines.push(`  return tf.model({ name: ${str(net.id)}, inputs: [${inputs.join(', ')}], outputs: [${outputs.join(', ')}] });`);

  const sig = r.signature;
  const ports = (list: typeof sig.inputs) => list.map((p) => `${p.label} ${p.shape ? formatShape(p.shape) : '?'}`).join(', ');
  const label = net.label && net.label !== net.id ? `“${net.label}” (${net.id})` : net.id;
  const doc = jsDoc([
    `${capital(net.role)} ${label}: ${ports(sig.inputs)} → ${ports(sig.outputs)}. ${fmtCount(r.count.trainable)} trainable and ${fmtCount(r.count.nonTrainable)} non-trainable parameters.`,
  ]);
  return { text: [doc, `export function ${fnName}(): tf.LayersModel {`, ...lines, '}'].join('\n'), usesCustom };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
