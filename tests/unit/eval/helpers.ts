import type * as tfType from '@tensorflow/tfjs';
import { classifySubset, loadClassifier } from '../../../cli/commands/eval';
import { loadMnistNode } from '../../../cli/node-data';
import { nodeTf } from '../../../cli/node-tf';
import type { ImageSet } from '../../../lib/data/image-set';
import { classifyImages, pixelsToInput, realSubset, type ClassifierOutputs, type MnistClassifier, type RealSubset } from '../../../lib/metrics/classifier';

/** tfjs on wasm with GAN Studio's training kernels: the backend the CLI and the committed weights use. */
export const wasmTf = () => nodeTf('wasm');

/** The committed classifier (assets/mnist-classifier). */
export const committedClassifier = (tf: typeof tfType): MnistClassifier => loadClassifier(tf);

export const mnist = (split: 'train' | 'test') => loadMnistNode(split);

/** Images first … first+n−1 of a byte set, classified. */
export function classifySlice(tf: typeof tfType, clf: MnistClassifier, set: ImageSet, first: number, n: number): Promise<ClassifierOutputs> {
  return classifyImages(tf, clf, { count: n, batch: (s, c) => pixelsToInput(tf, set.pixels, first + s, c) });
}

/** The real images gan eval uses (its fixed seeded subsets), classified. */
export function classifyReal(tf: typeof tfType, clf: MnistClassifier, set: ImageSet, which: RealSubset, n: number): Promise<ClassifierOutputs> {
  return classifySubset(tf, clf, set, realSubset(which, n, set.count));
}

/** n images made by `pixel(i, p)` ∈ [0, 1] (i: image, p: pixel index 0 … 783), classified. */
export function classifySynthetic(tf: typeof tfType, clf: MnistClassifier, n: number, pixel: (i: number, p: number) => number): Promise<ClassifierOutputs> {
  return classifyImages(tf, clf, {
    count: n,
    batch: (s, c) => tf.tensor4d(Float32Array.from({ length: c * 784 }, (_, k) => pixel(s + Math.floor(k / 784), k % 784)), [c, 28, 28, 1]),
  });
}
