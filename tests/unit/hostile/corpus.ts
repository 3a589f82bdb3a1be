import { getPreset } from '../../../lib/presets';
import type { Design } from '../../../lib/graph/schema';

/**
 * The hostile corpus: inputs an attacker (or a corrupted file) could hand GAN Studio, each with the error code it must
 * produce. Built in code rather than stored as files: a 1 GiB zip entry or a 10¹²-parameter design is a few lines here.
 */
export type HostileCase<I> = { name: string; input: () => I; code: string };

/** A preset as a mutable JSON document. */
export function preset(id: string): Design {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return structuredClone(p.design);
}

/** Names that are also Object.prototype's properties: ids that must work like any other. */
export const PROTOTYPE_NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'toLocaleString', 'propertyIsEnumerable'] as const;

/** Renames ids through a design (networks, nodes, the network a call or optimizer names), keeping it consistent. */
export function renameIds<T>(doc: T, map: Readonly<Record<string, string>>): T {
  const rename = (v: unknown): unknown => {
    if (typeof v === 'string') return Object.prototype.hasOwnProperty.call(map, v) ? map[v] : v;
    if (Array.isArray(v)) return v.map(rename);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rename(x)]));
    return v;
  };
  return rename(doc) as T;
}

/** A chain of `layers` dense layers in ring8-2d's generator. */
export function deepChain(layers: number): Design {
  const d = preset('ring8-2d');
  const g = d.networks.find((n) => n.id === 'G')!;
  const input = g.nodes.find((n) => n.type === 'input')!;
  const point = g.nodes.find((n) => n.id === 'point')!;
  const output = g.nodes.find((n) => n.type === 'output')!;
  const nodes = [input];
  const edges: Design['networks'][number]['edges'] = [];
  let prev = input.id;
  for (let i = 0; i < layers; i++) {
    nodes.push({ id: `l${i}`, type: 'dense', params: { units: 4, activation: 'relu' }, position: { x: 0, y: 0 } } as (typeof nodes)[number]);
    edges.push({ id: `e${i}`, source: prev, sourceHandle: 'out', target: `l${i}`, targetHandle: 'in' });
    prev = `l${i}`;
  }
  nodes.push(point, output);
  edges.push({ id: 'e_point', source: prev, sourceHandle: 'out', target: point.id, targetHandle: 'in' }, { id: 'e_out', source: point.id, sourceHandle: 'out', target: output.id, targetHandle: 'in' });
  g.nodes = nodes;
  g.edges = edges;
  return d;
}

/** An array nested `depth` deep, built without recursion. */
export function nested(depth: number): unknown {
  let v: unknown = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}

/** JSON text of `nested(depth)`, for inputs that must arrive as text (JSON.stringify would overflow the stack). */
export function nestedText(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}
