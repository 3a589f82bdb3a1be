import type { AnyBlock, InferContext, Level, NetworkSignature, ParamCount, PortDef } from '../blocks/types';
import type { BlockRegistry } from '../blocks/registry';
import { formatPath } from '../graph/parse';
import type { Design, DesignEdge, DesignNode, Graph } from '../graph/schema';
import { problem, type Problem, type Where } from '../graph/problems';
import { sizeOf, type Shape } from '../shapes/shape';
import { topoOrder } from '../graph/topology';
import type { TrainingCost } from './cost';

export type NodeReport = {
  id: string;
  type: string;
  /** Params after defaults, when they parsed. */
  params: unknown;
  inputs: Record<string, Shape>;
  outputs: Record<string, Shape>;
  ports: { inputs: readonly PortDef[]; outputs: readonly PortDef[] };
  count: ParamCount;
  /** Forward FLOPs per example. */
  flops: number;
  /** Bytes of float32 activations this node outputs per example. */
  activationBytes: number;
  /** Inference reached this node and it produced shapes. */
  ok: boolean;
};

export type GraphReport = {
  nodes: Record<string, NodeReport>;
  /** The shape each edge carries, when known. */
  edges: Record<string, Shape | null>;
  order: string[];
  count: ParamCount;
  flops: number;
  activationBytes: number;
};

export type NetworkReport = GraphReport & { id: string; label: string; role: string; signature: NetworkSignature };

export type DesignReport = {
  ok: boolean;
  problems: Problem[];
  networks: Record<string, NetworkReport>;
  training: GraphReport;
  /** Memory and work of training, and the deepest network (budget.ts); null until validateDesign works it out. */
  cost: TrainingCost | null;
};

/**
 * Checks a parsed design: block types, params, edges, cycles, and the shape on every port, reporting every problem
 * at once (never throwing), so the canvas can mark them all and the CLI can print them all.
 */
export function inferDesign(design: Design, registry: BlockRegistry): DesignReport {
  const problems: Problem[] = [];
  const networks: Record<string, NetworkReport> = {};
  const sigs = new Map<string, NetworkSignature>();
  const noNetworks: InferContext = { networks: new Map() };

  checkUnique(design.networks.map((n) => n.id), (i) => `networks[${i}].id`, 'network', problems);
  design.networks.forEach((net, i) => {
    const where = { network: net.id };
    const g = inferGraph(net, 'network', registry, noNetworks, `networks[${i}]`, where, problems);
    const label = net.label ?? net.id;
    const boundary = (type: string) =>
      net.nodes
        .filter((n) => n.type === type)
        .map((n) => {
          const r = g.nodes[n.id];
          const shape = type === 'input' ? (r?.outputs['out'] ?? null) : r?.ok ? (r.inputs['in'] ?? null) : null;
          return { id: n.id, label: n.label ?? n.id, shape };
        });
    const signature: NetworkSignature = { id: net.id, label, role: net.role, inputs: boundary('input'), outputs: boundary('output') };
    if (signature.inputs.length === 0 || signature.outputs.length === 0) {
      problems.push(problem('E_NETWORK_PORTS', `network "${label}" needs at least one Input and one Output block.`, where));
    }
    sigs.set(net.id, signature);
    networks[net.id] = { ...g, id: net.id, label, role: net.role, signature };
  });

  const training = inferGraph(design.training, 'training', registry, { networks: sigs }, 'training', {}, problems);
  return { ok: !problems.some((p) => p.severity === 'error'), problems, networks, training, cost: null };
}

function checkUnique(ids: readonly string[], path: (i: number) => string, what: string, problems: Problem[], where: Where = {}) {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) problems.push(duplicateId(what, id, { ...where, path: path(i) }));
    seen.add(id);
  });
}

/**
 * One node while its graph is checked. Edges and inference reach a node through its entry (one Map lookup by id), so
 * a 1,000-node design costs no string keys per port and no second pass over a Record.
 */
type Entry = {
  node: DesignNode;
  index: number;
  report: NodeReport;
  // Null for a node whose type or params are wrong: its own error is reported, and edges touching it are kept without
  // port checks so that its neighbours count as blocked rather than reporting follow-on errors.
  block: AnyBlock | null;
  /** The input ports edges name, in the order first named: a handful at most, so a list beats string-keyed Maps. */
  slots: InputSlot[];
  /** Kahn's algorithm: unresolved incoming edges, and the entries this one feeds (in edge order). */
  indegree: number;
  feeds: Entry[];
  placed: boolean;
};

/** One input port of a node: the edge it takes, and every connection already seen into it (for E_DUPLICATE_EDGE). */
type InputSlot = { handle: string; edge: DesignEdge | undefined; from: Entry | undefined; seen: DesignEdge[] };

/** One graph being checked: what its steps share. */
type Scan = {
  level: Level;
  registry: BlockRegistry;
  ctx: InferContext;
  basePath: string;
  where: Where;
  problems: Problem[];
  nodes: Record<string, NodeReport>;
  byId: Map<string, Entry>;
  entries: Entry[];
  /** E_DUPLICATE_ID problems of nodes, and of edges: each set goes ahead of the other problems of its kind. */
  duplicates: Problem[];
  edgeIds: Set<string>;
  edgeDuplicates: Problem[];
  /** Accepted edges, with the entries at their ends. */
  valid: DesignEdge[];
  validFrom: Entry[];
  validTo: Entry[];
};

// Speed (a 1,000-node design in well under 10 ms, `npm run bench -- validate`) shapes this code in three ways:
// - each node, edge and inference step is a small module-level function: V8 optimises a small function called a
//   thousand times per validation within the first few validations, but one large function with the loops inlined
//   only after dozens, so the early calls that a median of 51 includes would run unoptimised;
// - no closures are made per node (esbuild's keepNames, used by tsx and the bench, adds a defineProperty to each),
//   and hot loops are indexed rather than for-of or callbacks, which cost most before V8 has optimised them;
// - where-objects and JSON paths are built only when a problem is reported.
const nodeAt = (where: Where, id: string, path: string): Where => ({ ...where, node: id, path });
const nodePath = (basePath: string, index: number) => `${basePath}.nodes[${index}]`;
const edgeAt = (scan: Scan, edge: DesignEdge, i: number): Where => ({ ...scan.where, edge: edge.id, path: `${scan.basePath}.edges[${i}]` });
const duplicateId = (what: string, id: string, where: Where) => problem('E_DUPLICATE_ID', `two ${what}s have the id "${id}"; ids must be unique. Rename one.`, where);

function inferGraph(
  graph: Graph,
  level: Level,
  registry: BlockRegistry,
  ctx: InferContext,
  basePath: string,
  where: Where,
  problems: Problem[],
): GraphReport {
  const scan: Scan = { level, registry, ctx, basePath, where, problems, nodes: {}, byId: new Map(), entries: [], duplicates: [], edgeIds: new Set(), edgeDuplicates: [], valid: [], validFrom: [], validTo: [] };

  const firstNodeProblem = problems.length;
  for (let i = 0; i < graph.nodes.length; i++) addNode(scan, graph.nodes[i]!, i);
  if (scan.duplicates.length > 0) problems.splice(firstNodeProblem, 0, ...scan.duplicates);

  // Edges: every endpoint must exist, each input port takes one edge, no edge twice.
  const firstEdgeProblem = problems.length;
  for (let i = 0; i < graph.edges.length; i++) addEdge(scan, graph.edges[i]!, i);
  if (scan.edgeDuplicates.length > 0) problems.splice(firstEdgeProblem, 0, ...scan.edgeDuplicates);

  // With unique ids every node has its own entry and the order can be found on the entries themselves; duplicates
  // (already an error) take the general path, which keeps its exact behaviour for them.
  let order: Entry[];
  let ids: string[];
  let cycle: string[];
  if (scan.duplicates.length === 0) {
    order = kahn(scan);
    ids = order.map((e) => e.node.id);
    cycle = scan.entries.filter((e) => !e.placed).map((e) => e.node.id);
  } else {
    const general = topoOrder(graph.nodes.map((n) => n.id), scan.valid);
    order = general.order.map((id) => scan.byId.get(id)!);
    ids = general.order;
    cycle = general.cycle;
  }
  if (cycle.length > 0) {
    problems.push(problem('E_CYCLE', `these nodes form a cycle: ${cycle.map((id) => `"${id}"`).join(', ')}. Remove one of the edges between them.`, { ...where, node: cycle[0] }));
  }

  for (let i = 0; i < order.length; i++) inferNode(scan, order[i]!);

  const edges: Record<string, Shape | null> = {};
  for (let k = 0; k < scan.valid.length; k++) {
    const e = scan.valid[k]!;
    edges[e.id] = scan.validFrom[k]!.report.outputs[e.sourceHandle] ?? null;
  }

  let trainable = 0;
  let nonTrainable = 0;
  let flops = 0;
  let activationBytes = 0;
  for (let i = 0; i < scan.entries.length; i++) {
    const n = scan.entries[i]!.report;
    trainable += n.count.trainable;
    nonTrainable += n.count.nonTrainable;
    flops += n.flops;
    if (n.type !== 'output') activationBytes += n.activationBytes;
  }
  return { nodes: scan.nodes, edges, order: ids, count: { trainable, nonTrainable }, flops, activationBytes };
}

/** A node's entry and report: its block, params after defaults, and ports; or the problem with its type or params. */
function addNode(scan: Scan, node: DesignNode, index: number): void {
  const { where, basePath, problems } = scan;
  if (scan.byId.has(node.id)) {
    scan.duplicates.push(duplicateId('node', node.id, { ...where, path: `${nodePath(basePath, index)}.id` }));
    return;
  }
  const block = scan.registry.get(node.type) ?? null;
  const report: NodeReport = {
    id: node.id,
    type: node.type,
    params: undefined,
    inputs: {},
    outputs: {},
    ports: { inputs: [], outputs: [] },
    count: { trainable: 0, nonTrainable: 0 },
    flops: 0,
    activationBytes: 0,
    ok: false,
  };
  scan.nodes[node.id] = report;
  const entry: Entry = { node, index, report, block: null, slots: [], indegree: 0, feeds: [], placed: false };
  scan.byId.set(node.id, entry);
  scan.entries.push(entry);
  if (!block) {
    problems.push(problem('E_UNKNOWN_BLOCK', `node "${node.id}" has the unknown block type "${node.type}".`, nodeAt(where, node.id, `${nodePath(basePath, index)}.type`)));
    return;
  }
  if (block.level !== scan.level) {
    const place = block.level === 'network' ? 'inside a network' : 'in the training graph';
    problems.push(problem('E_WRONG_LEVEL', `${block.label} "${node.id}" belongs ${place}. Move it there.`, nodeAt(where, node.id, `${nodePath(basePath, index)}.type`)));
    return;
  }
  const parsed = block.params.safeParse(node.params);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 10)) {
      const path = formatPath([...issue.path]);
      problems.push(problem('E_PARAM', `${block.label} "${node.id}": ${path === '(root)' ? '' : `${path}: `}${issue.message}.`, nodeAt(where, node.id, `${nodePath(basePath, index)}.params${path === '(root)' ? '' : `.${path}`}`)));
    }
    return;
  }
  report.params = parsed.data;
  report.ports = { inputs: block.inputs(parsed.data, scan.ctx), outputs: block.outputs(parsed.data, scan.ctx) };
  entry.block = block;
}

/** Accepts an edge into its target's input slot, or reports why not. */
function addEdge(scan: Scan, edge: DesignEdge, i: number): void {
  const { problems } = scan;
  // A repeated id is its own problem; the edge is still checked as an edge.
  if (scan.edgeIds.has(edge.id)) scan.edgeDuplicates.push(duplicateId('edge', edge.id, { ...scan.where, path: `${scan.basePath}.edges[${i}].id` }));
  else scan.edgeIds.add(edge.id);
  const src = scan.byId.get(edge.source);
  const dst = scan.byId.get(edge.target);
  if (!src || !dst) {
    problems.push(problem('E_UNKNOWN_NODE', `edge "${edge.id}" connects ${!src ? `the missing node "${edge.source}"` : `the missing node "${edge.target}"`}. Delete the edge.`, edgeAt(scan, edge, i)));
    return;
  }
  const slot = slotOf(dst, edge.targetHandle);
  if (!src.block || !dst.block) {
    // A failed endpoint: its own error is reported; keep the edge so its neighbours are blocked, not unconnected.
    // It takes the port even from an earlier edge, but a repeat of it is dropped.
    if (!repeats(slot, edge)) accept(scan, slot, edge, src, dst);
    slot.seen.push(edge);
    return;
  }
  const srcPorts = src.report.ports.outputs;
  const dstPorts = dst.report.ports.inputs;
  if (!hasPort(srcPorts, edge.sourceHandle)) {
    problems.push(problem('E_UNKNOWN_PORT', `edge "${edge.id}": "${edge.source}" has no output "${edge.sourceHandle}" (it has ${names(srcPorts)}).`, edgeAt(scan, edge, i)));
    return;
  }
  if (!hasPort(dstPorts, edge.targetHandle)) {
    problems.push(problem('E_UNKNOWN_PORT', `edge "${edge.id}": "${edge.target}" has no input "${edge.targetHandle}" (it has ${names(dstPorts)}).`, edgeAt(scan, edge, i)));
    return;
  }
  if (repeats(slot, edge)) {
    problems.push(problem('E_DUPLICATE_EDGE', `edge "${edge.id}" repeats a connection from "${edge.source}" to "${edge.target}". Delete it.`, edgeAt(scan, edge, i)));
    return;
  }
  slot.seen.push(edge);
  if (slot.edge) {
    problems.push(problem('E_PORT_TAKEN', `input "${edge.targetHandle}" of "${edge.target}" already has an edge (from "${slot.edge.source}"); an input takes one. Use Concatenate or Add to merge.`, edgeAt(scan, edge, i)));
    return;
  }
  accept(scan, slot, edge, src, dst);
}

function accept(scan: Scan, slot: InputSlot, edge: DesignEdge, src: Entry, dst: Entry): void {
  slot.edge = edge;
  slot.from = src;
  scan.valid.push(edge);
  scan.validFrom.push(src);
  scan.validTo.push(dst);
}

/** Output shapes, weights and costs of one node whose inputs are done; a problem when its block refuses them. */
function inferNode(scan: Scan, entry: Entry): void {
  const report = entry.report;
  if (!entry.block || report.params === undefined) return;
  const id = entry.node.id;
  let blocked = false;
  const ports = report.ports.inputs;
  for (let i = 0; i < ports.length; i++) {
    const port = ports[i]!;
    const slot = findSlot(entry, port.id);
    if (!slot?.edge) {
      const where = { ...nodeAt(scan.where, id, nodePath(scan.basePath, entry.index)), port: port.id };
      scan.problems.push(problem('E_UNCONNECTED', `${entry.block.label} "${id}" needs its input "${port.label}" connected.`, where));
      blocked = true;
      continue;
    }
    const shape = slot.from?.report.outputs[slot.edge.sourceHandle];
    if (!shape) blocked = true; // upstream failed and said so; do not cascade
    else report.inputs[port.id] = shape;
  }
  if (blocked) return;
  const result = entry.block.inferShape(report.inputs, report.params, scan.ctx);
  if (!result.ok) {
    if (!result.silent) scan.problems.push(problem(result.code, `${entry.block.label} "${id}": ${result.message}`, nodeAt(scan.where, id, nodePath(scan.basePath, entry.index))));
    return;
  }
  report.ok = true;
  report.outputs = result.outputs;
  report.count = result.params ?? { trainable: 0, nonTrainable: 0 };
  report.flops = result.flops ?? 0;
  let bytes = 0;
  for (const port in result.outputs) bytes += 4 * (sizeOf(result.outputs[port]!) ?? 0);
  report.activationBytes = bytes;
}

function findSlot(entry: Entry, handle: string): InputSlot | undefined {
  const slots = entry.slots;
  for (let i = 0; i < slots.length; i++) if (slots[i]!.handle === handle) return slots[i];
  return undefined;
}

function hasPort(ports: readonly PortDef[], id: string): boolean {
  for (let i = 0; i < ports.length; i++) if (ports[i]!.id === id) return true;
  return false;
}

function slotOf(entry: Entry, handle: string): InputSlot {
  let slot = findSlot(entry, handle);
  if (!slot) {
    slot = { handle, edge: undefined, from: undefined, seen: [] };
    entry.slots.push(slot);
  }
  return slot;
}

/** The same connection (source port to this input) was already seen, accepted or not; inputs see one edge or few. */
function repeats(slot: InputSlot, edge: DesignEdge): boolean {
  const seen = slot.seen;
  for (let i = 0; i < seen.length; i++) if (seen[i]!.source === edge.source && seen[i]!.sourceHandle === edge.sourceHandle) return true;
  return false;
}

/** Kahn's algorithm on the entries and accepted edges (ids unique); the same order as `topoOrder`. */
function kahn(scan: Scan): Entry[] {
  for (let k = 0; k < scan.valid.length; k++) {
    const to = scan.validTo[k]!;
    to.indegree++;
    scan.validFrom[k]!.feeds.push(to);
  }
  const queue = scan.entries.filter((e) => e.indegree === 0);
  for (let i = 0; i < queue.length; i++) {
    const entry = queue[i]!;
    entry.placed = true;
    const feeds = entry.feeds;
    for (let j = 0; j < feeds.length; j++) if (--feeds[j]!.indegree === 0) queue.push(feeds[j]!);
  }
  return queue;
}

const names = (ports: readonly PortDef[]) => (ports.length ? ports.map((p) => `"${p.id}"`).join(', ') : 'none');
