import type { Shape } from '../shapes/shape';
import { callsUpstream, generatedRef, type Ref, type TrainingPlan } from '../train/plan';
import type { DesignReport } from '../validate/validate';

/**
 * What an exported project's `sample --noise FILE` feeds the generator: the one noise source port that the sample's
 * network calls read (the explorer's latent, as lib/train/trainer.ts latentSpace finds it) and, for a conditional
 * design, the class-label port, with its encoding. Written into graph.ts and graph.py as LATENT.
 */
export type LatentInput = {
  node: string;
  port: string;
  dim: number;
  distribution: 'normal' | 'uniform';
  /** σ of the normal z is drawn from (`--seed` draws), 1 for the plain noise source. */
  scale: number;
  labels: { node: string; port: string; classes: number; encoding: 'one-hot' | 'index' } | null;
};

/**
 * The generator's latent input, or why `--noise` cannot choose what the generator reads: only a design whose sample
 * reads one noise vector (and class labels) and no other source can be rendered from vectors alone.
 */
export function latentInput(plan: TrainingPlan, report: DesignReport): LatentInput | string {
  const gen = generatedRef(plan);
  const sources = new Map(plan.sources.map((s) => [s.id, s] as const));
  const fed = new Map<string, Ref>();
  for (const id of callsUpstream(plan, [gen.node])) {
    for (const ref of plan.calls.get(id)?.feeds.values() ?? []) if (sources.has(ref.node)) fed.set(`${ref.node}\0${ref.port}`, ref);
  }
  const refs = [...fed.values()];
  const labels = refs.filter((r) => sources.get(r.node)!.labelPorts.includes(r.port));
  const latent = refs.filter((r) => !labels.includes(r) && !sources.get(r.node)!.role.reference);
  const shape = (r: Ref): Shape | undefined => report.training.nodes[r.node]?.outputs[r.port];
  const z = latent[0];
  const zShape = z ? shape(z) : undefined;
  if (latent.length !== 1 || !z || zShape?.length !== 2 || typeof zShape[1] !== 'number') return 'its generator is not fed by one noise vector';
  if (labels.length > 1) return 'its generator reads more than one set of class labels';
  if (latent.length + labels.length !== refs.length) return 'its generator reads data besides its noise and class labels';
  const params = (sources.get(z.node)!.params ?? {}) as { distribution?: unknown; stdDev?: unknown };
  let y: LatentInput['labels'] = null;
  const l = labels[0];
  if (l) {
    const yShape = shape(l);
    const k = yShape?.[1];
    const numClasses = (sources.get(l.node)!.params as { numClasses?: unknown } | null)?.numClasses;
    const oneHot = typeof k === 'number' && k !== 1;
    const classes = oneHot ? k : typeof numClasses === 'number' ? numClasses : null;
    if (classes === null) return 'its generator reads class labels whose number of classes is unknown';
    y = { node: l.node, port: l.port, classes, encoding: oneHot ? 'one-hot' : 'index' };
  }
  return {
    node: z.node,
    port: z.port,
    dim: zShape[1],
    distribution: params.distribution === 'uniform' ? 'uniform' : 'normal',
    scale: typeof params.stdDev === 'number' ? params.stdDev : 1,
    labels: y,
  };
}
