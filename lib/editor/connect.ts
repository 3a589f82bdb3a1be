import type { Design, DesignEdge } from '../graph/schema';
import { formatShape, validateDesign, type DesignReport, type Problem } from '../validate';
import { edgeId } from './ids';
import { connect, type Connection } from './ops';
import { getGraph, type Scope } from './scope';

export type ConnectionVerdict =
  | { ok: true; design: Design; replaces: string | null }
  | { ok: false; code: string; message: string };

/**
 * Codes that make a connection wrong in itself. GAN-level advice (loss versus last activation, optimizers, labels)
 * is about params, not wiring, so it is shown in the problems panel rather than refusing the edge.
 */
const REFUSING = new Set(['E_SHAPE_RANK', 'E_SHAPE_MISMATCH', 'E_SHAPE_SIZE', 'E_SHAPE_UNKNOWN', 'E_CYCLE', 'E_PORT_TAKEN', 'E_DUPLICATE_EDGE', 'E_UNKNOWN_PORT', 'E_G_OUTPUT']);

const key = (p: Problem) => `${p.code}\0${p.where.network ?? ''}\0${p.where.node ?? ''}\0${p.message}`;

/** Does `to` reach `from` through the edges? Then an edge from → to closes a cycle. */
function reaches(edges: readonly DesignEdge[], from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

/**
 * Would the validator accept this edge? Cheap structural checks first, then shape inference on the would-be design:
 * the edge is refused when it creates a new error at one of its two ends (the downstream consequences of a good edge
 * are shown on the canvas, not refused). `before` is the current design's report, when the caller has it.
 */
export function checkConnection(design: Design, scope: Scope, c: Connection, before?: DesignReport): ConnectionVerdict {
  const graph = getGraph(design, scope);
  if (!graph) return { ok: false, code: 'E_UNKNOWN_NETWORK', message: 'This network no longer exists.' };
  if (c.source === c.target) return { ok: false, code: 'E_CYCLE', message: 'A block cannot feed itself.' };
  if (graph.edges.some((e) => e.source === c.source && e.sourceHandle === c.sourceHandle && e.target === c.target && e.targetHandle === c.targetHandle)) {
    return { ok: false, code: 'E_DUPLICATE_EDGE', message: 'These two ports are already connected.' };
  }
  if (reaches(graph.edges, c.target, c.source)) {
    return { ok: false, code: 'E_CYCLE', message: `This would make a cycle: "${c.target}" already feeds "${c.source}". Networks and the training graph are acyclic.` };
  }
  const next = connect(design, scope, c);
  const prior = new Set((before ?? validateDesign(design)).problems.map(key));
  const network = scope.kind === 'network' ? scope.id : undefined;
  const id = edgeId(c);
  const fresh = validateDesign(next).problems.find(
    (p) =>
      p.severity === 'error' &&
      REFUSING.has(p.code) &&
      p.where.network === network &&
      (p.where.node === c.target || p.where.node === c.source || p.where.edge === id) &&
      !prior.has(key(p)),
  );
  if (fresh) return { ok: false, code: fresh.code, message: stripNodePrefix(fresh.message) };
  const replaced = graph.edges.find((e) => e.target === c.target && e.targetHandle === c.targetHandle);
  return { ok: true, design: next, replaces: replaced?.id ?? null };
}

/** `Dense "fc1": dense needs …` reads better at the cursor, next to that very block, as `dense needs …`. */
function stripNodePrefix(message: string): string {
  return /^[^"]*"[^"]*": (.+)$/s.exec(message)?.[1] ?? message;
}

/** An output port another block offers to an input, as the inspector lists it. */
export type SourceChoice = { source: string; sourceHandle: string; label: string };

/** One input port of a block: what feeds it now (null when nothing does) and every output it could be fed from. */
export type InputChoices = { port: string; label: string; current: { source: string; sourceHandle: string; edge: string } | null; choices: SourceChoice[] };

/**
 * The inspector's way to wire a block without dragging (keyboard and screen-reader users; long graphs whose ends are
 * far apart): for each of the block's inputs, the outputs of the other blocks in its graph, labelled with the shape
 * each carries. Not pre-judged: checkConnection runs on the one picked, as a drop on the canvas does, since checking
 * every choice would validate the design once per output port.
 */
export function inputChoices(design: Design, scope: Scope, report: DesignReport, nodeId: string): InputChoices[] {
  const graph = getGraph(design, scope);
  const g = scope.kind === 'training' ? report.training : report.networks[scope.id];
  const own = g?.nodes[nodeId];
  if (!graph || !own) return [];
  const choices: SourceChoice[] = [];
  for (const n of graph.nodes) {
    if (n.id === nodeId) continue;
    const r = g.nodes[n.id];
    for (const p of r?.ports.outputs ?? []) {
      const shape = r?.outputs[p.id];
      choices.push({ source: n.id, sourceHandle: p.id, label: `${n.label ?? n.id} · ${p.label}${shape ? ` ${formatShape(shape)}` : ''}` });
    }
  }
  const feeds = inputFeeds(design, scope, nodeId);
  return own.ports.inputs.map((p) => ({ port: p.id, label: p.label, current: feeds.get(p.id) ?? null, choices }));
}

/** What feeds each input port of a block now, by port id. */
export function inputFeeds(design: Design, scope: Scope, nodeId: string): Map<string, { source: string; sourceHandle: string; edge: string }> {
  const feeds = new Map<string, { source: string; sourceHandle: string; edge: string }>();
  for (const e of getGraph(design, scope)?.edges ?? []) if (e.target === nodeId) feeds.set(e.targetHandle, { source: e.source, sourceHandle: e.sourceHandle, edge: e.id });
  return feeds;
}
