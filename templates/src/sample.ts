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
 * Square, or `columns` to a row (the latent explorer's layout, for `npm run sample`).
 */
export async function imageGrid(images: tf.Tensor, kind: Extract<SampleKind, { kind: 'image' }>, columns?: number): Promise<{ pixels: Uint8Array; width: number; height: number; channels: 1 | 3 }> {
  const { height: h, width: w, channels: c } = kind;
  const n = images.shape[0] ?? 0;
  const cols = Math.max(1, columns ? Math.min(columns, n) : Math.ceil(Math.sqrt(n)));
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

const TILE = 128;

/**
 * One plot per generated point, `columns` to a row (the latent explorer's tiles for 2-D data): every point of the
 * view in dim orange, so a path reads as a path, and the tile's own point bright. Pixel positions round half up
 * (sample.py's write_tiles draws the same picture).
 */
export function pointTiles(fake: Values, extent: number, dims: number, columns: number): { pixels: Uint8Array; width: number; height: number } {
  const n = Math.floor(fake.length / dims);
  const cols = Math.max(1, Math.min(columns, n));
  const rows = Math.max(1, Math.ceil(n / cols));
  const width = cols * TILE + (cols + 1) * GAP;
  const height = rows * TILE + (rows + 1) * GAP;
  const pixels = new Uint8Array(width * height * 3).fill(32);
  const at = (v: number) => Math.floor(((v + extent) / (2 * extent)) * (TILE - 1) + 0.5);
  for (let k = 0; k < n; k++) {
    const top = GAP + Math.floor(k / cols) * (TILE + GAP);
    const left = GAP + (k % cols) * (TILE + GAP);
    for (let y = 0; y < TILE; y++) pixels.fill(24, ((top + y) * width + left) * 3, ((top + y) * width + left + TILE) * 3);
    const dot = (i: number, r: number, rgb: readonly [number, number, number]) => {
      const cx = at(fake[i * dims]!);
      const cy = TILE - 1 - at(fake[i * dims + 1]!);
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const x = cx + dx;
          const y = cy + dy;
          if (x >= 0 && y >= 0 && x < TILE && y < TILE) pixels.set(rgb, ((top + y) * width + left + x) * 3);
        }
      }
    };
    for (let i = 0; i < n; i++) if (i !== k) dot(i, 1, [110, 64, 20]);
    dot(k, 2, [255, 140, 40]);
  }
  return { pixels, width, height };
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
