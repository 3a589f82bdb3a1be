import type * as tfType from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import type { ImageSet } from './image-set';
import { GRID25, RING8, sampleMixture, sampleSpiral } from './toy2d';

type Tensor = tfType.Tensor;
export type Range = '[-1,1]' | '[0,1]';

/** One source node's draw for a step: a tensor per output port. */
export interface DataSource {
  sample(batch: number, rng: Rng): Record<string, Tensor>;
}

/** Image sets the run was given, by name: 'mnist', and for user data 'folder', 'folderA', 'folderB'. */
export type ImageSets = Readonly<Record<string, ImageSet | undefined>>;

export class MissingDataError extends Error {}

function need(images: ImageSets, name: string, what: string): ImageSet {
  const set = images[name];
  if (!set) throw new MissingDataError(`${what} needs the "${name}" images, which were not loaded.`);
  if (set.count === 0) throw new MissingDataError(`${what}: the "${name}" image set is empty.`);
  return set;
}

/** Gathers images `idx` as floats scaled to `range`, optionally transformed per pixel index. */
function gather(set: ImageSet, idx: readonly number[], range: Range, map?: (set: ImageSet, i: number, p: number) => number): Float32Array {
  const per = set.height * set.width * set.channels;
  const out = new Float32Array(idx.length * per);
  const [scale, shift] = range === '[-1,1]' ? [1 / 127.5, -1] : [1 / 255, 0];
  idx.forEach((i, k) => {
    const base = i * per;
    for (let p = 0; p < per; p++) out[k * per + p] = (map ? map(set, i, p) : set.pixels[base + p]!) * scale + shift;
  });
  return out;
}

const pick = (n: number, count: number, rng: Rng) => Array.from({ length: n }, () => rng.int(count));

function labels(tf: typeof tfType, set: ImageSet, idx: readonly number[], encoding: 'one-hot' | 'index', classes: number): Tensor {
  const y = Int32Array.from(idx, (i) => set.labels?.[i] ?? 0);
  return encoding === 'one-hot' ? tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), classes).toFloat()) : tf.tensor2d(Float32Array.from(y), [idx.length, 1]);
}

export type DatasetParams = {
  name: 'mnist' | 'ring8' | 'grid25' | 'spiral' | 'folder';
  layout: 'image' | 'flat';
  range: Range;
  labels: 'none' | 'one-hot' | 'index';
  height: number;
  width: number;
  channels: 1 | 3;
};

export function datasetSource(tf: typeof tfType, p: DatasetParams, images: ImageSets): DataSource {
  if (p.name === 'ring8' || p.name === 'grid25' || p.name === 'spiral') {
    const mixture = p.name === 'ring8' ? RING8 : p.name === 'grid25' ? GRID25 : null;
    return {
      sample: (n, rng) => {
        if (!mixture) return { x: tf.tensor2d(sampleSpiral(n, rng), [n, 2]) };
        const { points, modes } = sampleMixture(mixture, n, rng);
        const out: Record<string, Tensor> = { x: tf.tensor2d(points, [n, 2]) };
        if (p.labels !== 'none') {
          const y = Int32Array.from(modes);
          out['y'] = p.labels === 'one-hot' ? tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), mixture.centres.length).toFloat()) : tf.tensor2d(Float32Array.from(y), [n, 1]);
        }
        return out;
      },
    };
  }
  const set = need(images, p.name, `the ${p.name} dataset`);
  if (p.name === 'folder' && (set.height !== p.height || set.width !== p.width || set.channels !== p.channels)) {
    throw new MissingDataError(`the image folder holds ${set.width}×${set.height}×${set.channels} images; the design expects ${p.width}×${p.height}×${p.channels}.`);
  }
  const shape = p.layout === 'flat' ? [set.height * set.width * set.channels] : [set.height, set.width, set.channels];
  return {
    sample: (n, rng) => {
      const idx = pick(n, set.count, rng);
      const out: Record<string, Tensor> = { x: tf.tensor(gather(set, idx, p.range), [n, ...shape]) };
      if (p.labels !== 'none') out['y'] = labels(tf, set, idx, p.labels, Math.max(set.classNames.length, 1));
      return out;
    },
  };
}

export type DomainsParams = { pair: 'mnist-negative' | 'mnist-rotated' | 'folders'; range: Range; height: number; width: number; channels: 1 | 3 };

export function domainsSource(tf: typeof tfType, p: DomainsParams, images: ImageSets): DataSource {
  if (p.pair === 'folders') {
    const a = need(images, 'folderA', 'domain A');
    const b = need(images, 'folderB', 'domain B');
    const shape = (s: ImageSet) => [s.height, s.width, s.channels];
    return {
      sample: (n, rng) => ({
        a: tf.tensor(gather(a, pick(n, a.count, rng), p.range), [n, ...shape(a)]),
        b: tf.tensor(gather(b, pick(n, b.count, rng), p.range), [n, ...shape(b)]),
      }),
    };
  }
  const set = need(images, 'mnist', 'the MNIST domains');
  const shape = [set.height, set.width, 1];
  // B is drawn with its own indices: the two domains are unpaired (Zhu 2017).
  const toB =
    p.pair === 'mnist-negative'
      ? (s: ImageSet, i: number, q: number) => 255 - s.pixels[i * s.height * s.width + q]!
      : (s: ImageSet, i: number, q: number) => {
          // A quarter turn: output (r, c) takes input (w − 1 − c, r).
          const r = Math.floor(q / s.width);
          const c = q % s.width;
          return s.pixels[i * s.height * s.width + (s.width - 1 - c) * s.width + r]!;
        };
  return {
    sample: (n, rng) => ({
      a: tf.tensor(gather(set, pick(n, set.count, rng), p.range), [n, ...shape]),
      b: tf.tensor(gather(set, pick(n, set.count, rng), p.range, toB), [n, ...shape]),
    }),
  };
}
