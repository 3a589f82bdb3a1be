import type * as tf from '@tensorflow/tfjs';
import type { MnistPair } from './lib/data/pairs.js';

/** What config.ts, models.ts and graph.ts (written for your design) share with the training loop. */

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

/**
 * A paired image-to-image design (SRGAN, pix2pix): the generator `network` whose only input is the paired source's A,
 * how A follows from an MNIST digit B (`pair`), and the pixel range of both. `npm run eval` scores G(A) against B.
 */
export type PairedTarget<N extends string = string> = { pair: MnistPair; range: '[-1,1]' | '[0,1]'; network: N };
