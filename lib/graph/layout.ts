import type { DesignEdge, DesignNode } from './schema';
import { topoOrder } from './topology';

/**
 * A layered left-to-right layout: a node's column is its longest distance from a source, rows stack within a
 * column. Good enough for the DAGs of GAN designs, and what the editor's "auto-layout" does.
 */
export function layeredLayout<N extends Pick<DesignNode, 'id' | 'position'>>(
  nodes: readonly N[],
  edges: readonly Pick<DesignEdge, 'source' | 'target'>[],
  gap = { x: 240, y: 120 },
): N[] {
  const { order, cycle } = topoOrder(nodes.map((n) => n.id), edges);
  const depth = new Map<string, number>();
  for (const id of [...order, ...cycle]) {
    const d = Math.max(0, ...edges.filter((e) => e.target === id).map((e) => (depth.get(e.source) ?? -1) + 1));
    depth.set(id, d);
  }
  const rows = new Map<number, number>();
  const pos = new Map<string, { x: number; y: number }>();
  for (const id of [...order, ...cycle]) {
    const d = depth.get(id) ?? 0;
    const r = rows.get(d) ?? 0;
    rows.set(d, r + 1);
    pos.set(id, { x: d * gap.x, y: r * gap.y });
  }
  return nodes.map((n) => ({ ...n, position: pos.get(n.id) ?? n.position }));
}
