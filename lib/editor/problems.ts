import type { Design } from '../graph/schema';
import type { Problem } from '../validate';
import { TRAINING, getGraph, type Scope } from './scope';

/** The graph a problem belongs to: its network, else the training graph. */
export function problemScope(p: Problem): Scope {
  return p.where.network ? { kind: 'network', id: p.where.network } : TRAINING;
}

export function inScope(p: Problem, scope: Scope): boolean {
  return scope.kind === 'training' ? !p.where.network : p.where.network === scope.id;
}

/** Where clicking a problem should take the user: the graph, and the node when it still exists there. */
export function problemTarget(design: Design, p: Problem): { scope: Scope; node: string | null } {
  const scope = problemScope(p);
  const graph = getGraph(design, scope);
  if (!graph) return { scope: TRAINING, node: null };
  const node = p.where.node ?? (p.where.edge ? (graph.edges.find((e) => e.id === p.where.edge)?.target ?? null) : null);
  return { scope, node: node && graph.nodes.some((n) => n.id === node) ? node : null };
}

/** Errors first, then warnings; stable within each. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
