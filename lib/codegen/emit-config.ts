import type { JsonValue } from '../blocks/types';
import type { Design } from '../graph/schema';
import type { Shape } from '../shapes/shape';
import type { TrainingPlan } from '../train/plan';
import { jsDoc, key, lit, num, str } from './literals';

/**
 * src/config.ts: the design's settings, optimizers and data, as plain values to change by hand. Values come from the
 * parsed design (params with their defaults filled in), written as literals.
 */

export type ConfigCode = {
  settings: string;
  optimizers: string;
  datasets: string;
  domains: string;
  sampleKind: string;
  /** The generator makes MNIST digits (28×28 grey, from the mnist dataset): `npm run eval` scores them with the classifier. */
  mnistImages: boolean;
};

const SETTINGS_DOC: Record<string, string> = {
  batchSize: 'examples per update',
  steps: 'generator updates the schedule is planned for',
  nCritic: 'critic updates per generator update',
  seed: 'seed of every random draw',
  emaDecay: 'moving average of G’s weights for samples; 0 is off',
  instanceNoise: 'std of the noise on D’s inputs, annealed to 0',
  sampleEvery: 'steps between sample pictures',
};

export function emitConfig(design: Design, plan: TrainingPlan, generated: Shape | null): ConfigCode {
  const s = plan.settings;
  const settings = [
    jsDoc([`How “${design.name}” trains, as the design set it. The command line overrides the seed and the batch size.`]),
    'export const settings: Settings = {',
    ...Object.entries(SETTINGS_DOC).map(([k, doc]) => `  ${k}: ${num(Number((s as Record<string, unknown>)[k]))}, // ${doc}`),
    '};',
  ].join('\n');

  const optimizerLines = plan.optimizers.map((o) => {
    const p = o.params;
    const fields: [string, number][] =
      o.type === 'adam'
        ? [['learningRate', p['learningRate']!], ['beta1', p['beta1']!], ['beta2', p['beta2']!], ['epsilon', p['epsilon']!]]
        : o.type === 'rmsprop'
          ? [['learningRate', p['learningRate']!], ['decay', p['decay']!], ['momentum', p['momentum']!], ['epsilon', p['epsilon']!]]
          : [['learningRate', p['learningRate']!], ['momentum', p['momentum']!]];
    return `  ${key(o.network)}: { type: ${str(o.type)}, ${fields.map(([k, v]) => `${k}: ${num(Number(v))}`).join(', ')} },`;
  });
  const optimizers = [
    jsDoc(['One optimizer per trained network, so G and D can learn at their own rates (TTUR, Heusel 2017).']),
    'export const optimizers: Partial<Record<NetworkId, OptimizerConfig>> = {',
    ...optimizerLines,
    '};',
  ].join('\n');

  const nodes = [...plan.nodes.values()];
  const params = (type: string, fields: readonly string[]) =>
    nodes
      .filter((n) => n.type === type)
      .map((n) => `  ${key(n.id)}: ${lit(Object.fromEntries(fields.map((f) => [f, n.parsed[f] as JsonValue])))},`);
  const record = (name: string, type: string, lines: string[]) =>
    lines.length ? [`export const ${name} = {`, ...lines, `} satisfies Record<string, ${type}>;`].join('\n') : `export const ${name} = {} satisfies Record<string, ${type}>;`;
  const datasets = `${jsDoc(['The dataset nodes: which data, its layout and scaling, and its labels.'])}\n${record('datasets', 'DatasetParams', params('dataset', ['name', 'layout', 'range', 'labels', 'height', 'width', 'channels']))}`;
  const domains = `${jsDoc(['The two-domain nodes (image-to-image translation).'])}\n${record('domains', 'DomainsParams', params('domains', ['pair', 'range', 'height', 'width', 'channels']))}`;
  return { settings, optimizers, datasets, domains, ...emitSampleKind(plan, generated) };
}

/**
 * What the sample picture shows, from the shape of what the sample evaluates (graph.ts `generated`): images of the
 * data's size; or points — the first two coordinates of each example, e.g. an adversarial autoencoder's codes.
 */
function emitSampleKind(plan: TrainingPlan, generated: Shape | null): { sampleKind: string; mnistImages: boolean } {
  const data = [...plan.nodes.values()].find((n) => n.type === 'dataset' || n.type === 'domains');
  const p = data?.parsed ?? {};
  const doc = jsDoc(['What the sample picture shows: images, or the first two coordinates of each example as points.']);
  const mnist = p['name'] === 'mnist' || (data?.type === 'domains' && p['pair'] !== 'folders');
  const [h, w, c] = mnist ? [28, 28, 1] : [Number(p['height'] ?? 28), Number(p['width'] ?? 28), Number(p['channels'] ?? 1)];
  const perExample = generated ? generated.slice(1).reduce<number>((a, d) => a * (d ?? 0), 1) : 0;
  const toy = data?.type === 'dataset' && ['ring8', 'grid25', 'spiral'].includes(String(p['name']));
  if (!toy && perExample === h * w * c) {
    const range = String(p['range'] ?? '[-1,1]');
    const sampleKind = `${doc}\nexport const sampleKind: SampleKind = { kind: 'image', height: ${num(h)}, width: ${num(w)}, channels: ${c === 3 ? 3 : 1}, range: ${str(range === '[0,1]' ? '[0,1]' : '[-1,1]')} };`;
    return { sampleKind, mnistImages: data?.type === 'dataset' && p['name'] === 'mnist' };
  }
  const extent = p['name'] === 'grid25' ? 6 : p['name'] === 'spiral' ? 4 : toy ? 3 : 4;
  return { sampleKind: `${doc}\nexport const sampleKind: SampleKind = { kind: 'points', extent: ${extent}, dims: ${num(Math.max(perExample, 2))} };`, mnistImages: false };
}
