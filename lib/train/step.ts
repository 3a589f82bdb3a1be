import type * as tfType from '@tensorflow/tfjs';
import type { Frozen, Side } from '../blocks/types';
import type { Settings } from '../graph/schema';
import type { Rng } from '../rng';
import { drawn, taping } from '../tfjs/random-tap';
import { withWeightsSwapped } from './ema-weights';
import { withRandom } from './random';
import { readStepMetrics, type StepMetrics } from './step-metrics';

/**
 * The training step, one runtime for the app's Trainer, the CLI and the exported project (which ships this file).
 * A step runs the phases in order — the reconstruction update (adversarial autoencoders), nCritic critic updates (each
 * followed by its constraints, e.g. weight clipping), the generator update — then the moving average of the
 * generators' weights. Every update draws fresh sources, runs its objective under tf.variableGrads and applies each
 * network's gradients with that network's optimizer, in one tidied scope; metrics are read back once per step.
 * What is specific to a design — its sources, its network calls and its loss terms — comes in as `StepProgram`:
 * interpreted from the plan in the app (lib/train/objective.ts), written out as code in an exported project.
 */

type Tf = typeof tfType;
type Tensor = tfType.Tensor;

/** One draw of every source for an update: a tensor per output port, by node id. */
export type Draw = { readonly [node: string]: { readonly [port: string]: Tensor } };

/** What an objective may use besides the networks and the update's draw. */
export type StepContext = {
  /** The run's seeded generator, for the seeds of random ops (the gradient penalty's ε). */
  rng: Rng;
  /** Adds this step's annealed instance noise to a critic's input; the identity when it is off. */
  noisy(x: Tensor): Tensor;
  /** Records a value to report for this step (`loss.D`, `gp`, …) and returns it. */
  metric(name: string, value: Tensor): Tensor;
  /** The frozen networks the design's terms read (a feature loss's classifier), when it has such terms. */
  frozen?: Frozen;
};

/**
 * One kind of update in a training step: which networks it trains, on which objective. A `repeat` phase runs nCritic
 * times, with its constraints applied to their networks' weights after each update.
 */
export type Phase<N extends string, S> = {
  name: Side;
  networks: readonly N[];
  objective(networks: Readonly<Record<N, tfType.LayersModel>>, sources: S, ctx: StepContext): tfType.Scalar;
  repeat?: boolean;
  constraints?: readonly { network: N; apply(weights: readonly tfType.Variable[]): void }[];
};

/** The settings a step reads. */
export type StepSettings = Pick<Settings, 'batchSize' | 'steps' | 'nCritic' | 'emaDecay' | 'instanceNoise'>;

/** What a design contributes to the step: its phases, how to draw its sources, whether its critic is Wasserstein. */
export type StepProgram<N extends string, S> = {
  phases: readonly Phase<N, S>[];
  draw(batch: number, rng: Rng): S;
  wasserstein: boolean;
  /**
   * Sees every update's draw of the sources and the random tensors its objective drew (lib/tfjs/random-tap.ts), in
   * order, to replay the run elsewhere (the PyTorch parity test). Both are disposed when it returns.
   */
  tap?: (sources: S, drawn: readonly Tensor[]) => void;
};

/** A run's state between steps. */
export type StepState<N extends string> = {
  readonly networks: Readonly<Record<N, tfType.LayersModel>>;
  readonly optimizers: ReadonlyMap<N, tfType.Optimizer>;
  /** Moving averages of the generators' weights (emaDecay > 0), which samples use. */
  readonly ema: ReadonlyMap<N, tfType.Variable[]>;
  readonly settings: StepSettings;
  rng: Rng;
  step: number;
  /** Frozen networks for the terms (never trained: they are tensors, not variables, and in no optimizer). */
  readonly frozen?: Frozen;
};

/** One training step; resolves once its metrics are read back (one GPU read per step). Advances `t.step`. */
export async function runStep<N extends string, S>(tf: Tf, t: StepState<N>, program: StepProgram<N, S>): Promise<StepMetrics> {
  const s = t.settings;
  const scalars: [string, Tensor][] = [];
  const norms: [string, Tensor][] = [];
  const keep = (name: string, v: Tensor) => void scalars.push([name, tf.keep(v)]);
  const noiseStd = s.instanceNoise > 0 ? s.instanceNoise * Math.max(0, 1 - t.step / s.steps) : 0;

  // One scope for the whole step: whatever tfjs allocates along the way (variableGrads' value, optimizer
  // temporaries) is freed here; metrics survive through tf.keep.
  withRandom(t.rng, () =>
    tf.tidy(() => {
      for (const phase of program.phases) {
        const times = phase.repeat ? s.nCritic : 1;
        for (let k = 0; k < times; k++) {
          const last = k === times - 1;
          update(tf, t, program, phase, noiseStd, last ? keep : () => undefined, last ? norms : []);
          for (const c of phase.constraints ?? []) c.apply(trainable(t.networks[c.network]));
        }
      }
      updateEma(tf, t);
    }),
  );

  t.step++;
  return readStepMetrics(tf, t.step, scalars, norms, program.wasserstein);
}

const trainable = (model: tfType.LayersModel) => model.trainableWeights.map((w) => w.read() as tfType.Variable);

/** One gradient update of the phase's networks on its objective. */
function update<N extends string, S>(tf: Tf, t: StepState<N>, program: StepProgram<N, S>, phase: Phase<N, S>, noiseStd: number, keep: (name: string, v: Tensor) => void, norms: [string, Tensor][]): void {
  const vars = phase.networks.flatMap((n) => trainable(t.networks[n]));
  if (vars.length === 0) return;
  const sources = program.draw(t.settings.batchSize, t.rng);
  const ctx: StepContext = {
    rng: t.rng,
    // Instance noise on the critics' inputs (Sønderby 2016), never on labels.
    noisy: (x) => (noiseStd > 0 ? tf.add(x, drawn(tf, tf.randomNormal(x.shape, 0, noiseStd, 'float32', t.rng.seed()))) : x),
    metric: (name, v) => (keep(name, v), v),
    ...(t.frozen ? { frozen: t.frozen } : {}),
  };
  const taped: Tensor[] = [];
  const objective = () => phase.objective(t.networks, sources, ctx);
  const { grads } = tf.variableGrads(program.tap ? () => taping(taped, objective) : objective, vars);
  program.tap?.(sources, taped);
  tf.dispose(taped);
  for (const n of phase.networks) {
    const own: tfType.NamedTensorMap = {};
    for (const v of trainable(t.networks[n])) if (grads[v.name]) own[v.name] = grads[v.name]!;
    if (Object.keys(own).length === 0) continue;
    norms.push([n, tf.keep(tf.tidy(() => tf.sqrt(sumOf(tf, Object.values(own).map((g) => tf.sum(tf.square(g)))))))]);
    t.optimizers.get(n)?.applyGradients(own);
  }
  tf.dispose(Object.values(grads));
  disposeDraw(tf, sources);
}

function updateEma<N extends string>(tf: Tf, t: StepState<N>): void {
  const d = t.settings.emaDecay;
  if (d <= 0) return;
  for (const [g, shadow] of t.ema) {
    const ws = t.networks[g].getWeights();
    tf.tidy(() => shadow.forEach((s, i) => s.assign(tf.add(tf.mul(d, s), tf.mul(1 - d, ws[i]!)))));
  }
}

/** Shadow copies of the generators' weights for their moving average, when the settings keep one. */
export function emaShadows<N extends string>(tf: Tf, networks: Readonly<Record<N, tfType.LayersModel>>, generators: readonly N[], emaDecay: number): Map<N, tfType.Variable[]> {
  const ema = new Map<N, tfType.Variable[]>();
  if (emaDecay <= 0) return ema;
  // tidy frees the clones; each variable keeps its own reference to the copied data.
  for (const g of generators) ema.set(g, tf.tidy(() => networks[g].getWeights().map((w) => tf.variable(w.clone(), false))));
  return ema;
}

/** Runs `fn` with the generators' moving-average weights in place, when the run keeps them. */
export function withEmaWeights<N extends string, T>(t: Pick<StepState<N>, 'networks' | 'ema'>, fn: () => T): T {
  return withWeightsSwapped([...t.ema].map(([g, shadow]) => [t.networks[g], shadow] as const), fn);
}

/**
 * Evaluates `fn` for samples: in inference mode with the moving-average weights, and with layers that add noise in
 * inference too (StyleGAN's noise inputs) drawing from `rng` — so a grid is reproducible and the training draws are
 * left alone.
 */
export function inference<N extends string, T>(t: Pick<StepState<N>, 'networks' | 'ema'>, rng: Rng, fn: () => T): T {
  return withEmaWeights(t, () => withRandom(rng, fn));
}

/**
 * The sum of tensors, left to right (as tf.addN adds them). Loss terms and gradient norms use it past 7 tensors:
 * WebGPU's AddN binds every input at once, and 8 inputs plus the output exceed the default limit of 8 storage
 * buffers per shader stage.
 */
export function sumOf(tf: Tf, parts: readonly Tensor[]): Tensor {
  if (parts.length === 0) throw new Error('sumOf needs at least one tensor');
  return parts.length < 8 ? tf.addN([...parts]) : parts.slice(1).reduce((a, b) => tf.add(a, b), parts[0]!);
}

/** Frees every tensor of a draw. */
export function disposeDraw(tf: Tf, draw: unknown): void {
  tf.dispose(Object.values(draw as Draw).flatMap((r) => Object.values(r)));
}
