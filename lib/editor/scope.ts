import type { Level } from '../blocks/types';
import type { Design, DesignEdge, DesignNode } from '../graph/schema';

/** Which graph the canvas shows: the training graph, or the layers of one network. */
export type Scope = { kind: 'training' } | { kind: 'network'; id: string };

export const TRAINING: Scope = { kind: 'training' };

export type EditableGraph = { nodes: DesignNode[]; edges: DesignEdge[] };

export const scopeLevel = (s: Scope): Level => (s.kind === 'training' ? 'training' : 'network');
export const scopeKey = (s: Scope): string => (s.kind === 'training' ? 'training' : `network:${s.id}`);
export const sameScope = (a: Scope, b: Scope): boolean => scopeKey(a) === scopeKey(b);

export function parseScopeKey(key: string | null | undefined): Scope {
  if (key?.startsWith('network:')) return { kind: 'network', id: key.slice('network:'.length) };
  return TRAINING;
}

/** The graph a scope names, or null when the network no longer exists (after an undo, a rename, a delete). */
export function getGraph(design: Design, scope: Scope): EditableGraph | null {
  if (scope.kind === 'training') return design.training;
  return design.networks.find((n) => n.id === scope.id) ?? null;
}

/** The scope itself when it still exists in the design, else the training graph. */
export function validScope(design: Design, scope: Scope): Scope {
  return getGraph(design, scope) ? scope : TRAINING;
}

/** A new design with the scope's graph replaced by `update(graph)`; the same design when the scope is gone. */
export function updateGraph(design: Design, scope: Scope, update: (g: EditableGraph) => EditableGraph): Design {
  if (scope.kind === 'training') {
    const g = update(design.training);
    return g === design.training ? design : { ...design, training: { ...design.training, nodes: g.nodes, edges: g.edges } };
  }
  const i = design.networks.findIndex((n) => n.id === scope.id);
  const net = design.networks[i];
  if (!net) return design;
  const g = update(net);
  if (g === net) return design;
  const networks = design.networks.slice();
  networks[i] = { ...net, nodes: g.nodes, edges: g.edges };
  return { ...design, networks };
}
