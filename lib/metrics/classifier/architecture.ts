/**
 * The MNIST feature classifier's architecture, as data: the one place its layer sizes are written. Training
 * (train.ts), inference (model.ts) and the weights file (weights-file.ts) all read it.
 *
 *   28×28×1 in [0, 1]
 *   conv 3×3, 32 → BN → ReLU → max-pool 2   26×26×32 → 13×13×32
 *   conv 3×3, 64 → BN → ReLU                11×11×64
 *   conv 3×3, 64 → BN → ReLU → max-pool 2   9×9×64 → 4×4×64
 *   flatten → dense 128 → ReLU              the features (FEATURE_DIM), as TF-GAN's MNIST classifier uses its penultimate layer
 *   dense 10                                logits; softmax gives p(y|x) for the classifier score
 *
 * Convolutions are 'valid'. Batch norm is used in training only: the saved file holds it folded into the
 * convolutions (W·γ/√(σ²+ε), β − μ·γ/√(σ²+ε)), so inference is five fused conv/dense ops.
 *
 * Chosen for the 2-core, single-threaded wasm budget: 5.5 M multiply-adds per image against 9.8 M for the
 * conv32-conv32-pool-conv64-conv64-pool net, which did no better in a recipe sweep (the same nets in PyTorch, 2–3 seeds
 * each; docs/metrics.md). With BN this net reached 99.4–99.5 % test accuracy after 3 epochs of Adam at batch 64.
 */
export const INPUT_SHAPE = [28, 28, 1] as const;
export const NUM_CLASSES = 10;
export const FEATURE_DIM = 128;

export type ConvLayer = { name: string; kernel: number; filters: number; pool: boolean };

export const CONV_LAYERS: readonly ConvLayer[] = [
  { name: 'conv1', kernel: 3, filters: 32, pool: true },
  { name: 'conv2', kernel: 3, filters: 64, pool: false },
  { name: 'conv3', kernel: 3, filters: 64, pool: true },
];

/** Side and channels of the last conv block's output: 28 → 26 → 13 → 11 → 9 → 4. */
export function convOutput(): { side: number; channels: number } {
  let side: number = INPUT_SHAPE[0];
  let channels: number = INPUT_SHAPE[2];
  for (const l of CONV_LAYERS) {
    // tfjs-layers conv_utils.convOutputLength, 'valid': L − k + 1; max-pool 2 'valid': ⌊L / 2⌋.
    side = side - l.kernel + 1;
    if (l.pool) side = Math.floor(side / 2);
    channels = l.filters;
  }
  return { side, channels };
}

export const FLAT_DIM = convOutput().side ** 2 * convOutput().channels;

export type WeightSpec = { readonly name: string; readonly shape: readonly number[] };

/** The inference weights, in file order: kernel and bias of each conv (BN folded in), then of the two dense layers. */
export function inferenceWeightSpecs(): WeightSpec[] {
  const specs: WeightSpec[] = [];
  let cin: number = INPUT_SHAPE[2];
  for (const l of CONV_LAYERS) {
    specs.push({ name: `${l.name}/kernel`, shape: [l.kernel, l.kernel, cin, l.filters] }, { name: `${l.name}/bias`, shape: [l.filters] });
    cin = l.filters;
  }
  specs.push({ name: 'dense1/kernel', shape: [FLAT_DIM, FEATURE_DIM] }, { name: 'dense1/bias', shape: [FEATURE_DIM] });
  specs.push({ name: 'dense2/kernel', shape: [FEATURE_DIM, NUM_CLASSES] }, { name: 'dense2/bias', shape: [NUM_CLASSES] });
  return specs;
}

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** One-line description stored in the weights file. */
export const ARCHITECTURE_ID = 'mnist-cnn-v1: conv3x3(32)-bn-relu-pool2 conv3x3(64)-bn-relu conv3x3(64)-bn-relu-pool2 dense(128)-relu dense(10)';
