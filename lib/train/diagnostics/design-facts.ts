import type { Design } from '../../graph/schema';
import type { TrainingPlan } from '../plan';
import type { DesignFacts, Objective } from './types';

const OBJECTIVES: readonly Objective[] = ['non-saturating', 'minimax', 'wasserstein', 'hinge', 'least-squares'];

const param = (params: unknown, key: string): unknown => (params && typeof params === 'object' ? (params as Record<string, unknown>)[key] : undefined);

/**
 * What the health check needs of a design, read off its training plan: the objective behind D(x) / D(G(z)), the
 * Lipschitz constraints in force, who is a critic, the optimizers (for the links a suggestion follows).
 */
export function designFacts(plan: TrainingPlan, design: Design): DesignFacts {
  const term = plan.scoreTerm;
  const objective = param(term?.params, 'objective');
  const scores = param(term?.params, 'scores');
  const loss =
    term && typeof objective === 'string' && (OBJECTIVES as readonly string[]).includes(objective)
      ? { nodeId: term.id, objective: objective as Objective, scores: scores === 'probabilities' ? ('probabilities' as const) : ('logits' as const) }
      : null;
  const penalties = plan.terms
    .filter((t) => t.role.penalty)
    // The key objective.ts reports a term under: its id, with the side appended when it acts on both sides.
    .map((t) => {
      const w = param(t.params, 'weight') ?? param(t.params, 'gamma');
      return { nodeId: t.id, type: t.type, metric: t.role.sides(t.params).length > 1 ? `${t.id}.D` : t.id, weight: typeof w === 'number' ? w : 1 };
    });
  const clips = plan.phases.flatMap((p) => p.constraints.map((c) => c.id));
  const spectralNorm = design.networks.filter((n) => plan.critics.includes(n.id)).some((n) => n.nodes.some((x) => param(x.params, 'spectralNorm') === true));
  const optimizers = plan.optimizers.map((o) => {
    const lr = param(o.params, 'learningRate');
    const beta1 = param(o.params, 'beta1');
    return { nodeId: o.id, network: o.network, type: o.type, learningRate: typeof lr === 'number' ? lr : 0, beta1: typeof beta1 === 'number' ? beta1 : null };
  });
  const s = plan.settings;
  return { loss, penalties, clips: [...new Set(clips)], spectralNorm, critics: [...plan.critics], generators: [...plan.generators], optimizers, settings: { nCritic: s.nCritic, emaDecay: s.emaDecay, batchSize: s.batchSize } };
}
