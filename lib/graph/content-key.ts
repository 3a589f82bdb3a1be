import type { Design, DesignNode } from './schema';

type Graph = { nodes: readonly DesignNode[] };

const placeless = <G extends Graph>(g: G) => ({ ...g, nodes: g.nodes.map(({ position: _at, ...n }) => n) });

/**
 * The design as text without where its blocks sit on the canvas: equal for two designs that differ only by
 * positions (a drag, an auto-layout), so work that depends on the graph alone (rebuilding the trainer) can skip
 * those edits.
 */
export function contentKey(design: Design): string {
  return JSON.stringify({ ...design, networks: design.networks.map(placeless), training: placeless(design.training) });
}
