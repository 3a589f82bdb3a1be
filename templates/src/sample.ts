import * as tf from '@tensorflow/tfjs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { encodePng } from './png.js';
import type { SampleKind } from './types.js';

/**
 * Sample pictures as PNG files: generated images in a square grid (as the browser's sample view shows them), or
 * generated points (orange) over real ones (grey) on a 512 × 512 plot of [−extent, extent]² — 2-D data, or the first
 * two coordinates of codes such as an adversarial autoencoder's.
 */

const GAP = 2;

/**
 * A grid of images [n, h, w, c] (or flat [n, h·w·c]) scaled from `range` to bytes, with a 2-pixel gap, each image
 * enlarged by a whole factor (nearest neighbour) so that small images such as MNIST's make a grid of about 512 pixels.
 */
export async function imageGrid(images: tf.Tensor, kind: Extract<SampleKind, { kind: 'image' }>): Promise<{ pixels: Uint8Array; width: number; height: number; channels: 1 | 3 }> {
  const { height: h, width: w, channels: c } = kind;
  const n = images.shape[0] ?? 0;
  const cols = Math.max(1, Math.ceil(Math.sqrt(n)));
  const rows = Math.max(1, Math.ceil(n / cols));
  const zoom = Math.max(1, Math.floor(512 / (cols * w)));
  const [zh, zw] = [h * zoom, w * zoom];
  const width = cols * zw + (cols + 1) * GAP;
  const height = rows * zh + (rows + 1) * GAP;
  const bytes = tf.tidy(() => {
    const x = tf.reshape(images, [n, h, w, c]);
    const scaled = kind.range === '[-1,1]' ? tf.mul(tf.add(x, 1), 127.5) : tf.mul(x, 255);
    return tf.clipByValue(tf.round(scaled), 0, 255);
  });
  // Read asynchronously: WebGPU in Node cannot read synchronously (tfjs reaches for an OffscreenCanvas).
  const values = await bytes.data();
  bytes.dispose();
  const pixels = new Uint8Array(width * height * c).fill(32);
  for (let i = 0; i < n; i++) {
    const top = GAP + Math.floor(i / cols) * (zh + GAP);
    const left = GAP + (i % cols) * (zw + GAP);
    for (let y = 0; y < zh; y++) {
      for (let x = 0; x < zw; x++) {
        const src = ((i * h + Math.floor(y / zoom)) * w + Math.floor(x / zoom)) * c;
        for (let k = 0; k < c; k++) pixels[((top + y) * width + left + x) * c + k] = values[src + k]!;
      }
    }
  }
  return { pixels, width, height, channels: c };
}

type Values = Float32Array | Int32Array | Uint8Array;

/** Real (grey) and generated (orange) points on a dark square: the first two of every `dims` values. */
export function pointPlot(fake: Values, real: Values | null, extent: number, dims = 2, size = 512): Uint8Array {
  const pixels = new Uint8Array(size * size * 3).fill(24);
  const dot = (px: number, py: number, rgb: readonly [number, number, number]) => {
    const cx = Math.round(((px + extent) / (2 * extent)) * (size - 1));
    const cy = Math.round(((extent - py) / (2 * extent)) * (size - 1));
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && y >= 0 && x < size && y < size) pixels.set(rgb, (y * size + x) * 3);
      }
    }
  };
  const plot = (v: Values, stride: number, rgb: readonly [number, number, number]) => {
    for (let i = 0; i + 1 < v.length; i += stride) dot(v[i]!, v[i + 1]!, rgb);
  };
  if (real) plot(real, dims, [150, 150, 150]);
  plot(fake, dims, [255, 140, 40]);
  return pixels;
}

/** Writes the sample picture for `fake` (and `real`, for points) to `path`. */
export async function writeSample(path: string, kind: SampleKind, fake: tf.Tensor, real: tf.Tensor | null): Promise<void> {
  let png: Buffer;
  if (kind.kind === 'points') {
    png = encodePng(pointPlot(await fake.data(), real ? await real.data() : null, kind.extent, kind.dims), 512, 512, 3);
  } else {
    const grid = await imageGrid(fake, kind);
    png = encodePng(grid.pixels, grid.width, grid.height, grid.channels);
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, png);
}
