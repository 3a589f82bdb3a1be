import type { AnyBlock, InferContext, Level, NetworkSignature, ParamCount, PortDef } from '../blocks/types';
import type { BlockRegistry } from '../blocks/registry';
import { formatPath } from '../graph/parse';
import type { Design, DesignEdge, DesignNode, Graph } from '../graph/schema';
import { problem, type Problem, type Where } from './errors';
import { sizeOf, type Shape } from './shape';

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
  return { ok: !problems.some((p) => p.severity === 'error'), problems, networks, training };
}

function checkUnique(ids: readonly string[], path: (i: number) => string, what: string, problems: Problem[], where: Where = {}) {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) problems.push(problem('E_DUPLICATE_ID', `two ${what}s have the id "${id}"; ids must be unique. Rename one.`, { ...where, path: path(i) }));
    seen.add(id);
  });
}

function inferGraph(
  graph: Graph,
  level: Level,
  registry: BlockRegistry,
  ctx: InferContext,
  basePath: string,
  where: Where,
  problems: Problem[],
): GraphReport {
  const nodes: Record<string, NodeReport> = {};
  // `block` is null for a node whose type or params are wrong: its own error is reported, and edges touching it are
  // kept without port checks so that its neighbours count as blocked rather than reporting follow-on errors.
  const byId = new Map<string, { node: DesignNode; block: AnyBlock | null; index: number }>();
  checkUnique(graph.nodes.map((n) => n.id), (i) => `${basePath}.nodes[${i}].id`, 'node', problems, where);

  graph.nodes.forEach((node, index) => {
    if (byId.has(node.id)) return;
    // Built only when a problem is reported: this loop is the hot path of a 1,000-node validation.
    const at = () => ({ ...where, node: node.id });
    const nodePath = () => `${basePath}.nodes[${index}]`;
    const block = registry.get(node.type) ?? null;
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
    nodes[node.id] = report;
    byId.set(node.id, { node, block: null, index });
    if (!block) {
      problems.push(problem('E_UNKNOWN_BLOCK', `node "${node.id}" has the unknown block type "${node.type}".`, { ...at(), path: `${nodePath()}.type` }));
      return;
    }
    if (block.level !== level) {
      const place = block.level === 'network' ? 'inside a network' : 'in the training graph';
      problems.push(problem('E_WRONG_LEVEL', `${block.label} "${node.id}" belongs ${place}. Move it there.`, { ...at(), path: `${nodePath()}.type` }));
      return;
    }
    const parsed = block.params.safeParse(node.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 10)) {
        const path = formatPath([...issue.path]);
        problems.push(problem('E_PARAM', `${block.label} "${node.id}": ${path === '(root)' ? '' : `${path}: `}${issue.message}.`, { ...at(), path: `${nodePath()}.params${path === '(root)' ? '' : `.${path}`}` }));
      }
      return;
    }
    report.params = parsed.data;
    report.ports = { inputs: block.inputs(parsed.data, ctx), outputs: block.outputs(parsed.data, ctx) };
    byId.set(node.id, { node, block, index });
  });

  // Edges: every endpoint must exist, each input port takes one edge, no edge twice.
  const incoming = new Map<string, DesignEdge[]>();
  const valid: DesignEdge[] = [];
  const seenEdge = new Set<string>();
  checkUnique(graph.edges.map((e) => e.id), (i) => `${basePath}.edges[${i}].id`, 'edge', problems, where);
  graph.edges.forEach((edge, i) => {
    const at = () => ({ ...where, edge: edge.id, path: `${basePath}.edges[${i}]` });
    const src = byId.get(edge.source);
    const dst = byId.get(edge.target);
    if (!src || !dst) {
      problems.push(problem('E_UNKNOWN_NODE', `edge "${edge.id}" connects ${!src ? `the missing node "${edge.source}"` : `the missing node "${edge.target}"`}. Delete the edge.`, at()));
      return;
    }
    const key = `${edge.source}\0${edge.sourceHandle}\0${edge.target}\0${edge.targetHandle}`;
    if (!src.block || !dst.block) {
      // A failed endpoint: its own error is reported; keep the edge so its neighbours are blocked, not unconnected.
      if (!seenEdge.has(key)) {
        incoming.set(`${edge.target}\0${edge.targetHandle}`, [edge]);
        valid.push(edge);
      }
      seenEdge.add(key);
      return;
    }
    const srcPorts = nodes[edge.source]!.ports.outputs;
    const dstPorts = nodes[edge.target]!.ports.inputs;
    if (!srcPorts.some((p) => p.id === edge.sourceHandle)) {
      problems.push(problem('E_UNKNOWN_PORT', `edge "${edge.id}": "${edge.source}" has no output "${edge.sourceHandle}" (it has ${names(srcPorts)}).`, at()));
      return;
    }
    if (!dstPorts.some((p) => p.id === edge.targetHandle)) {
      problems.push(problem('E_UNKNOWN_PORT', `edge "${edge.id}": "${edge.target}" has no input "${edge.targetHandle}" (it has ${names(dstPorts)}).`, at()));
      return;
    }
    if (seenEdge.has(key)) {
      problems.push(problem('E_DUPLICATE_EDGE', `edge "${edge.id}" repeats a connection from "${edge.source}" to "${edge.target}". Delete it.`, at()));
      return;
    }
    seenEdge.add(key);
    const into = `${edge.target}\0${edge.targetHandle}`;
    const list = incoming.get(into) ?? [];
    if (list.length > 0) {
      problems.push(problem('E_PORT_TAKEN', `input "${edge.targetHandle}" of "${edge.target}" already has an edge (from "${list[0]!.source}"); an input takes one. Use Concatenate or Add to merge.`, at()));
      return;
    }
    list.push(edge);
    incoming.set(into, list);
    valid.push(edge);
  });

  const order = topoOrder(graph.nodes.map((n) => n.id), valid);
  if (order.cycle.length > 0) {
    problems.push(problem('E_CYCLE', `these nodes form a cycle: ${order.cycle.map((id) => `"${id}"`).join(', ')}. Remove one of the edges between them.`, { ...where, node: order.cycle[0] }));
  }

  const edges: Record<string, Shape | null> = {};
  for (const id of order.order) {
    const entry = byId.get(id);
    const report = nodes[id];
    if (!entry?.block || !report || report.params === undefined) continue;
    const at = () => ({ ...where, node: id, path: `${basePath}.nodes[${entry.index}]` });
    let blocked = false;
    for (const port of report.ports.inputs) {
      const edge = incoming.get(`${id}\0${port.id}`)?.[0];
      if (!edge) {
        problems.push(problem('E_UNCONNECTED', `${entry.block.label} "${id}" needs its input "${port.label}" connected.`, { ...at(), port: port.id }));
        blocked = true;
        continue;
      }
      const shape = nodes[edge.source]?.outputs[edge.sourceHandle];
      if (!shape) blocked = true; // upstream failed and said so; do not cascade
      else report.inputs[port.id] = shape;
    }
    if (blocked) continue;
    const result = entry.block.inferShape(report.inputs, report.params, ctx);
    if (!result.ok) {
      if (!result.silent) problems.push(problem(result.code, `${entry.block.label} "${id}": ${result.message}`, at()));
      continue;
    }
    report.ok = true;
    report.outputs = result.outputs;
    report.count = result.params ?? { trainable: 0, nonTrainable: 0 };
    report.flops = result.flops ?? 0;
    report.activationBytes = Object.values(result.outputs).reduce((a, s) => a + 4 * (sizeOf(s) ?? 0), 0);
  }
  for (const e of valid) edges[e.id] = nodes[e.source]?.outputs[e.sourceHandle] ?? null;

  const all = Object.values(nodes);
  return {
    nodes,
    edges,
    order: order.order,
    count: {
      trainable: all.reduce((a, n) => a + n.count.trainable, 0),
      nonTrainable: all.reduce((a, n) => a + n.count.nonTrainable, 0),
    },
    flops: all.reduce((a, n) => a + n.flops, 0),
    activationBytes: all.reduce((a, n) => a + (n.type === 'output' ? 0 : n.activationBytes), 0),
  };
}

const names = (ports: readonly PortDef[]) => (ports.length ? ports.map((p) => `"${p.id}"`).join(', ') : 'none');

/** Kahn's algorithm; nodes left with unresolved inputs lie on or behind a cycle. */
export function topoOrder(ids: readonly string[], edges: readonly Pick<DesignEdge, 'source' | 'target'>[]): { order: string[]; cycle: string[] } {
  const indeg = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const id of ids) indeg.set(id, 0);
  for (const e of edges) {
    if (!indeg.has(e.source) || !indeg.has(e.target)) continue;
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
    const list = out.get(e.source) ?? [];
    list.push(e.target);
    out.set(e.source, list);
  }
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const t of out.get(id) ?? []) {
      const d = (indeg.get(t) ?? 0) - 1;
      indeg.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  const placed = new Set(order);
  return { order, cycle: [...new Set(ids)].filter((id) => !placed.has(id)) };
}
