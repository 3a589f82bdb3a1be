/**
 * The design's networks as tfjs-layers code: one builder per network, one statement per layer, named after the
 * design's nodes, with the shape after each layer in a comment (batch first). Each layer is the call GAN Studio's
 * browser compiler makes for that block, in the same order and under the same name, so a seed gives the same initial
 * weights and checkpoints from either side load here. GAN Studio wrote the declarations below from design.gan.json.
 * (In the template, they hold a small example.)
 */

import * as tf from '@tensorflow/tfjs';
import * as custom from './layers.js';

/** @placeholder networkId */
export type NetworkId = 'G' | 'D';

export type Networks = Readonly<Record<NetworkId, tf.LayersModel>>;

/** Applies a layer to one input, or to several (merge layers, AdaIN), and returns its symbolic output. */
function apply(layer: tf.layers.Layer, ...inputs: tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as tf.SymbolicTensor;
}

/** @placeholder networks */
export function buildG(): tf.LayersModel {
  const in_ = tf.input({ name: 'in', shape: [8] }); // [batch, 8]
  const fc1 = apply(tf.layers.dense({ name: 'fc1', units: 16, activation: 'relu' }), in_); // [batch, 16]
  const point = apply(tf.layers.dense({ name: 'point', units: 2 }), fc1); // [batch, 2]
  return tf.model({ name: 'G', inputs: [in_], outputs: [point] });
}

/** @placeholder networks */
export function buildD(): tf.LayersModel {
  const in_ = tf.input({ name: 'in', shape: [2] }); // [batch, 2]
  const fc1 = apply(tf.layers.dense({ name: 'fc1', units: 16, activation: 'relu' }), in_); // [batch, 16]
  const norm = apply(custom.spectralDense({ name: 'score', units: 1 }), fc1); // [batch, 1]
  return tf.model({ name: 'D', inputs: [in_], outputs: [norm] });
}

/** @placeholder networks */
export function buildNetworks(): Networks {
  return { G: buildG(), D: buildD() };
}
