import type { BlockRegistry } from '../blocks/registry';
import { SIDES, type AnyBlock, type ConstraintRole, type OptimizerRole, type Side, type SourceRole, type TermRole } from '../blocks/types';
import type { Design, DesignNode, Network, Settings } from '../graph/schema';
import type { DesignReport } from '../validate/validate';

/** A reference to one output port of a training-graph node. */
export type Ref = { node: string; port: string };

type Planned<R> = { id: string; label?: string | undefined; type: string; params: unknown; role: R };

/** A source node: what it draws every update. */
export type SourcePlan = Planned<SourceRole<unknown>> & { ports: readonly string[]; labelPorts: readonly string[] };
/** A call of a network: which network, fed from where (input port → ref), and the network's output ports in order. */
export type CallPlan = { id: string; label?: string | undefined; network: string; feeds: ReadonlyMap<string, Ref>; outputs: readonly string[] };
/** A loss term or penalty, with the refs feeding its ports and, when it reads a critic's scores, that critic. */
export type TermPlan = Planned<TermRole<unknown>> & { inputs: ReadonlyMap<string, Ref>; critic: string | null };
export type ConstraintPlan = Planned<ConstraintRole<unknown>> & { network: string };
export type OptimizerPlan = Planned<OptimizerRole<unknown>> & { network: string };

/** One kind of update: the terms it sums, the networks it trains, whether it repeats nCritic times, its constraints. */
export type PhasePlan = { name: Side; terms: readonly TermPlan[]; networks: readonly string[]; repeat: boolean; constraints: readonly ConstraintPlan[] };

/**
 * What a training step does, read off the design once by asking each node's block for its role: sources, network
 * calls, terms grouped into phases (reconstruction, critic, generator), constraints and optimizers. The app
 * interprets it (objective.ts); the code generator writes it out; nothing here knows a block type by name.
 */
export type TrainingPlan = {
  order: readonly string[];
  sources: readonly SourcePlan[];
  calls: ReadonlyMap<string, CallPlan>;
  /** Each network's input ports (its Input blocks' ids), in the order the model takes them. */
  networkInputs: ReadonlyMap<string, readonly string[]>;
  terms: readonly TermPlan[];
  phases: readonly PhasePlan[];
  /** Networks trained on the critic side (those whose scores critic-side terms read). */
  critics: readonly string[];
  /** Networks trained on the generator side: every other optimised network. */
  generators: readonly string[];
  optimizers: readonly OptimizerPlan[];
  /** The term that reports mean D(x) and D(G(z)): the first, by id, that reads real and fake scores. */
  scoreTerm: TermPlan | null;
  wasserstein: boolean;
  settings: Settings;
};

export class PlanError extends Error {}

export function planTraining(design: Design, report: DesignReport, registry: BlockRegistry): TrainingPlan {
  if (!report.ok) throw new PlanError('the design has errors; fix them before training (run "gan validate").');
  const t = design.training;
  const inputs = new Map<string, Map<string, Ref>>();
  for (const e of t.edges) {
    const m = inputs.get(e.target) ?? new Map<string, Ref>();
    m.set(e.targetHandle, { node: e.source, port: e.sourceHandle });
    inputs.set(e.target, m);
  }
  const netById = new Map(design.networks.map((n) => [n.id, n]));
  const ports = (net: Network, type: 'input' | 'output') => net.nodes.filter((x) => x.type === type).map((x) => x.id);
  const parsed = (n: DesignNode) => report.training.nodes[n.id]?.params;
  const block = (n: DesignNode): AnyBlock => {
    const b = registry.get(n.type);
    if (!b) throw new PlanError(`"${n.id}" is a "${n.type}", which this GAN Studio does not know.`);
    return b;
  };
  const planned = <R>(n: DesignNode, role: R): Planned<R> => ({ id: n.id, label: n.label, type: n.type, params: parsed(n), role });

  const calls = new Map<string, CallPlan>();
  const sources: SourcePlan[] = [];
  const terms: TermPlan[] = [];
  const constraintNodes: { n: DesignNode; role: ConstraintRole<unknown> }[] = [];
  const optimizers: OptimizerPlan[] = [];
  const feedsOf = (id: string): ReadonlyMap<string, Ref> => inputs.get(id) ?? new Map<string, Ref>();
  const networkBehind = (node: string, port: string): string => {
    const ref = feedsOf(node).get(port);
    if (!ref) throw new PlanError(`"${node}" has no input "${port}" connected.`);
    const call = calls.get(ref.node);
    if (!call) throw new PlanError(`"${ref.node}" must be a network call (a discriminator's score).`);
    return call.network;
  };

  // Calls first: terms and constraints name the critic behind their score ports.
  for (const n of t.nodes) {
    const network = block(n).network?.(parsed(n));
    if (network === undefined) continue;
    const net = netById.get(network);
    if (!net) throw new PlanError(`"${n.id}" calls "${network}", which is not a network of this design.`);
    calls.set(n.id, { id: n.id, label: n.label, network, feeds: feedsOf(n.id), outputs: ports(net, 'output') });
  }
  for (const n of t.nodes) {
    const b = block(n);
    const p = parsed(n);
    if (b.source) sources.push({ ...planned(n, b.source), ports: b.outputs(p, { networks: new Map() }).map((x) => x.id), labelPorts: b.source.labelPorts?.(p) ?? [] });
    if (b.term) {
      const scorePort = b.term.scores?.real ?? b.term.scores?.fake;
      terms.push({ ...planned(n, b.term), inputs: feedsOf(n.id), critic: scorePort ? networkBehind(n.id, scorePort) : null });
    }
    if (b.constraint) constraintNodes.push({ n, role: b.constraint });
    if (b.optimizer) optimizers.push({ ...planned(n, b.optimizer), network: b.optimizer.network(p) });
  }

  const onCritic = (x: TermPlan) => x.role.sides(x.params).includes('critic');
  const critics = [...new Set(terms.filter((x) => onCritic(x) && x.critic !== null).map((x) => x.critic!))];
  const generators = optimizers.map((o) => o.network).filter((n) => !critics.includes(n));
  const constraints = constraintNodes.map(({ n, role }) => ({ ...planned(n, role), network: networkBehind(n.id, role.port) }));
  const phases: PhasePlan[] = [];
  for (const side of SIDES) {
    const mine = terms.filter((x) => x.role.sides(x.params).includes(side));
    if (mine.length === 0) continue;
    const critic = side === 'critic';
    phases.push({ name: side, terms: mine, networks: critic ? critics : generators, repeat: critic, constraints: critic ? constraints : [] });
  }
  const scoreTerm = [...terms].filter((x) => x.role.scores?.real && x.role.scores.fake && !x.role.penalty).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0] ?? null;
  const wasserstein = terms.some((x) => x.role.wasserstein?.(x.params) === true);
  const networkInputs = new Map(design.networks.map((n) => [n.id, ports(n, 'input')]));
  return { order: report.training.order, sources, calls, networkInputs, terms, phases, critics, generators, optimizers, scoreTerm, wasserstein, settings: t.settings };
}

/** Whether `ref` carries class labels (a source's label port): no instance noise, not a penalty's image. */
export function isLabelRef(plan: TrainingPlan, ref: Ref): boolean {
  return plan.sources.some((s) => s.id === ref.node && s.labelPorts.includes(ref.port));
}

/** Call nodes upstream of `ids` (inclusive of the walk's start), in the training graph's topological order. */
export function callsUpstream(plan: TrainingPlan, ids: readonly string[]): string[] {
  const need = new Set<string>();
  const visit = (id: string) => {
    if (need.has(id)) return;
    need.add(id);
    const refs = plan.calls.get(id)?.feeds ?? plan.terms.find((x) => x.id === id)?.inputs;
    for (const r of refs?.values() ?? []) visit(r.node);
  };
  ids.forEach(visit);
  return plan.order.filter((id) => need.has(id) && plan.calls.has(id));
}

/**
 * The calls an update evaluates: those upstream of the ports each of its terms reads on the phase's side (a penalty
 * reads all of its own). The generator's update of a standard GAN reads D(G(z)) only, so D(x) is not run there: it
 * would cost a critic forward pass and move nothing but the critic's batch-norm statistics.
 */
export function phaseCalls(plan: TrainingPlan, phase: PhasePlan): string[] {
  return callsUpstream(
    plan,
    phase.terms.flatMap((t) => (t.role.penalty ? [...t.inputs] : readPorts(t, phase.name)).map(([, ref]) => ref.node)),
  );
}

/** The (port, ref) pairs a term reads on `side`: all its inputs unless its role says which (`reads`). */
export function readPorts(t: TermPlan, side: Side): [string, Ref][] {
  const reads = t.role.reads?.(t.params, side);
  return [...t.inputs].filter(([port]) => !reads || reads.includes(port));
}

/** The critic call a penalty differentiates: the one behind its real-score port (whose other inputs, e.g. labels, it reuses). */
export function penaltyCall(term: TermPlan): Ref {
  const port = term.role.scores?.real ?? term.role.scores?.fake;
  const ref = port ? term.inputs.get(port) : undefined;
  if (!ref) throw new PlanError(`the penalty "${term.id}" has no critic score connected`);
  return ref;
}

/** The image a critic call is fed (its first input that is not a label), and which of its ports that is. */
export function criticImage(plan: TrainingPlan, callId: string): { port: string; ref: Ref } | null {
  for (const [port, ref] of plan.calls.get(callId)?.feeds ?? []) if (!isLabelRef(plan, ref)) return { port, ref };
  return null;
}

/** The first term, in the design's order, that compares a critic's scores on real and generated data. */
export function firstScored(plan: TrainingPlan): TermPlan | undefined {
  return plan.terms.find((x) => x.role.scores?.real && x.role.scores.fake && !x.role.penalty);
}

/** What generated examples are: the generated input of the first scored term's fake call, else a reconstruction's output. */
export function generatedRef(plan: TrainingPlan): Ref {
  const scored = firstScored(plan);
  const fake = scored?.role.scores?.fake ? scored.inputs.get(scored.role.scores.fake) : undefined;
  if (fake) return (plan.calls.has(fake.node) ? criticImage(plan, fake.node)?.ref : undefined) ?? fake;
  const out = plan.terms.find((x) => x.role.output);
  const ref = out?.role.output ? out.inputs.get(out.role.output) : undefined;
  if (!ref) throw new PlanError('the design has no term whose output could be sampled');
  return ref;
}

/**
 * The critic scores that rank generated samples when the design keeps only the critic's best (`criticKeep`,
 * critic-ranking.ts): the fake-score input of the first scored term, an output of a critic call. Null when none.
 */
export function rankingScores(plan: TrainingPlan): Ref | null {
  const term = firstScored(plan);
  const port = term?.role.scores?.fake;
  const ref = port ? term.inputs.get(port) : undefined;
  return ref && plan.calls.has(ref.node) ? ref : null;
}

/** The real examples the first scored term's real call is fed, for 2-D plots beside the generated ones. */
export function realRef(plan: TrainingPlan): Ref | null {
  const scored = firstScored(plan);
  const real = scored?.role.scores?.real ? scored.inputs.get(scored.role.scores.real) : undefined;
  return real && plan.calls.has(real.node) ? (criticImage(plan, real.node)?.ref ?? null) : null;
}
