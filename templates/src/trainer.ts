import * as tf from '@tensorflow/tfjs';
import { optimizers, settings as designSettings } from './config.js';
import type { ImageSets } from './data.js';
import { dataSources, drawSources, generated, generators, phases, realExamples, WASSERSTEIN, type DataSources, type Sources } from './graph.js';
import { registerComparisonGradients } from './lib/tfjs/comparison-gradients.js';
import { buildNetworks, type NetworkId, type Networks } from './models.js';
import { mulberry32, type Rng } from './lib/rng.js';
import { withRandom } from './lib/train/random.js';
import { withWeightsSwapped } from './lib/train/ema-weights.js';
import { readStepMetrics, type StepMetrics } from './lib/train/step-metrics.js';
import { makeOptimizer, sumOf, type Phase, type Settings, type StepContext } from './types.js';

/**
 * The training step, as GAN Studio's browser trainer runs it: one step is the reconstruction update (adversarial
 * autoencoders), nCritic critic updates (each followed by weight clipping), one generator update, then the moving
 * average of the generators' weights. Every update draws fresh sources, runs its objective under tf.variableGrads and
 * applies each network's gradients with that network's optimizer. All random draws come from one seeded generator in
 * the browser's order, so the same seed and weights give the same losses here and there.
 */

export type Training = {
  readonly networks: Networks;
  readonly optimizers: ReadonlyMap<NetworkId, tf.Optimizer>;
  /** Moving averages of the generators' weights (emaDecay > 0), used for samples. */
  readonly ema: ReadonlyMap<NetworkId, tf.Variable[]>;
  readonly settings: Settings;
  readonly data: DataSources;
  rng: Rng;
  step: number;
  fixed: Sources | null;
};

export type TrainingOptions = {
  images: ImageSets;
  /** Overrides of the design's settings (the command line's --seed, --batch). */
  settings?: Partial<Settings>;
};

export type { StepMetrics } from './lib/train/step-metrics.js';

/** Builds the networks (their initial weights drawn from the seed) and one optimizer per trained network. */
export function createTraining(opts: TrainingOptions): Training {
  registerComparisonGradients(tf);
  const settings = { ...designSettings, ...opts.settings };
  const rng = mulberry32(settings.seed);
  const networks = withRandom(rng, buildNetworks);
  const opt = new Map<NetworkId, tf.Optimizer>();
  for (const [id, o] of Object.entries(optimizers) as [NetworkId, (typeof optimizers)[NetworkId]][]) if (o) opt.set(id, makeOptimizer(o));
  const ema = new Map<NetworkId, tf.Variable[]>();
  if (settings.emaDecay > 0) for (const g of generators) ema.set(g, networks[g].getWeights().map((w) => tf.variable(w.clone(), false)));
  return { networks, optimizers: opt, ema, settings, data: dataSources(opts.images), rng, step: 0, fixed: null };
}

/** One training step; resolves once its metrics are read back (one GPU read per step). */
export async function trainStep(t: Training): Promise<StepMetrics> {
  const s = t.settings;
  const scalars: [string, tf.Tensor][] = [];
  const norms: [string, tf.Tensor][] = [];
  const keep = (name: string, v: tf.Tensor) => void scalars.push([name, tf.keep(v)]);
  const noiseStd = s.instanceNoise > 0 ? s.instanceNoise * Math.max(0, 1 - t.step / s.steps) : 0;

  // One scope for the whole step: whatever tfjs allocates along the way is freed here; metrics survive by tf.keep.
  withRandom(t.rng, () =>
    tf.tidy(() => {
      for (const phase of phases) {
        const times = phase.repeat ? s.nCritic : 1;
        for (let k = 0; k < times; k++) {
          const last = k === times - 1;
          update(t, phase, noiseStd, last ? keep : () => undefined, last ? norms : []);
          for (const c of phase.clips ?? []) clip(t.networks[c.network], c.clip);
        }
      }
      updateEma(t);
    }),
  );

  t.step++;
  return readStepMetrics(tf, t.step, scalars, norms, WASSERSTEIN);
}

/** One gradient update of the phase's networks on its objective. */
function update(t: Training, phase: Phase<NetworkId, Sources>, noiseStd: number, keep: (name: string, v: tf.Tensor) => void, norms: [string, tf.Tensor][]): void {
  const weightsOf = (n: NetworkId) => t.networks[n].trainableWeights.map((w) => w.read() as tf.Variable);
  const vars = phase.networks.flatMap(weightsOf);
  if (vars.length === 0) return;
  const sources = drawSources(t.settings.batchSize, t.rng, t.data);
  const ctx: StepContext = {
    rng: t.rng,
    // Instance noise on the critics' inputs (Sønderby 2016), never on labels.
    noisy: (x) => (noiseStd > 0 ? tf.add(x, tf.randomNormal(x.shape, 0, noiseStd, 'float32', t.rng.seed())) : x),
    metric: (name, v) => (keep(name, v), v),
  };
  const { grads } = tf.variableGrads(() => phase.objective(t.networks, sources, ctx), vars);
  for (const n of phase.networks) {
    const own: tf.NamedTensorMap = {};
    for (const v of weightsOf(n)) if (grads[v.name]) own[v.name] = grads[v.name]!;
    if (Object.keys(own).length === 0) continue;
    // sumOf, not one tf.addN: a network with 8 weight tensors would exceed WebGPU's storage-buffer limit (types.ts).
    norms.push([n, tf.keep(tf.tidy(() => tf.sqrt(sumOf(Object.values(own).map((g) => tf.sum(tf.square(g)))))))]);
    t.optimizers.get(n)?.applyGradients(own);
  }
  tf.dispose(Object.values(grads));
  tf.dispose(Object.values(sources).flatMap((r) => Object.values(r as Record<string, tf.Tensor>)));
}

/** The original WGAN's Lipschitz constraint (Arjovsky 2017): every critic weight clipped to [−c, c]. */
function clip(model: tf.LayersModel, c: number): void {
  for (const w of model.trainableWeights) {
    const v = w.read() as tf.Variable;
    tf.tidy(() => v.assign(tf.clipByValue(v, -c, c)));
  }
}

function updateEma(t: Training): void {
  const d = t.settings.emaDecay;
  if (d <= 0) return;
  for (const [g, shadow] of t.ema) {
    const ws = t.networks[g].getWeights();
    tf.tidy(() => shadow.forEach((s, i) => s.assign(tf.add(tf.mul(d, s), tf.mul(1 - d, ws[i]!)))));
  }
}

/**
 * Samples from sources drawn once with seed + 1 (so the grid shows the same z all through training), in inference
 * mode, with the moving-average weights of the generators when the design keeps them. `real` are the data examples of
 * that same draw, for 2-D plots. The caller disposes both.
 */
export function sample(t: Training, count: number): { fake: tf.Tensor; real: tf.Tensor | null } {
  if (!t.fixed) {
    const rng = mulberry32(t.settings.seed + 1);
    t.fixed = withRandom(rng, () => drawSources(count, rng, t.data));
  }
  const fixed = t.fixed;
  // Layers that add noise in inference too (StyleGAN's noise inputs) draw from their own fixed seed: the grid is
  // reproducible, and the training draws are left alone.
  const rng = mulberry32(t.settings.seed + 2);
  const out = withEmaWeights(t, () =>
    withRandom(rng, () =>
      tf.tidy(() => {
        const fake = tf.clone(generated(t.networks, fixed));
        const real = realExamples(t.networks, fixed);
        return real ? { fake, real: tf.clone(real) } : { fake };
      }),
    ),
  ) as { fake: tf.Tensor; real?: tf.Tensor };
  return { fake: out.fake, real: out.real ?? null };
}

/**
 * `count` fresh samples for evaluation: sources drawn from their own generator seeded with `seed` (neither the
 * training draws nor the fixed grid move), in inference mode, with the moving-average weights when kept.
 */
export function generate(t: Training, count: number, seed: number): tf.Tensor {
  const rng = mulberry32(seed);
  return withEmaWeights(t, () =>
    withRandom(rng, () => {
      const sources = drawSources(count, rng, t.data);
      try {
        return tf.tidy(() => tf.clone(generated(t.networks, sources)));
      } finally {
        tf.dispose(Object.values(sources).flatMap((r) => Object.values(r as Record<string, tf.Tensor>)));
      }
    }),
  );
}

function withEmaWeights<T>(t: Training, fn: () => T): T {
  return withWeightsSwapped([...t.ema].map(([g, shadow]) => [t.networks[g], shadow] as const), fn);
}

export function disposeTraining(t: Training): void {
  for (const m of Object.values(t.networks) as tf.LayersModel[]) m.dispose();
  for (const o of t.optimizers.values()) o.dispose();
  for (const vs of t.ema.values()) tf.dispose(vs);
  if (t.fixed) tf.dispose(Object.values(t.fixed).flatMap((r) => Object.values(r as Record<string, tf.Tensor>)));
  t.fixed = null;
}
