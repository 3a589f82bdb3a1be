import { layeredLayout } from '../graph/layout';
import { DESIGN_VERSION, zSettings, type Design, type DesignEdge, type DesignNode, type Network, type NetworkRole, type Settings } from '../graph/schema';

type Params = Record<string, unknown>;
/** A port reference: a node id (its "out" port) or [node id, port]. */
export type Ref = string | readonly [string, string];
/** A layer in a chain: [id, type, params?]. */
export type Step = readonly [string, string, Params?];

/** Builds one graph (a network's layers or the training graph) by name, the way a person draws it. */
export class GraphBuilder {
  readonly nodes: DesignNode[] = [];
  readonly edges: DesignEdge[] = [];

  node(id: string, type: string, params: Params = {}, label?: string): string {
    this.nodes.push({ id, type, params, position: { x: 0, y: 0 }, ...(label ? { label } : {}) });
    return id;
  }

  connect(from: Ref, to: string, toPort = 'in'): void {
    const [source, sourceHandle] = typeof from === 'string' ? [from, 'out'] : from;
    this.edges.push({ id: `${source}.${sourceHandle}->${to}.${toPort}`, source, sourceHandle, target: to, targetHandle: toPort });
  }

  /** Adds layers one after another from `from`; returns the last one's id. */
  chain(from: Ref, steps: readonly Step[]): string {
    let prev: Ref = from;
    for (const [id, type, params] of steps) {
      this.node(id, type, params ?? {});
      this.connect(prev, id);
      prev = id;
    }
    return typeof prev === 'string' ? prev : prev[0];
  }

  laidOut(): { nodes: DesignNode[]; edges: DesignEdge[] } {
    return { nodes: layeredLayout(this.nodes, this.edges), edges: [...this.edges] };
  }
}

/** A network whose layers run in sequence from one input to one output. */
export function sequential(id: string, role: NetworkRole, label: string, inputShape: number[], steps: readonly Step[]): Network {
  return network(id, role, label, (g) => {
    g.node('in', 'input', { shape: inputShape }, 'input');
    const last = g.chain('in', steps);
    g.node('out', 'output', {}, 'output');
    g.connect(last, 'out');
  });
}

export function network(id: string, role: NetworkRole, label: string, draw: (g: GraphBuilder) => void): Network {
  const g = new GraphBuilder();
  draw(g);
  return { id, role, label, ...g.laidOut() };
}

export type DesignMeta = Pick<Design, 'name' | 'description' | 'paper'>;

export function design(meta: DesignMeta, networks: Network[], drawTraining: (g: GraphBuilder) => void, settings: Partial<Settings> = {}): Design {
  const g = new GraphBuilder();
  drawTraining(g);
  return { version: DESIGN_VERSION, ...meta, networks, training: { ...g.laidOut(), settings: zSettings.parse(settings) } };
}

/**
 * The training graph most GANs share: z → G → D(fake), data → D(real), one adversarial loss, one optimizer each.
 * `extra` adds penalties or more terms, given the ids of the calls.
 */
export function standardGan(opts: {
  noise?: Params;
  data: Params;
  loss: Params;
  /** The loss block behind `loss`'s params; the standard adversarial loss unless named. */
  lossType?: 'adversarialLoss' | 'relativisticLoss';
  gOptimizer: readonly [string, Params];
  dOptimizer: readonly [string, Params];
  extra?: (g: GraphBuilder, ids: { dReal: string; dFake: string; gCall: string }) => void;
}): (g: GraphBuilder) => void {
  return (g) => {
    g.node('z', 'noise', { dim: 100, ...opts.noise });
    g.node('data', 'dataset', opts.data);
    const gCall = g.node('G_call', 'call', { network: 'G' }, 'G(z)');
    const dReal = g.node('D_real', 'call', { network: 'D' }, 'D(x)');
    const dFake = g.node('D_fake', 'call', { network: 'D' }, 'D(G(z))');
    g.connect(['z', 'z'], gCall);
    g.connect([gCall, 'out'], dFake);
    g.connect(['data', 'x'], dReal);
    g.node('loss', opts.lossType ?? 'adversarialLoss', opts.loss);
    g.connect([dReal, 'out'], 'loss', 'real');
    g.connect([dFake, 'out'], 'loss', 'fake');
    g.node('opt_G', opts.gOptimizer[0], { network: 'G', ...opts.gOptimizer[1] });
    g.node('opt_D', opts.dOptimizer[0], { network: 'D', ...opts.dOptimizer[1] });
    opts.extra?.(g, { dReal, dFake, gCall });
  };
}
