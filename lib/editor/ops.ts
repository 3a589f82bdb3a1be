import { blocks } from '../blocks';
import { DESIGN_VERSION, zSettings, type Design, type DesignNode, type NetworkRole } from '../graph/schema';
import { own } from '../records';
import { validateDesign, type DesignReport } from '../validate';
import { edgeId, freshId, isValidId } from './ids';
import { describeGraph } from './flow';
import { autoLayoutGraph, estimateBlockSize, estimateLabelSize, type Size } from './layout';
import { getGraph, updateGraph, type Scope } from './scope';

type XY = { x: number; y: number };
export type Connection = { source: string; sourceHandle: string; target: string; targetHandle: string };

/** A design with nothing in it yet: the start of "build it yourself". */
export function emptyDesign(name = 'Untitled design'): Design {
  return { version: DESIGN_VERSION, name, description: '', networks: [], training: { nodes: [], edges: [], settings: zSettings.parse({}) } };
}

const isOptimizer = (type: string) => blocks.get(type)?.optimizer !== undefined;

/**
 * Params a new block starts with: its schema's defaults, plus a network for blocks that must name one (a call runs
 * the first network; an optimizer trains the first network that has none yet).
 */
export function defaultParams(type: string, design: Design): Record<string, unknown> {
  const block = blocks.get(type);
  if (!block) return {};
  const direct = block.params.safeParse({});
  if (direct.success) return { ...(direct.data as Record<string, unknown>) };
  const ids = design.networks.map((n) => n.id);
  const trained = new Set(design.training.nodes.filter((n) => isOptimizer(n.type)).map((n) => String(n.params['network'])));
  const network = isOptimizer(type) ? (ids.find((id) => !trained.has(id)) ?? ids[0]) : ids[0];
  const withNetwork = block.params.safeParse({ network: network ?? 'G' });
  return withNetwork.success ? { ...(withNetwork.data as Record<string, unknown>) } : { network: network ?? 'G' };
}

export function addNode(design: Design, scope: Scope, type: string, position: XY): { design: Design; id: string } {
  const graph = getGraph(design, scope);
  if (!graph) return { design, id: '' };
  const id = freshId(type, new Set(graph.nodes.map((n) => n.id)));
  const node: DesignNode = { id, type, params: defaultParams(type, design), position: { x: Math.round(position.x), y: Math.round(position.y) } };
  return { design: updateGraph(design, scope, (g) => ({ nodes: [...g.nodes, node], edges: g.edges })), id };
}

/** Removes nodes (with every edge touching them) and edges, in one step. */
export function removeElements(design: Design, scope: Scope, nodeIds: readonly string[], edgeIds: readonly string[]): Design {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return design;
  return updateGraph(design, scope, (g) => ({
    nodes: g.nodes.filter((n) => !nodes.has(n.id)),
    edges: g.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  }));
}

/**
 * Adds an edge. An input takes one edge, so a new edge into a taken input replaces the old one (as ComfyUI and
 * Blender do) instead of leaving the user to delete it first.
 */
export function connect(design: Design, scope: Scope, c: Connection): Design {
  const edge = { id: edgeId(c), ...c };
  return updateGraph(design, scope, (g) => ({
    nodes: g.nodes,
    edges: [...g.edges.filter((e) => !(e.target === c.target && e.targetHandle === c.targetHandle) && e.id !== edge.id), edge],
  }));
}

export function moveNodes(design: Design, scope: Scope, positions: Readonly<Record<string, XY>>): Design {
  const moved = (n: DesignNode) => {
    const p = positions[n.id];
    return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
  };
  return updateGraph(design, scope, (g) => {
    const nodes = g.nodes.map(moved);
    return nodes.every((n, i) => n === g.nodes[i]) ? g : { nodes, edges: g.edges };
  });
}

function updateNode(design: Design, scope: Scope, id: string, update: (n: DesignNode) => DesignNode): Design {
  return updateGraph(design, scope, (g) => ({ nodes: g.nodes.map((n) => (n.id === id ? update(n) : n)), edges: g.edges }));
}

export function setParam(design: Design, scope: Scope, nodeId: string, key: string, value: unknown): Design {
  return updateNode(design, scope, nodeId, (n) => ({ ...n, params: { ...n.params, [key]: value } }));
}

export function setLabel(design: Design, scope: Scope, nodeId: string, label: string): Design {
  return updateNode(design, scope, nodeId, (n) => {
    const { label: _old, ...rest } = n;
    return label.trim() ? { ...rest, label } : rest;
  });
}

export function setSetting(design: Design, key: string, value: unknown): Design {
  return { ...design, training: { ...design.training, settings: { ...design.training.settings, [key]: value } } };
}

/**
 * The editor's auto-layout: left to right by data flow, with room for each block and each edge's shape label
 * (lib/editor/layout.ts). Sizes are estimated from what each block shows; `measured` (the canvas's sizes of the
 * blocks it has drawn) wins over the estimate.
 */
export function autoLayout(design: Design, scope: Scope, measured: Readonly<Record<string, Size>> = {}, report: DesignReport = validateDesign(design)): Design {
  const graph = getGraph(design, scope);
  if (!graph) return design;
  const views = describeGraph(design, graph, scope, report);
  const estimated = new Map<string, Size>();
  const node = (id: string): Size => {
    const m = own(measured, id);
    if (m && m.width > 0 && m.height > 0) return m;
    let e = estimated.get(id);
    if (!e) {
      const v = views.nodes.get(id);
      e = v ? estimateBlockSize(v) : { width: 224, height: 120 };
      estimated.set(id, e);
    }
    return e;
  };
  const label = (e: { id: string }) => estimateLabelSize(views.edges.get(e.id));
  return updateGraph(design, scope, (g) => ({ nodes: autoLayoutGraph(g.nodes, g.edges, { node, label }), edges: g.edges }));
}

/** Lays out every graph of a design (a preset opens laid out for the editor's blocks). */
export function layoutAll(design: Design): Design {
  const report = validateDesign(design);
  let d = autoLayout(design, { kind: 'training' }, {}, report);
  for (const n of design.networks) d = autoLayout(d, { kind: 'network', id: n.id }, {}, report);
  return d;
}

/** Suggests an id for a new network: G, then D, then E, then net_2, … */
export function suggestNetworkId(design: Design): string {
  const taken = new Set(design.networks.map((n) => n.id));
  return ['G', 'D', 'E'].find((id) => !taken.has(id)) ?? freshId('net', taken);
}

export function addNetwork(design: Design, id: string, role: NetworkRole = 'other', label?: string): Design {
  const net = { id, role, nodes: [], edges: [], ...(label ? { label } : {}) };
  return { ...design, networks: [...design.networks, net] };
}

export function setNetworkRole(design: Design, id: string, role: NetworkRole): Design {
  return { ...design, networks: design.networks.map((n) => (n.id === id ? { ...n, role } : n)) };
}

/** Renames a network's id, and every call and optimizer that names it, in one step. */
export function renameNetwork(design: Design, from: string, to: string): Design {
  if (from === to) return design;
  const retarget = (n: DesignNode): DesignNode => (n.params['network'] === from ? { ...n, params: { ...n.params, network: to } } : n);
  return {
    ...design,
    networks: design.networks.map((n) => (n.id === from ? { ...n, id: to, ...(n.label === from ? { label: to } : {}) } : n)),
    training: { ...design.training, nodes: design.training.nodes.map(retarget) },
  };
}

export function deleteNetwork(design: Design, id: string): Design {
  return { ...design, networks: design.networks.filter((n) => n.id !== id) };
}

/** Why a new network id cannot be used, or null when it can. */
export function networkIdProblem(design: Design, id: string, except?: string): string | null {
  if (!/^[A-Za-z]/.test(id)) return 'An id starts with a letter.';
  if (!isValidId(id)) return 'Use at most 64 letters, digits, "_" or "-".';
  if (id !== except && design.networks.some((n) => n.id === id)) return `There is already a network "${id}".`;
  return null;
}
