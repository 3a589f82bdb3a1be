import * as tf from '@tensorflow/tfjs';
import type { Rng } from './lib/rng.js';

/** The shapes that config.ts, models.ts and graph.ts (written for your design) share with the training loop. */

export type Settings = {
  /** Examples per update. */
  batchSize: number;
  /** Generator updates the schedule is planned for (instance noise anneals to 0 over them). */
  steps: number;
  /** Critic updates per generator update (WGAN: 5). */
  nCritic: number;
  /** Seed of every random draw: weights, noise, data order, dropout. */
  seed: number;
  /** Decay of the moving average of the generators' weights used for samples; 0 turns it off. */
  emaDecay: number;
  /** Std of Gaussian noise added to the critics' inputs, annealed to 0 over `steps` (Sønderby 2016). */
  instanceNoise: number;
  /** Steps between sample grids. */
  sampleEvery: number;
};

export type OptimizerConfig =
  | { type: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number }
  | { type: 'rmsprop'; learningRate: number; decay: number; momentum: number; epsilon: number }
  | { type: 'sgd'; learningRate: number; momentum: number };

export function makeOptimizer(o: OptimizerConfig): tf.Optimizer {
  switch (o.type) {
    case 'adam':
      return tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(o.learningRate, o.decay, o.momentum, o.epsilon);
    case 'sgd':
      return o.momentum ? tf.train.momentum(o.learningRate, o.momentum) : tf.train.sgd(o.learningRate);
  }
}

/** What an objective in graph.ts may use besides the networks and the step's draws. */
export type StepContext = {
  /** The run's seeded generator, for the seeds of random ops (the gradient penalty's ε). */
  rng: Rng;
  /** Adds this step's annealed instance noise to a critic's input; the identity when it is off. */
  noisy(x: tf.Tensor): tf.Tensor;
  /** Records a value to report for this step (`loss.D`, `gp`, …) and returns it. */
  metric(name: string, value: tf.Tensor): tf.Tensor;
};

/**
 * One kind of update in a training step: which networks it trains, on which objective. A step runs the phases in
 * order; a `repeat` phase runs nCritic times, with its weight clipping after each update.
 */
export type Phase<N extends string, S> = {
  name: 'reconstruction' | 'critic' | 'generator';
  networks: readonly N[];
  objective(networks: Readonly<Record<N, tf.LayersModel>>, sources: S, ctx: StepContext): tf.Scalar;
  repeat?: boolean;
  clips?: readonly { network: N; clip: number }[];
};

/**
 * The sum of tensors, left to right (as tf.addN adds them). Loss terms and gradient norms use it past 7 tensors:
 * WebGPU's AddN binds every input at once, and 8 inputs plus the output exceed the default limit of 8 storage
 * buffers per shader stage.
 */
export function sumOf(parts: readonly tf.Tensor[]): tf.Tensor {
  if (parts.length === 0) throw new Error('sumOf needs at least one tensor');
  return parts.length < 8 ? tf.addN([...parts]) : parts.slice(1).reduce((a, b) => tf.add(a, b), parts[0]!);
}

/** Runs a network with one output on its inputs (in the order of its Input layers). */
export function call(model: tf.LayersModel, inputs: tf.Tensor[], training: boolean): tf.Tensor {
  const out = model.apply(inputs.length === 1 ? inputs[0]! : inputs, { training });
  if (Array.isArray(out)) throw new Error(`network ${model.name} has ${out.length} outputs; use callAll`);
  return out as tf.Tensor;
}

/** Runs a network with several outputs; they come back in the order of its Output blocks. */
export function callAll(model: tf.LayersModel, inputs: tf.Tensor[], training: boolean): tf.Tensor[] {
  const out = model.apply(inputs.length === 1 ? inputs[0]! : inputs, { training });
  return Array.isArray(out) ? (out as tf.Tensor[]) : [out as tf.Tensor];
}

/**
 * What the sample picture shows: images of this size and scaling, or points within ±extent — the first two of each
 * example's `dims` coordinates.
 */
export type SampleKind = { kind: 'image'; height: number; width: number; channels: 1 | 3; range: '[-1,1]' | '[0,1]' } | { kind: 'points'; extent: number; dims: number };
