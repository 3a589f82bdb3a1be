import type * as tfType from '@tensorflow/tfjs';
import { CONV_LAYERS, FLAT_DIM, inferenceWeightSpecs, INPUT_SHAPE } from './architecture';
import { ClassifierError } from './errors';
import type { ClassifierManifest, ClassifierWeightArrays } from './weights-file';

type Tf = typeof tfType;

/** The loaded classifier: its inference weights as tensors. Call `dispose()` when done. */
export type MnistClassifier = {
  /** The file's manifest; null for weights made in memory (the training script's accuracy check). */
  readonly manifest: ClassifierManifest | null;
  readonly weights: ReadonlyMap<string, tfType.Tensor>;
  dispose(): void;
};

export function createClassifier(tf: Tf, arrays: ClassifierWeightArrays, manifest: ClassifierManifest | null = null): MnistClassifier {
  const weights = new Map<string, tfType.Tensor>();
  for (const spec of inferenceWeightSpecs()) {
    const values = arrays.get(spec.name);
    if (!values) throw new ClassifierError('E_CLASSIFIER_WEIGHTS', `${spec.name} is missing.`);
    weights.set(spec.name, tf.tensor(values, [...spec.shape], 'float32'));
  }
  return {
    manifest,
    weights,
    dispose: () => weights.forEach((t) => t.dispose()),
  };
}

/**
 * Inference: x is [n, 28, 28, 1] in [0, 1]. Returns the 128-d penultimate activations (post-ReLU) and the logits.
 * Each conv and dense layer is one fused kernel (conv + bias + ReLU), which tfjs-backend-wasm runs through XNNPACK.
 * Call inside tf.tidy.
 */
export function classifierForward(tf: Tf, weights: ReadonlyMap<string, tfType.Tensor>, x: tfType.Tensor4D): { features: tfType.Tensor2D; logits: tfType.Tensor2D } {
  const w = (name: string) => {
    const t = weights.get(name);
    if (!t) throw new Error(`classifier weight ${name} is missing`);
    return t;
  };
  let h = x;
  for (const l of CONV_LAYERS) {
    h = tf.fused.conv2d({ x: h, filter: w(`${l.name}/kernel`) as tfType.Tensor4D, strides: 1, pad: 'valid', bias: w(`${l.name}/bias`), activation: 'relu' });
    if (l.pool) h = tf.maxPool(h, 2, 2, 'valid');
  }
  const flat = tf.reshape(h, [-1, FLAT_DIM]) as tfType.Tensor2D;
  const features = tf.fused.matMul({ a: flat, b: w('dense1/kernel') as tfType.Tensor2D, bias: w('dense1/bias'), activation: 'relu' }) as tfType.Tensor2D;
  const logits = tf.fused.matMul({ a: features, b: w('dense2/kernel') as tfType.Tensor2D, bias: w('dense2/bias') }) as tfType.Tensor2D;
  return { features, logits };
}

/** The layers whose activations `classifierActivations` returns: each conv block's ReLU output (before pooling), or the features. */
export const ACTIVATION_LAYERS = ['conv1', 'conv2', 'conv3', 'features'] as const;

/**
 * The classifier's activations at `layer` for x in [0, 1] ([n, 28, 28, 1] or [n, 784]), differentiable with respect
 * to x: plain conv/add/ReLU/max-pool ops rather than the fused ones of `classifierForward`, whose input gradients
 * exist on every backend (wasm has Conv2DBackpropInput and MaxPoolGrad). The weights are constants, so no gradient
 * reaches them. The feature loss (lib/blocks/losses/feature.ts) compares these.
 */
export function classifierActivations(tf: Tf, weights: ReadonlyMap<string, tfType.Tensor>, x: tfType.Tensor, layer: string): tfType.Tensor {
  if (!(ACTIVATION_LAYERS as readonly string[]).includes(layer)) throw new Error(`the classifier has no layer "${layer}"; it has ${ACTIVATION_LAYERS.join(', ')}`);
  const w = (name: string) => {
    const t = weights.get(name);
    if (!t) throw new Error(`classifier weight ${name} is missing`);
    return t;
  };
  let h = tf.reshape(x, [-1, ...INPUT_SHAPE]);
  for (const l of CONV_LAYERS) {
    h = tf.relu(tf.add(tf.conv2d(h as tfType.Tensor4D, w(`${l.name}/kernel`) as tfType.Tensor4D, 1, 'valid'), w(`${l.name}/bias`)));
    if (l.name === layer) return h;
    if (l.pool) h = tf.maxPool(h as tfType.Tensor4D, 2, 2, 'valid');
  }
  return tf.relu(tf.add(tf.matMul(tf.reshape(h, [-1, FLAT_DIM]), w('dense1/kernel')), w('dense1/bias')));
}

/** The loaded classifier as a frozen network for loss terms (lib/blocks/types.ts FrozenNetwork): its weights and activations. */
export function frozenClassifier(tf: Tf, clf: Pick<MnistClassifier, 'weights'>): { readonly weights: ReadonlyMap<string, tfType.Tensor>; activations(x: tfType.Tensor, layer: string): tfType.Tensor } {
  return { weights: clf.weights, activations: (x, layer) => classifierActivations(tf, clf.weights, x, layer) };
}
