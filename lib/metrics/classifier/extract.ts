import type * as tfType from '@tensorflow/tfjs';
import type { FeatureMatrix } from '../features';
import { FEATURE_DIM, INPUT_SHAPE, NUM_CLASSES } from './architecture';
import { ClassifierError } from './errors';
import { classifierForward, type MnistClassifier } from './model';

type Tf = typeof tfType;

/** What the classifier says about a set of images: penultimate features (n × 128) and softmax rows (n × 10). */
export type ClassifierOutputs = { readonly features: FeatureMatrix; readonly probs: FeatureMatrix };

/**
 * Images in batches for `classifyImages`: `batch(start, count)` returns images start … start+count−1 as a
 * [count, 28, 28, 1] tensor in [0, 1] (see `pixelsToInput`, `generatedToInput`); the caller's tensor is disposed here.
 */
export type ImageBatches = { readonly count: number; batch(start: number, count: number): tfType.Tensor };

/** 500 images per call: big enough to amortise per-op overhead on wasm, small enough to keep activations ~30 MB. */
export const DEFAULT_BATCH = 500;

/** Runs the classifier over every image, batch by batch, and gathers features and class probabilities. */
export async function classifyImages(tf: Tf, clf: MnistClassifier, images: ImageBatches, opts: { batchSize?: number } = {}): Promise<ClassifierOutputs> {
  const n = images.count;
  const bs = opts.batchSize ?? DEFAULT_BATCH;
  const features = new Float32Array(n * FEATURE_DIM);
  const probs = new Float32Array(n * NUM_CLASSES);
  for (let start = 0; start < n; start += bs) {
    const count = Math.min(bs, n - start);
    const x = images.batch(start, count);
    const [f, p] = tf.tidy(() => {
      const input = checkInput(tf, x, count);
      const out = classifierForward(tf, clf.weights, input);
      return [out.features, tf.softmax(out.logits)];
    });
    x.dispose();
    const [fv, pv] = await Promise.all([f.data(), p.data()]);
    f.dispose();
    p.dispose();
    features.set(fv as Float32Array, start * FEATURE_DIM);
    probs.set(pv as Float32Array, start * NUM_CLASSES);
  }
  return { features: { data: features, rows: n, cols: FEATURE_DIM }, probs: { data: probs, rows: n, cols: NUM_CLASSES } };
}

function checkInput(tf: Tf, x: tfType.Tensor, count: number): tfType.Tensor4D {
  const want = [count, ...INPUT_SHAPE];
  if (x.shape.join() !== want.join()) {
    throw new ClassifierError('E_EVAL_IMAGES', `a batch has shape [${x.shape.join(', ')}]; the classifier takes [${want.join(', ')}] in [0, 1].`);
  }
  return x.dtype === 'float32' ? (x as tfType.Tensor4D) : (tf.cast(x, 'float32') as tfType.Tensor4D);
}

/** The images at `indices` of a byte image set (count × 28 × 28 × 1, 0..255) as classifier input. */
export function gatherPixelsToInput(tf: Tf, pixels: Uint8Array, indices: ArrayLike<number>): tfType.Tensor4D {
  const per = INPUT_SHAPE[0] * INPUT_SHAPE[1] * INPUT_SHAPE[2];
  const total = Math.floor(pixels.length / per);
  const out = new Float32Array(indices.length * per);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!(i >= 0 && i < total)) throw new ClassifierError('E_EVAL_IMAGES', `image ${i} of a set of ${total}.`);
    for (let p = 0; p < per; p++) out[k * per + p] = pixels[i * per + p]! / 255;
  }
  return tf.tensor4d(out, [indices.length, ...INPUT_SHAPE]);
}

/** Images `start … start+count−1` of a byte image set (count × 28 × 28 × 1, 0..255) as classifier input. */
export function pixelsToInput(tf: Tf, pixels: Uint8Array, start: number, count: number): tfType.Tensor4D {
  const per = INPUT_SHAPE[0] * INPUT_SHAPE[1] * INPUT_SHAPE[2];
  const out = new Float32Array(count * per);
  const src = pixels.subarray(start * per, (start + count) * per);
  if (src.length !== out.length) throw new ClassifierError('E_EVAL_IMAGES', `asked for images ${start}…${start + count - 1} of a set of ${Math.floor(pixels.length / per)}.`);
  for (let i = 0; i < out.length; i++) out[i] = src[i]! / 255;
  return tf.tensor4d(out, [count, ...INPUT_SHAPE]);
}

/**
 * A generator's output as classifier input: any [n, 784] or [n, 28, 28, 1] tensor in the design's pixel range
 * ('[-1,1]' for tanh generators, '[0,1]' for sigmoid ones), mapped to [0, 1] and clipped, as images are quantised
 * before TF-GAN's MNIST score. Does not dispose `t`.
 */
export function generatedToInput(tf: Tf, t: tfType.Tensor, range: '[-1,1]' | '[0,1]'): tfType.Tensor4D {
  const n = t.shape[0] ?? 0;
  const per = INPUT_SHAPE[0] * INPUT_SHAPE[1] * INPUT_SHAPE[2];
  const size = t.shape.slice(1).reduce((a, b) => a * b, 1);
  if (size !== per) {
    throw new ClassifierError('E_EVAL_IMAGES', `generated samples have shape [${t.shape.join(', ')}]; image metrics need 28×28×1 images (784 values each).`);
  }
  return tf.tidy(() => {
    const x = tf.reshape(tf.cast(t, 'float32'), [n, ...INPUT_SHAPE]);
    const scaled = range === '[-1,1]' ? tf.mul(tf.add(x, 1), 0.5) : x;
    return tf.clipByValue(scaled, 0, 1) as tfType.Tensor4D;
  });
}
