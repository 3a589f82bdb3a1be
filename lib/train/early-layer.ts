import type * as tfType from '@tensorflow/tfjs';

/**
 * Layers that act on each feature alone or only reshape: after G's first layer with weights, they still belong to
 * that hidden layer (a DCGAN's projection is Dense → BatchNorm → ReLU → Reshape, and GANSpace reads the activations
 * after the nonlinearity). In inference mode the noise and dropout layers are the identity.
 */
const SAME_FEATURES = new Set([
  'BatchNormalization',
  'LayerNormalization',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'PReLU',
  'ThresholdedReLU',
  'Softmax',
  'Reshape',
  'Flatten',
  'Dropout',
  'GaussianNoise',
  'GaussianDropout',
  'GanStudio>Dropout',
  'GanStudio>GaussianNoise',
]);

/** A network's first hidden layer as seen from one of its inputs: the tfjs layer whose output is read, and its size. */
export type HiddenLayer = { name: string; output: string; features: number };

const consumers = (layer: tfType.layers.Layer) => layer.outboundNodes.map((n) => n.outboundLayer);
const producers = (layer: tfType.layers.Layer) => layer.inboundNodes.flatMap((n) => n.inboundLayers);

/**
 * The first layer with weights downstream of `model.inputs[input]`, followed on through the per-feature layers that
 * are its only consumer; null when that input reaches no layer with weights. Layers are visited in the model's
 * topological order, so "first" is the one nearest the input.
 */
export function firstHiddenLayer(model: tfType.LayersModel, input: number): HiddenLayer | null {
  const start = model.inputLayers[input];
  if (!start) return null;
  const reached = new Set<tfType.layers.Layer>([start]);
  let first: tfType.layers.Layer | null = null;
  for (const layer of model.layers) {
    if (layer === start || !producers(layer).some((p) => reached.has(p))) continue;
    reached.add(layer);
    if (layer.weights.length > 0 && !SAME_FEATURES.has(layer.getClassName())) {
      first = layer;
      break;
    }
  }
  if (!first) return null;
  let last = first;
  for (;;) {
    const next = consumers(last);
    if (next.length !== 1 || !SAME_FEATURES.has(next[0]!.getClassName()) || !model.layers.includes(next[0]!)) break;
    last = next[0]!;
  }
  const out = last.output as tfType.SymbolicTensor;
  return { name: last.name, output: out.name, features: out.shape.slice(1).reduce<number>((a, b) => a * (b ?? 0), 1) };
}
