import dagre from '@dagrejs/dagre';
import type { DesignEdge, DesignNode } from './schema';

export type Size = { width: number; height: number };

export type LayeredOptions = {
  /** A node's size as drawn; the layout places its top-left corner (React Flow's `position`). */
  size?: (id: string) => Size;
  /** Space between two blocks of one column. */
  nodeGap?: number;
  /** Space between two columns (where the editor draws each wire's shape label, before the block it enters). */
  rankGap?: number;
};

/** A block as the canvas draws it (components/canvas/canvas.css .block-node), for callers that cannot say better. */
export const DEFAULT_NODE_SIZE: Size = { width: 224, height: 120 };
/** Room for a shape label such as "[batch, 7, 7, 128]" between two columns, for callers that cannot say better. */
const DEFAULT_RANK_GAP = 180;

/**
 * A layered left-to-right layout by data flow (Sugiyama's method, by dagre — the layout React Flow's own examples
 * use): every edge runs from a column to a later one, and blocks are ordered within columns to cross few wires. Ids
 * and everything but `position` are kept. A cycle (which validation reports) is broken by dagre, so it still lays out.
 */
export function layeredLayout<N extends Pick<DesignNode, 'id' | 'position'>>(
  nodes: readonly N[],
  edges: readonly Pick<DesignEdge, 'id' | 'source' | 'target'>[],
  options: LayeredOptions = {},
): N[] {
  if (nodes.length === 0) return [];
  const size = options.size ?? (() => DEFAULT_NODE_SIZE);
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: options.nodeGap ?? 40, ranksep: options.rankGap ?? DEFAULT_RANK_GAP, marginx: 0, marginy: 0 });
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) g.setNode(n.id, { ...size(n.id) });
  for (const e of edges) {
    // A self-loop or a wire to a missing block gives no order; validation reports both.
    if (e.source === e.target || !ids.has(e.source) || !ids.has(e.target)) continue;
    g.setEdge({ v: e.source, w: e.target, name: e.id }, {});
  }
  dagre.layout(g);
  return nodes.map((n) => {
    const p = g.node(n.id) as { x: number; y: number; width: number; height: number };
    return { ...n, position: { x: Math.round(p.x - p.width / 2), y: Math.round(p.y - p.height / 2) } };
  });
}
