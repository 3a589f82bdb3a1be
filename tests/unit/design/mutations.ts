import { PRESETS } from '../../../lib/presets';

/** Random edits a confused user (or a corrupted file) could make to a design. */
export const WEIRD_VALUES = [0, -1, 1e9, 0.5, NaN, null, '', 'x', [], {}, true, [0], [7, 7, 0], 'same', 'relu'];

export type Json = Record<string, unknown> & { networks: { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] }[]; training: { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] } };

export function mutate(d: Json, op: number, a: number, b: number, value: unknown): void {
  // Earlier edits may have broken the document's shape; later edits then apply where they still can.
  const isGraph = (g: unknown): g is Json['training'] =>
    typeof g === 'object' && g !== null && Array.isArray((g as Json['training']).nodes) && Array.isArray((g as Json['training']).edges);
  const graphs = [...(Array.isArray(d.networks) ? d.networks : []), d.training].filter(isGraph);
  const g = graphs[a % Math.max(graphs.length, 1)];
  if (!g) return;
  const n = g.nodes.length ? g.nodes[b % g.nodes.length]! : null;
  const e = g.edges.length ? g.edges[b % g.edges.length]! : null;
  switch (op) {
    case 0: if (n) g.nodes.splice(b % g.nodes.length, 1); break;
    case 1: if (e) g.edges.splice(b % g.edges.length, 1); break;
    case 2: {
      const params = n?.['params'];
      if (typeof params === 'object' && params !== null) {
        const keys = Object.keys(params);
        (params as Record<string, unknown>)[keys[a % Math.max(keys.length, 1)] ?? 'units'] = value;
      }
      break;
    }
    case 3: if (e) e['target'] = String(g.nodes[a % g.nodes.length]?.['id'] ?? 'nowhere'); break;
    case 4: if (n) g.nodes.push(structuredClone(n)); break;
    case 5: if (n) n['type'] = PRESETS[a % PRESETS.length]!.design.networks[0]!.nodes[1]!.type; break;
    case 6: if (e) e['targetHandle'] = typeof value === 'string' && value ? value : 'in0'; break;
    case 7: if (e) g.edges.push({ ...e, id: `copy${b}` }); break;
    case 8: if (n) n['params'] = value; break;
    default: (d as Record<string, unknown>)[['name', 'version', 'training', 'networks'][a % 4]!] = value;
  }
}
