import type * as tfType from '@tensorflow/tfjs';
import type { ImageSets } from '../data/source';
import { callsUpstream, criticImage, isLabelRef, penaltyCall, phaseCalls, readPorts, type PhasePlan, type Ref, type TrainingPlan } from './plan';
import { sumOf, type Draw, type Phase, type StepContext, type StepProgram } from './step';

type Tf = typeof tfType;
type Tensor = tfType.Tensor;
type Networks = Readonly<Record<string, tfType.LayersModel>>;
type Values = Map<string, Readonly<Record<string, Tensor>>>;

/**
 * The app's side of the step: the plan interpreted. Each phase's objective runs the network calls upstream of its
 * terms in topological order (instance noise on the critics' inputs), then sums its terms, each computed by its
 * block's own function. An exported project runs the same functions from generated code (lib/codegen/emit-graph.ts),
 * in the same order, so every random draw comes out the same.
 */
export function interpretPlan(tf: Tf, plan: TrainingPlan, images: ImageSets): StepProgram<string, Draw> {
  const opened = plan.sources.map((s) => [s.id, s.role.open(tf, s.params, images)] as const);
  return {
    phases: plan.phases.map((ph) => phase(tf, plan, ph)),
    // In the design's node order: the order the exported project draws them in.
    draw: (batch, rng) => Object.fromEntries(opened.map(([id, src]) => [id, src.sample(batch, rng)])),
    wasserstein: plan.wasserstein,
  };
}

function phase(tf: Tf, plan: TrainingPlan, ph: PhasePlan): Phase<string, Draw> {
  const calls = phaseCalls(plan, ph);
  const scoreTerm = plan.scoreTerm;
  return {
    name: ph.name,
    networks: ph.networks,
    repeat: ph.repeat,
    constraints: ph.constraints.map((c) => ({ network: c.network, apply: (w) => c.role.apply(tf, c.params, w) })),
    objective: (networks, sources, ctx) => {
      const values = runCalls(tf, plan, networks, sources, calls, true, ctx);
      const parts: Tensor[] = [];
      const sided = (id: string, many: boolean) => (many ? `${id}.${ph.name === 'critic' ? 'D' : 'G'}` : id);
      for (const term of ph.terms) {
        const x: Record<string, Tensor> = {};
        let critic: ((x: Tensor) => Tensor) | undefined;
        if (term.role.penalty) {
          // A penalty differentiates the critic at its image input: it gets the images behind its score ports and the
          // critic re-run on another image with the real call's other inputs (labels).
          const first = penaltyCall(term);
          const image = criticImage(plan, first.node);
          const call = plan.calls.get(first.node)!;
          if (!image) throw new Error(`the critic call "${call.id}" has no image input`);
          for (const [port, ref] of term.inputs) {
            const t = valueOf(values, plan.calls.get(ref.node)?.feeds.get(image.port));
            if (t) x[port] = t;
          }
          const feeds = feedsOf(values, call.feeds);
          critic = (xi) => callNetwork(networks, call.network, plan, { ...feeds, [image.port]: xi }, true)[0]!;
        } else {
          for (const [port, ref] of readPorts(term, ph.name)) {
            const t = valueOf(values, ref);
            if (t) x[port] = t;
          }
        }
        const l = term.role.loss(tf, term.params, ph.name, x, { rng: ctx.rng, ...(critic ? { critic } : {}), ...(ctx.frozen ? { frozen: ctx.frozen } : {}) });
        if (!l) continue;
        parts.push(ctx.metric(sided(term.id, term.role.sides(term.params).length > 1), l));
        if (term === scoreTerm && ph.name === 'critic' && scoreTerm.role.scores?.real && scoreTerm.role.scores.fake) {
          ctx.metric('#dReal', tf.mean(x[scoreTerm.role.scores.real]!));
          ctx.metric('#dFake', tf.mean(x[scoreTerm.role.scores.fake]!));
        }
      }
      return sumOf(tf, parts) as tfType.Scalar;
    },
  };
}

const valueOf = (values: Values, ref: Ref | undefined): Tensor | undefined => (ref ? values.get(ref.node)?.[ref.port] : undefined);

function feedsOf(values: Values, feeds: ReadonlyMap<string, Ref>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [port, ref] of feeds) {
    const t = valueOf(values, ref);
    if (t) out[port] = t;
  }
  return out;
}

/** Runs `calls` in order on a draw; with a context, the critics' non-label inputs get the step's instance noise. */
export function runCalls(tf: Tf, plan: TrainingPlan, networks: Networks, sources: Draw, calls: readonly string[], training: boolean, ctx?: StepContext): Values {
  const values: Values = new Map(Object.entries(sources));
  for (const id of calls) {
    const call = plan.calls.get(id)!;
    const noisy = ctx && plan.critics.includes(call.network);
    const feeds: Record<string, Tensor> = {};
    for (const [port, ref] of call.feeds) {
      const t = valueOf(values, ref);
      if (!t) continue;
      feeds[port] = noisy && !isLabelRef(plan, ref) ? ctx.noisy(t) : t;
    }
    const outs = callNetwork(networks, call.network, plan, feeds, training);
    values.set(id, Object.fromEntries(call.outputs.map((o, i) => [o, outs[i]!])));
  }
  return values;
}

/** Runs a network on its inputs, given by port (the ids of its Input blocks, in their order). */
function callNetwork(networks: Networks, network: string, plan: TrainingPlan, feeds: Record<string, Tensor>, training: boolean): Tensor[] {
  const inputs = plan.networkInputs.get(network)!.map((p) => feeds[p]!);
  const out = networks[network]!.apply(inputs.length === 1 ? inputs[0]! : inputs, { training });
  return Array.isArray(out) ? (out as Tensor[]) : [out as Tensor];
}

/** What `ref` holds for a draw, in inference mode (for samples); the caller tidies. */
export function evaluateRef(tf: Tf, plan: TrainingPlan, networks: Networks, sources: Draw, ref: Ref): Tensor {
  const calls = plan.calls.has(ref.node) ? callsUpstream(plan, [ref.node]) : [];
  return runCalls(tf, plan, networks, sources, calls, false).get(ref.node)![ref.port]!;
}
