import type { Design, DesignNode, Settings } from '../graph/schema';
import type { DesignReport } from '../validate/validate';

/** A reference to one output port of a training-graph node. */
export type Ref = { node: string; port: string };

export type AdversarialTerm = {
  kind: 'adversarial';
  id: string;
  objective: 'non-saturating' | 'minimax' | 'wasserstein' | 'hinge' | 'least-squares';
  scores: 'logits' | 'probabilities';
  realLabel: number;
  weight: number;
  real: Ref;
  fake: Ref;
  critic: string;
};
export type GradientPenaltyTerm = { kind: 'gradientPenalty'; id: string; weight: number; target: number; real: Ref; fake: Ref; critic: string };
export type R1Term = { kind: 'r1'; id: string; gamma: number; real: Ref; critic: string };
export type DistanceTerm = { kind: 'distance'; id: string; type: 'reconstruction' | 'cycleConsistency' | 'identity'; norm: 'l1' | 'l2'; weight: number; target: Ref; output: Ref };
export type Term = AdversarialTerm | GradientPenaltyTerm | R1Term | DistanceTerm;

export type OptimizerPlan = { id: string; network: string; type: 'adam' | 'rmsprop' | 'sgd'; params: Record<string, number> };

/**
 * What a training step does, read off the design once: which nodes are sources and calls, which loss terms train
 * the critics (D side) and which train everything upstream of the fakes (G side), with which optimizer.
 */
export type TrainingPlan = {
  order: string[];
  nodes: ReadonlyMap<string, DesignNode & { parsed: Record<string, unknown> }>;
  /** Input port → the ref feeding it, per node. */
  inputs: ReadonlyMap<string, ReadonlyMap<string, Ref>>;
  terms: Term[];
  critics: string[];
  /** Networks the G-side update trains (everything with an optimizer that is not a critic). */
  generators: string[];
  clips: { critic: string; clip: number }[];
  optimizers: OptimizerPlan[];
  settings: Settings;
};

export class PlanError extends Error {}

export function planTraining(design: Design, report: DesignReport): TrainingPlan {
  if (!report.ok) throw new PlanError('the design has errors; fix them before training (run "gan validate").');
  const t = design.training;
  const nodes = new Map(t.nodes.map((n) => [n.id, { ...n, parsed: (report.training.nodes[n.id]?.params ?? {}) as Record<string, unknown> }]));
  const inputs = new Map<string, Map<string, Ref>>();
  for (const e of t.edges) {
    const m = inputs.get(e.target) ?? new Map<string, Ref>();
    m.set(e.targetHandle, { node: e.source, port: e.sourceHandle });
    inputs.set(e.target, m);
  }
  const feed = (node: string, port: string): Ref => {
    const r = inputs.get(node)?.get(port);
    if (!r) throw new PlanError(`"${node}" has no input "${port}" connected.`);
    return r;
  };
  const networkOf = (ref: Ref): string => {
    const n = nodes.get(ref.node);
    if (n?.type !== 'call') throw new PlanError(`"${ref.node}" must be a network call (a discriminator's score).`);
    return String(n.parsed['network']);
  };

  const terms: Term[] = [];
  const clips: { critic: string; clip: number }[] = [];
  for (const n of nodes.values()) {
    const p = n.parsed;
    switch (n.type) {
      case 'adversarialLoss': {
        const real = feed(n.id, 'real');
        const fake = feed(n.id, 'fake');
        terms.push({ kind: 'adversarial', id: n.id, objective: p['objective'] as AdversarialTerm['objective'], scores: p['scores'] as AdversarialTerm['scores'], realLabel: Number(p['realLabel']), weight: Number(p['weight']), real, fake, critic: networkOf(real) });
        break;
      }
      case 'gradientPenalty': {
        const real = feed(n.id, 'real');
        terms.push({ kind: 'gradientPenalty', id: n.id, weight: Number(p['weight']), target: Number(p['target']), real, fake: feed(n.id, 'fake'), critic: networkOf(real) });
        break;
      }
      case 'r1Penalty': {
        const real = feed(n.id, 'real');
        terms.push({ kind: 'r1', id: n.id, gamma: Number(p['gamma']), real, critic: networkOf(real) });
        break;
      }
      case 'reconstruction':
      case 'cycleConsistency':
      case 'identity':
        terms.push({ kind: 'distance', id: n.id, type: n.type, norm: p['norm'] as 'l1' | 'l2', weight: Number(p['weight']), target: feed(n.id, 'target'), output: feed(n.id, 'output') });
        break;
      case 'weightClip':
        clips.push({ critic: networkOf(feed(n.id, 'score')), clip: Number(p['clip']) });
        break;
    }
  }
  const optimizers: OptimizerPlan[] = [...nodes.values()]
    .filter((n) => n.type === 'adam' || n.type === 'rmsprop' || n.type === 'sgd')
    .map((n) => {
      const { network, ...rest } = n.parsed;
      return { id: n.id, network: String(network), type: n.type as OptimizerPlan['type'], params: rest as Record<string, number> };
    });
  const critics = [...new Set(terms.filter((x) => x.kind !== 'distance').map((x) => (x as { critic: string }).critic))];
  const generators = optimizers.map((o) => o.network).filter((n) => !critics.includes(n));
  return { order: report.training.order, nodes, inputs, terms, critics, generators, clips, optimizers, settings: t.settings };
}
