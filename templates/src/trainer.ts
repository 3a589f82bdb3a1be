import * as tf from '@tensorflow/tfjs';
import { frozenNetworks, optimizers, settings as designSettings } from './config.js';
import { loadFrozen } from './frozen.js';
import { CRITIC_PACK, dataSources, drawSources, generated, generators, phases, realExamples, scoredSamples, WASSERSTEIN, type DataSources, type Sources } from './graph.js';
import { keepBest, rankingPasses } from './lib/train/critic-ranking.js';
import type { ImageSets } from './lib/data/source.js';
import type { Settings } from './lib/graph/schema.js';
import { mulberry32 } from './lib/rng.js';
import { withRandom } from './lib/train/random.js';
import { disposeDraw, emaShadows, inference, runStep, type StepProgram, type StepState } from './lib/train/step.js';
import type { StepMetrics } from './lib/train/step-metrics.js';
import { registerGradientFixes } from './lib/tfjs/gradient-fixes.js';
import { buildNetworks, type NetworkId } from './models.js';

/**
 * A training run: the networks, one optimizer per trained network, the moving averages, the seeded generator every
 * random draw comes from. A step is GAN Studio's own step runtime (src/lib/train/step.ts, the file the browser trains
 * with) running this design's phases (graph.ts): the reconstruction update, nCritic critic updates (each followed by
 * weight clipping), the generator update, then the moving average — so the same seed and weights give the same losses
 * here and there.
 */

export type Training = StepState<NetworkId> & {
  readonly settings: Settings;
  readonly data: DataSources;
  readonly program: StepProgram<NetworkId, Sources>;
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
  registerGradientFixes(tf);
  const settings = { ...designSettings, ...opts.settings };
  const rng = mulberry32(settings.seed);
  const networks = withRandom(rng, buildNetworks);
  const opt = new Map<NetworkId, tf.Optimizer>();
  for (const [id, make] of Object.entries(optimizers) as [NetworkId, (() => tf.Optimizer) | undefined][]) if (make) opt.set(id, make());
  const data = dataSources(opts.images);
  const program: StepProgram<NetworkId, Sources> = { phases, draw: (batch, r) => drawSources(batch, r, data), wasserstein: WASSERSTEIN };
  // The frozen networks the loss terms read (a feature loss's classifier), when the design has such terms.
  const frozen = loadFrozen(frozenNetworks);
  return { networks, optimizers: opt, ema: emaShadows(tf, networks, generators, settings.emaDecay), settings, rng, step: 0, frozen, data, program, fixed: null };
}

/** The networks and their moving averages, without data or optimizers: what sampling from a checkpoint needs. */
export type Sampler = Pick<Training, 'networks' | 'optimizers' | 'ema' | 'step' | 'rng'>;

/** The networks (initial weights from `seed`, as createTraining builds them) and their moving averages. */
export function createSampler(seed: number = designSettings.seed): Sampler {
  registerGradientFixes(tf);
  const rng = mulberry32(seed);
  const networks = withRandom(rng, buildNetworks);
  return { networks, optimizers: new Map(), ema: emaShadows(tf, networks, generators, designSettings.emaDecay), step: 0, rng };
}

export function disposeSampler(t: Sampler): void {
  for (const m of Object.values(t.networks) as tf.LayersModel[]) m.dispose();
  for (const vs of t.ema.values()) tf.dispose(vs);
}

/** One training step; resolves once its metrics are read back (one GPU read per step). */
export function trainStep(t: Training): Promise<StepMetrics> {
  return runStep(tf, t, t.program);
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
  const out = inference(t, mulberry32(t.settings.seed + 2), () =>
    tf.tidy(() => {
      const fake = tf.clone(generated(t.networks, fixed));
      const real = realExamples(t.networks, fixed);
      return real ? { fake, real: tf.clone(real) } : { fake };
    }),
  ) as { fake: tf.Tensor; real?: tf.Tensor };
  return { fake: out.fake, real: out.real ?? null };
}

/**
 * `count` fresh samples for evaluation: sources drawn from their own generator seeded with `seed` (neither the
 * training draws nor the fixed grid move), in inference mode, with the moving-average weights when kept. With
 * `settings.criticKeep` below 1, the critic's best `count` of more candidates (discriminator rejection, as the app's
 * Trainer.generate; src/lib/train/critic-ranking.ts).
 */
export function generate(t: Training, count: number, seed: number): tf.Tensor {
  const rng = mulberry32(seed);
  const keep = t.settings.criticKeep;
  const drawn = (n: number, fn: (sources: Sources) => tf.Tensor): tf.Tensor => {
    const sources = drawSources(n, rng, t.data);
    try {
      return tf.tidy(() => tf.clone(fn(sources)));
    } finally {
      disposeDraw(tf, sources);
    }
  };
  return inference(t, rng, () => {
    // Without a critic to rank them (CRITIC_PACK 0; validation warns, W_CRITIC_KEEP), G's own samples.
    if (keep >= 1 || CRITIC_PACK === 0) return drawn(count, (s) => generated(t.networks, s));
    const parts = rankingPasses(count, keep, CRITIC_PACK).map(([kept, candidates]) =>
      drawn(candidates, (s) => {
        const scored = scoredSamples(t.networks, s)!;
        return keepBest(tf, scored.fake, scored.scores, kept);
      }),
    );
    if (parts.length === 1) return parts[0]!;
    const all = tf.concat(parts);
    tf.dispose(parts);
    return all;
  });
}

export function disposeTraining(t: Training): void {
  for (const m of Object.values(t.networks) as tf.LayersModel[]) m.dispose();
  for (const o of t.optimizers.values()) o.dispose();
  for (const vs of t.ema.values()) tf.dispose(vs);
  if (t.fixed) disposeDraw(tf, t.fixed);
  t.fixed = null;
}
