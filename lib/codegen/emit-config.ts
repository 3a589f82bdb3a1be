import type { JsonValue } from '../blocks/types';
import type { Design } from '../graph/schema';
import type { Shape } from '../shapes/shape';
import { dataReference } from '../train/evaluation';
import { pairedTarget } from '../train/evaluation-paired';
import type { TrainingPlan } from '../train/plan';
import { jsDoc, key, lit, num } from './literals';

/**
 * src/config.ts: the design's settings, optimizers and data, as plain values to change by hand. Values come from the
 * parsed design (params with their defaults filled in), written as literals; each optimizer is its block's function.
 */

export type ConfigCode = {
  settings: string;
  optimizers: string;
  data: string[];
  /** Runtime functions the code calls, by lib module. */
  imports: ReadonlyMap<string, ReadonlySet<string>>;
  /** The generator makes MNIST digits (28×28 grey, from the mnist dataset): `npm run eval` scores them with the classifier. */
  mnistImages: boolean;
  /** A loss term reads the frozen MNIST classifier (the feature loss): training loads it from eval/mnist-classifier/. */
  trainsWithClassifier: boolean;
  /** A paired image-to-image design: `npm run eval` scores G(A) against B, with the classifier among its measures. */
  paired: boolean;
};

const SETTINGS_DOC: Record<string, string> = {
  batchSize: 'examples per update',
  steps: 'generator updates the schedule is planned for',
  nCritic: 'critic updates per generator update',
  seed: 'seed of every random draw',
  emaDecay: 'moving average of G’s weights for samples; 0 is off',
  instanceNoise: 'std of the noise on D’s inputs, annealed to 0',
  sampleEvery: 'steps between sample pictures',
  criticKeep: 'share of candidates npm run eval keeps, those D scores most real; 1 keeps all',
};

export function emitConfig(design: Design, plan: TrainingPlan, generated: Shape | null): ConfigCode {
  const s = plan.settings;
  const settings = [
    jsDoc([`How “${design.name}” trains, as the design set it. The command line overrides the seed and the batch size.`]),
    'export const settings: Settings = {',
    ...Object.entries(SETTINGS_DOC).map(([k, doc]) => `  ${k}: ${num(Number((s as Record<string, unknown>)[k]))}, // ${doc}`),
    '};',
  ].join('\n');

  const imports = new Map<string, Set<string>>();
  const optimizerLines = plan.optimizers.map((o) => {
    const names = imports.get(o.role.code.module) ?? new Set<string>();
    names.add(o.role.code.name);
    imports.set(o.role.code.module, names);
    return `  ${key(o.network)}: () => ${o.role.code.name}(tf, ${lit(o.params as JsonValue)}),`;
  });
  const optimizers = [
    jsDoc(['One optimizer per trained network, so G and D can learn at their own rates (TTUR, Heusel 2017).']),
    'export const optimizers: Partial<Record<NetworkId, () => tf.Optimizer>> = {',
    ...optimizerLines,
    '};',
  ].join('\n');

  const needs = plan.sources.flatMap((x) => x.role.imageSets?.(x.params) ?? []);
  const unique = [...new Map(needs.map((n) => [n.name, n])).values()];
  const reference = dataReference(plan);
  const frozen = [...new Set(plan.terms.flatMap((t) => t.role.frozen?.(t.params) ?? []))];
  const data = [
    `${jsDoc(['The image sets the sources read, loaded before training: MNIST from its package, your folders from --data, --data-a, --data-b, --pairs.'])}\nexport const imageSets: readonly ImageSetNeed[] = ${lit(unique as unknown as JsonValue)};`,
    `${jsDoc(['Frozen networks the loss terms read (never trained): the feature loss’s MNIST classifier, loaded from eval/mnist-classifier/.'])}\nexport const frozenNetworks: readonly FrozenName[] = ${lit(frozen)};`,
    `${jsDoc(['The real distribution the data stands for, which decides what `npm run eval` measures.'])}\nexport const reference: DataReference | null = ${lit(reference as JsonValue)};`,
  ];
  const kind = emitSampleKind(plan, generated);
  data.push(kind.sampleKind);
  // The same test as GAN Studio's own paired evaluation: a paired source's A alone feeds the sampled generator.
  const target = pairedTarget(plan);
  const paired = target ? { pair: target.pair, range: target.range, network: target.network } : null;
  data.push(`${jsDoc(['A paired image-to-image design’s generator and its MNIST pairs: `npm run eval` scores G(A) against B (src/eval-paired.ts).'])}\nexport const paired: PairedTarget<NetworkId> | null = ${lit(paired)};`);
  return { settings, optimizers, data, imports, mnistImages: kind.mnistImages, trainsWithClassifier: frozen.includes('mnist-classifier'), paired: paired !== null };
}

export type SampleKind = { kind: 'image'; height: number; width: number; channels: 1 | 3; range: '[-1,1]' | '[0,1]' } | { kind: 'points'; extent: number; dims: number };

/**
 * What the sample picture shows, from the shape of what the sample evaluates (graph.ts `generated`): images of the
 * data's size; or points — the first two coordinates of each example, e.g. an adversarial autoencoder's codes.
 */
export function sampleKindOf(plan: TrainingPlan, generated: Shape | null): { kind: SampleKind; mnistImages: boolean } {
  const reference = dataReference(plan);
  const image = plan.sources.map((x) => ({ x, needs: x.role.imageSets?.(x.params) ?? [] })).find((s) => s.needs.length > 0 || s.x.role.pixelRange);
  const p = (image?.x.params ?? {}) as { height?: number; width?: number; channels?: number; range?: string };
  const folder = image?.needs.find((n) => n.name !== 'mnist');
  const [h, w, c] = folder && 'height' in folder ? [folder.height, folder.width, folder.channels] : image?.needs.length ? [28, 28, 1] : [Number(p.height ?? 28), Number(p.width ?? 28), Number(p.channels ?? 1)];
  const perExample = generated ? generated.slice(1).reduce<number>((a, d) => a * (d ?? 0), 1) : 0;
  const points = image === undefined || image.needs.length === 0;
  if (!points && perExample === h * w * c) {
    return { kind: { kind: 'image', height: h, width: w, channels: c === 3 ? 3 : 1, range: p.range === '[0,1]' ? '[0,1]' : '[-1,1]' }, mnistImages: reference?.kind === 'mnist' };
  }
  // The mixtures' modes lie within ±2 (ring8) and ±4 (grid25); anything else gets a wider frame.
  const extent = reference?.kind === 'mixture' ? (reference.name === 'grid25' ? 6 : 3) : 4;
  return { kind: { kind: 'points', extent, dims: Math.max(perExample, 2) }, mnistImages: false };
}

function emitSampleKind(plan: TrainingPlan, generated: Shape | null): { sampleKind: string; mnistImages: boolean } {
  const { kind, mnistImages } = sampleKindOf(plan, generated);
  const doc = jsDoc(['What the sample picture shows: images, or the first two coordinates of each example as points.']);
  return { sampleKind: `${doc}\nexport const sampleKind: SampleKind = ${lit(kind as unknown as JsonValue)};`, mnistImages };
}
