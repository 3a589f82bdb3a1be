import { z } from 'zod';
import { zEdge, zNode, type Design, type DesignEdge, type DesignNode } from '../graph/schema';
import type { Level } from '../blocks/types';
import { edgeId, freshId } from './ids';
import { getGraph, updateGraph, type Scope } from './scope';

/** What Ctrl+C copies: nodes and the edges between them, tagged with the level they may be pasted into. */
export const zClip = z.object({
  kind: z.literal('gan-studio-clip'),
  version: z.literal(1),
  level: z.enum(['network', 'training']),
  nodes: z.array(zNode).max(5000),
  edges: z.array(zEdge).max(20000),
});
export type Clip = z.infer<typeof zClip>;

export function copySelection(graph: { nodes: readonly DesignNode[]; edges: readonly DesignEdge[] }, level: Level, nodeIds: readonly string[]): Clip | null {
  const ids = new Set(nodeIds);
  const nodes = graph.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return null;
  const edges = graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { kind: 'gan-studio-clip', version: 1, level, nodes: structuredClone(nodes), edges: structuredClone(edges) };
}

/** Clipboard text back to a clip; anything else (a design, prose) is null. Parsed at the boundary like any input. */
export function parseClip(text: string): Clip | null {
  if (text.length > 5 * 1024 * 1024) return null;
  try {
    const r = zClip.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export type PasteResult = { ok: true; design: Design; ids: string[] } | { ok: false; message: string };

/**
 * Pastes a clip into a graph with fresh ids (the originals are usually still there), rewiring the copied edges to
 * the new ids and shifting positions by `offset` so the copies do not hide the originals.
 */
export function pasteClip(design: Design, scope: Scope, clip: Clip, offset = { x: 40, y: 40 }): PasteResult {
  const level = scope.kind === 'training' ? 'training' : 'network';
  if (clip.level !== level) {
    return { ok: false, message: clip.level === 'network' ? 'These are layers: paste them inside a network.' : 'These are training blocks: paste them in the training graph.' };
  }
  const graph = getGraph(design, scope);
  if (!graph) return { ok: false, message: 'This network no longer exists.' };
  const taken = new Set(graph.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const n of clip.nodes) {
    const id = freshId(n.id.replace(/_\d+$/, ''), taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const nodes = clip.nodes.map((n) => ({ ...structuredClone(n), id: rename.get(n.id)!, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } }));
  const edges = clip.edges
    .filter((e) => rename.has(e.source) && rename.has(e.target))
    .map((e) => {
      const c = { source: rename.get(e.source)!, sourceHandle: e.sourceHandle, target: rename.get(e.target)!, targetHandle: e.targetHandle };
      return { id: edgeId(c), ...c };
    });
  const next = updateGraph(design, scope, (g) => ({ nodes: [...g.nodes, ...nodes], edges: [...g.edges, ...edges] }));
  return { ok: true, design: next, ids: nodes.map((n) => n.id) };
}
