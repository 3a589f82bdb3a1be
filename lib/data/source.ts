import type * as tfType from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import type { ImageSet } from './image-set';

type Tensor = tfType.Tensor;
export type Range = '[-1,1]' | '[0,1]';

/** One source node's draw for a step: a tensor per output port. */
export interface DataSource {
  sample(batch: number, rng: Rng): Record<string, Tensor>;
}

/** Image sets the run was given, by name: 'mnist', the coloured shapes 'shapes' and 'shapes64', and for user data 'folder', 'folderA', 'folderB'. */
export type ImageSets = Readonly<Record<string, ImageSet | undefined>>;

/**
 * An image set a source needs loaded before training: MNIST from its package, the coloured shapes drawn from their
 * seed (lib/data/shapes.ts), or a user's folder at a size.
 */
export type ImageSetNeed = { name: 'mnist' | 'shapes' | 'shapes64' } | UserImagesNeed;
/** 'pairsA' and 'pairsB' are the two halves of one folder of pairs (A/, B/; lib/data/folder-pairs.ts), index-aligned. */
export type UserImagesNeed = { name: 'folder' | 'folderA' | 'folderB' | 'pairsA' | 'pairsB'; height: number; width: number; channels: 1 | 3 };

/** Whether the user has to give this image set (a folder), rather than GAN Studio loading or drawing it. */
export const isUserImages = (need: ImageSetNeed): need is UserImagesNeed => 'height' in need;

/** Class labels as one-hot vectors [n, k] or indices [n, 1]. */
export function encodeLabels(tf: typeof tfType, y: Int32Array, encoding: 'one-hot' | 'index', classes: number): Tensor {
  return encoding === 'one-hot' ? tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), classes).toFloat()) : tf.tensor2d(Float32Array.from(y), [y.length, 1]);
}

export class MissingDataError extends Error {}

export function need(images: ImageSets, name: string, what: string): ImageSet {
  const set = images[name];
  if (!set) throw new MissingDataError(`${what} needs the "${name}" images, which were not loaded.`);
  if (set.count === 0) throw new MissingDataError(`${what}: the "${name}" image set is empty.`);
  return set;
}

/** Gathers images `idx` as floats scaled to `range`, optionally transformed per pixel index. */
export function gather(set: ImageSet, idx: readonly number[], range: Range, map?: (set: ImageSet, i: number, p: number) => number): Float32Array {
  const per = set.height * set.width * set.channels;
  const out = new Float32Array(idx.length * per);
  const [scale, shift] = range === '[-1,1]' ? [1 / 127.5, -1] : [1 / 255, 0];
  idx.forEach((i, k) => {
    const base = i * per;
    for (let p = 0; p < per; p++) out[k * per + p] = (map ? map(set, i, p) : set.pixels[base + p]!) * scale + shift;
  });
  return out;
}

export const pick = (n: number, count: number, rng: Rng) => Array.from({ length: n }, () => rng.int(count));

export function labelsOf(tf: typeof tfType, set: ImageSet, idx: readonly number[], encoding: 'one-hot' | 'index', classes: number): Tensor {
  return encodeLabels(tf, Int32Array.from(idx, (i) => set.labels?.[i] ?? 0), encoding, classes);
}

