import { blocks } from '../blocks';
import type { AnyBlock, Category } from '../blocks/types';
import type { Design, DesignEdge, DesignNode } from '../graph/schema';
import { formatShape, type DesignReport, type GraphReport, type Shape } from '../validate';
import { fieldsOf, type Field } from './param-fields';
import { formatParamCount, formatValue } from './format';
import { inScope } from './problems';
import type { EditableGraph, Scope } from './scope';

/**
 * The design ↔ React Flow mapping, framework-free: nodes and edges in React Flow's plain-data shape (structurally
 * its `Node` and `Edge`), carrying the design node itself so the mapping round-trips, and a view of what the canvas
 * shows (shapes, counts, the node's problem).
 */
type XY = { x: number; y: number };

export type PortView = { id: string; label: string; shape: string | null; stale: boolean };

export type NodeView = {
  /** The design node, as saved; positions on the flow node win over its position. */
  node: DesignNode;
  title: string;
  /** The block type's label, or the type of an unknown block. */
  kind: string;
  /** The line under the title: what the block is when a label hides it, what a call runs, its main params. */
  subtitle: string;
  category: Category | 'unknown';
  inputs: PortView[];
  outputs: PortView[];
  /** The main params, e.g. "units 784 · activation tanh". */
  summary: string;
  /** What the node makes, for its footer: output shapes, or what a sink does. */
  result: string;
  params: string | null;
  error: string | null;
  warning: string | null;
  /** Inputs are missing or upstream failed: no shapes yet, and nothing for this node to fix. */
  blocked: boolean;
  /** For calls: the network double-click opens. */
  opens: string | null;
};

export type EdgeView = { shape: string | null; error: string | null };

export type FlowNode = { id: string; type: 'block'; position: XY; data: NodeView; selected?: boolean };
export type FlowEdge = {
  id: string;
  type: 'shape';
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
  data: EdgeView;
  selected?: boolean;
};

export function graphReport(report: DesignReport, scope: Scope): GraphReport | undefined {
  return scope.kind === 'training' ? report.training : report.networks[scope.id];
}

/** What every node and edge of one graph looks like on the canvas. */
export function describeGraph(
  design: Design,
  graph: EditableGraph,
  scope: Scope,
  report: DesignReport,
): { nodes: Map<string, NodeView>; edges: Map<string, EdgeView> } {
  const g = graphReport(report, scope);
  // One pass over the problems and the edges, not one per node: an edit in a long chain re-describes every node,
  // and this runs between the keystroke and the new shapes on the canvas.
  const nodeError = new Map<string, string>();
  const nodeWarning = new Map<string, string>();
  const edgeError = new Map<string, string>();
  for (const p of report.problems) {
    if (!inScope(p, scope)) continue;
    const node = p.where.node;
    if (node !== undefined) {
      const first = p.severity === 'error' ? nodeError : nodeWarning;
      if (!first.has(node)) first.set(node, p.message);
    }
    const edge = p.where.edge;
    if (edge !== undefined && p.severity === 'error' && !edgeError.has(edge)) edgeError.set(edge, p.message);
  }
  const handles = { source: new Map<string, string[]>(), target: new Map<string, string[]>() };
  const add = (m: Map<string, string[]>, node: string, handle: string) => {
    const list = m.get(node);
    if (list) list.push(handle);
    else m.set(node, [handle]);
  };
  for (const e of graph.edges) {
    add(handles.source, e.source, e.sourceHandle);
    add(handles.target, e.target, e.targetHandle);
  }
  const nodes = new Map<string, NodeView>();
  for (const node of graph.nodes) {
    nodes.set(node.id, describeNode(design, handles, node, g, report, { error: nodeError.get(node.id) ?? null, warning: nodeWarning.get(node.id) ?? null }));
  }
  const edges = new Map<string, EdgeView>();
  for (const e of graph.edges) {
    const shape = g?.edges[e.id];
    edges.set(e.id, { shape: shape ? formatShape(shape) : null, error: edgeError.get(e.id) ?? null });
  }
  return { nodes, edges };
}

/** The handles each node's edges use, by node id, on the edges' source and target sides, in edge order. */
type EdgeHandles = { source: ReadonlyMap<string, readonly string[]>; target: ReadonlyMap<string, readonly string[]> };

function describeNode(
  design: Design,
  handles: EdgeHandles,
  node: DesignNode,
  g: GraphReport | undefined,
  report: DesignReport,
  own: { error: string | null; warning: string | null },
): NodeView {
  const block = blocks.get(node.type);
  const r = g?.nodes[node.id];
  const params = (r?.params ?? node.params) as Record<string, unknown>;
  // Edges to ports the node no longer has (a renamed network input, a failed param parse) keep a handle to land on.
  const stale = r?.params !== undefined;
  const inputs = portViews(r?.ports.inputs ?? [], handles.target.get(node.id), r?.inputs, stale);
  const outputs = portViews(r?.ports.outputs ?? [], handles.source.get(node.id), r?.outputs, stale);
  // A block that runs a network (a call) opens it, counts its weights and is titled after it.
  const calls = block?.network !== undefined;
  const network = calls || typeof params['network'] === 'string' ? String(params['network'] ?? '') : null;
  const netReport = network ? report.networks[network] : undefined;
  const opens = calls && netReport ? network : null;

  let summary = '';
  if (block) {
    for (const f of summaryFields(block)) {
      const text = `${f.name} ${formatValue(params[f.name] ?? ('defaultValue' in f ? f.defaultValue : '?'))}`;
      summary = summary ? `${summary} · ${text}` : text;
    }
  }
  let result = '';
  for (const p of outputs) if (p.shape !== null) result = result ? `${result}  ${p.shape}` : p.shape;
  if (node.type === 'output') {
    const into = r?.inputs['in'];
    result = into ? formatShape(into) : '';
  }
  else if (block?.category === 'optimizer') result = network ? `trains ${network}` : '';
  else if (block && outputs.length === 0 && inputs.length > 0) result = r?.ok ? 'scalar loss' : '';

  const count = calls ? netReport?.count : r?.count;
  const total = count ? count.trainable + count.nonTrainable : 0;
  const blocked = !!block && !own.error && r?.params !== undefined && !r.ok;
  const kind = block?.label ?? node.type;
  const title = node.label ?? (calls ? network || kind : kind);
  const subtitle = calls ? `calls ${network}` : [title === kind ? '' : kind, summary].filter(Boolean).join(' · ');
  return {
    node,
    title,
    kind,
    subtitle,
    category: block?.category ?? 'unknown',
    inputs,
    outputs,
    summary,
    result,
    // Layers always say how many weights they hold (0 too); training blocks only when they stand for weights (calls).
    params: count && (total > 0 || (block?.level === 'network' && r?.ok)) ? formatParamCount(count) : null,
    error: own.error,
    warning: own.warning ?? (calls && blocked && network ? `Fix the problems inside ${network} first.` : null),
    blocked,
    opens,
  };
}

const summaries = new WeakMap<AnyBlock, readonly Field[]>();

/** The params a node's subtitle shows: the first three that are not switches (nor the network a call runs). */
function summaryFields(block: AnyBlock): readonly Field[] {
  let fields = summaries.get(block);
  if (!fields) {
    fields = fieldsOf(block.params)
      .filter((f) => f.kind !== 'boolean' && !(block.network !== undefined && f.name === 'network'))
      .slice(0, 3);
    summaries.set(block, fields);
  }
  return fields;
}

/** A node's ports on one side: the declared ones with their shapes, then any that only an edge still names. */
function portViews(declared: readonly { id: string; label: string }[], used: readonly string[] | undefined, shapes: Record<string, Shape> | undefined, stale: boolean): PortView[] {
  // Plain loops, no closures: this runs for every node of the open graph on every edit.
  const list: PortView[] = [];
  for (const p of declared) {
    const s = shapes?.[p.id];
    list.push({ id: p.id, label: p.label, shape: s ? formatShape(s) : null, stale: false });
  }
  if (used) {
    for (const id of used) {
      let known = false;
      for (const p of list) if (p.id === id) known = true;
      if (!known) list.push({ id, label: id, shape: null, stale });
    }
  }
  return list;
}

/**
 * Whether two views of a node look the same on the canvas (everything but `node`, whose position the flow node
 * overrides): after a drag or an edit elsewhere, describeGraph makes new views that the canvas need not redraw.
 */
export function sameNodeView(a: NodeView, b: NodeView): boolean {
  return a === b || (sameNodeFrame(a, b) && a.summary === b.summary && a.result === b.result && a.params === b.params && sameShapes(a.inputs, b.inputs) && sameShapes(a.outputs, b.outputs));
}

/**
 * Whether two views draw the same frame of a block: everything but the shapes (the result line, the parameter count
 * and each port's shape), which the canvas prints from parts of their own.
 */
export function sameNodeFrame(a: NodeView, b: NodeView): boolean {
  return (
    a === b ||
    (a.title === b.title &&
      a.kind === b.kind &&
      a.subtitle === b.subtitle &&
      a.category === b.category &&
      a.error === b.error &&
      a.warning === b.warning &&
      a.blocked === b.blocked &&
      a.opens === b.opens &&
      samePortFrames(a.inputs, b.inputs) &&
      samePortFrames(a.outputs, b.outputs))
  );
}

function samePortFrames(a: readonly PortView[], b: readonly PortView[]): boolean {
  return a.length === b.length && a.every((p, i) => p.id === b[i]!.id && p.label === b[i]!.label && p.stale === b[i]!.stale);
}

/** The ports' shapes, for ports that sameNodeFrame has found the same. */
function sameShapes(a: readonly PortView[], b: readonly PortView[]): boolean {
  return a.every((p, i) => p.shape === b[i]!.shape);
}

export function sameEdgeView(a: EdgeView | undefined, b: EdgeView | undefined): boolean {
  return a === b || (!!a && !!b && a.shape === b.shape && a.error === b.error);
}

/** Flow nodes for a graph; `views` come from describeGraph. */
export function toFlowNodes(graph: EditableGraph, views: ReadonlyMap<string, NodeView>): FlowNode[] {
  return graph.nodes.map((n) => ({ id: n.id, type: 'block', position: n.position, data: views.get(n.id) ?? bareView(n) }));
}

export function toFlowEdges(graph: EditableGraph, views: ReadonlyMap<string, EdgeView>): FlowEdge[] {
  return graph.edges.map((e) => ({
    id: e.id,
    type: 'shape',
    source: e.source,
    sourceHandle: e.sourceHandle,
    target: e.target,
    targetHandle: e.targetHandle,
    data: views.get(e.id) ?? { shape: null, error: null },
  }));
}

/** Back from the canvas to the document: the design nodes at their flow positions, and the edges. */
export function fromFlow(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): EditableGraph {
  return {
    nodes: nodes.map((n) => ({ ...n.data.node, position: { x: n.position.x, y: n.position.y } })),
    edges: edges.map((e): DesignEdge => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle, target: e.target, targetHandle: e.targetHandle })),
  };
}

function bareView(node: DesignNode): NodeView {
  return { node, title: node.label ?? node.type, kind: node.type, subtitle: '', category: 'unknown', inputs: [], outputs: [], summary: '', result: '', params: null, error: null, warning: null, blocked: false, opens: null };
}
