import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { generateTorchProject } from '../../../lib/codegen/python/generate';
import { loadTorchTemplates } from '../../../lib/codegen/templates';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { ImageSet } from '../../../lib/data/image-set';
import type { Design } from '../../../lib/graph/schema';
import { design, sequential, standardGan } from '../../../lib/presets/builder';
import { imagesFrame } from '../../../lib/train/sample-frame';
import { Trainer } from '../../../lib/train/trainer';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { validateDesign } from '../../../lib/validate';
import { generate, ROOT, writeProject } from './helpers';

/**
 * RGB image folders at 32×32 and 64×64 train end to end: a folder of colour PNGs (of another size, so they are
 * resized) loads as 3 channels with red still red; the app's Trainer trains on it and its sample frame has 3 channels;
 * the exported TypeScript project (`npm run train -- --data DIR`) and the exported PyTorch project
 * (`python train.py --data DIR`) train on it and write their sample pictures as RGB PNGs.
 */

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { stdio: 'ignore' }).status === 0;
const torchTemplates = loadTorchTemplates(join(ROOT, 'templates'));
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));
// wasm with GAN Studio's training kernels, as `gan train` runs: the cpu backend's convolution gradients take seconds
// per step at 64×64.
beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTrainingKernels(tf);
  await tf.setBackend('wasm');
});

type Png = { decodePng(bytes: Uint8Array): { width: number; height: number; channels: number; pixels: Uint8Array }; encodePng(p: Uint8Array, w: number, h: number, c: 1 | 3): Buffer };
type Data = { loadImageFolder(dir: string, size: { height: number; width: number; channels: 1 | 3 }): Promise<ImageSet> };
type Train = { main(argv: string[]): Promise<number> };

/** A small DCGAN for `size`×`size`×3 folder images: two stride-2 steps each way, 8 filters, batch 4. */
function colourFolderDesign(size: number): Design {
  const q = size / 4;
  return design(
    { name: `colour folder ${size}`, description: '', paper: { title: '', authors: '', year: 2026 } },
    [
      sequential('G', 'generator', 'G', [16], [
        ['project', 'dense', { units: q * q * 8, activation: 'relu' }],
        ['grid', 'reshape', { targetShape: [q, q, 8] }],
        ['up1', 'conv2dTranspose', { filters: 8, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu' }],
        ['rgb', 'conv2dTranspose', { filters: 3, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }],
      ]),
      sequential('D', 'discriminator', 'D', [size, size, 3], [
        ['down1', 'conv2d', { filters: 8, kernelSize: 4, strides: 2, padding: 'same' }],
        ['lrelu1', 'activation', { activation: 'leakyReLU', alpha: 0.2 }],
        ['down2', 'conv2d', { filters: 8, kernelSize: 4, strides: 2, padding: 'same' }],
        ['lrelu2', 'activation', { activation: 'leakyReLU', alpha: 0.2 }],
        ['flatten', 'flatten', {}],
        ['score', 'dense', { units: 1 }],
      ]),
    ],
    standardGan({
      noise: { dim: 16 },
      data: { name: 'folder', height: size, width: size, channels: 3 },
      loss: { objective: 'non-saturating' },
      gOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.5 }],
      dOptimizer: ['adam', { learningRate: 2e-4, beta1: 0.5 }],
    }),
    { batchSize: 4, steps: 2, sampleEvery: 1000 },
  );
}

/** Six 40×40 RGB pictures: a left half in one colour, a right half in another (red | blue in the first). */
const COLOURS = [
  [[255, 0, 0], [0, 0, 255]],
  [[0, 255, 0], [255, 255, 0]],
  [[0, 0, 255], [255, 0, 255]],
  [[255, 128, 0], [0, 255, 255]],
  [[30, 60, 90], [200, 100, 50]],
  [[90, 30, 200], [10, 240, 10]],
] as const;

function writeFolder(png: Png): string {
  const dir = mkdtempSync(join(tmpdir(), 'gan-colour-folder-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  COLOURS.forEach(([left, right], i) => {
    const pixels = new Uint8Array(40 * 40 * 3);
    for (let p = 0; p < 40 * 40; p++) pixels.set(p % 40 < 20 ? left : right, p * 3);
    writeFileSync(join(dir, `img-${i}.png`), png.encodePng(pixels, 40, 40, 3));
  });
  return dir;
}

/** A sample picture's PNG header colour type (2 = truecolour) and whether any pixel's channels differ. */
function samplePicture(png: Png, file: string): { colourType: number; channels: number; coloured: boolean } {
  const bytes = new Uint8Array(readFileSync(file));
  const img = png.decodePng(bytes);
  let coloured = false;
  for (let p = 0; p < img.width * img.height && !coloured; p++) coloured = img.pixels[p * 3] !== img.pixels[p * 3 + 1] || img.pixels[p * 3 + 1] !== img.pixels[p * 3 + 2];
  // IHDR is the first chunk: 8 signature bytes, 4 length, 4 type, 4 width, 4 height, 1 depth, then the colour type.
  return { colourType: bytes[25]!, channels: img.channels, coloured };
}

const onlyPng = (dir: string) => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.png'));
  expect(files).toHaveLength(1);
  return join(dir, files[0]!);
};

describe.each([32, 64])('an RGB image folder at %i px square', (size) => {
  const d = colourFolderDesign(size);
  let project: { dir: string };
  let png: Png;
  let folder: string;
  beforeAll(async () => {
    expect(validateDesign(d).ok).toBe(true);
    project = writeProject(generate(d), `colour-${size}`);
    cleanups.push(() => rmSync(project.dir, { recursive: true, force: true }));
    png = (await import(/* @vite-ignore */ `${project.dir}/src/png.ts`)) as Png;
    folder = writeFolder(png);
  });

  it('loads as 3 channels with its colours, trains in the app, and the sample frame has 3 channels', async () => {
    const data = (await import(/* @vite-ignore */ `${project.dir}/src/data.ts`)) as Data;
    const set = await data.loadImageFolder(folder, { height: size, width: size, channels: 3 });
    expect(set).toMatchObject({ count: COLOURS.length, height: size, width: size, channels: 3 });
    // The first picture, red | blue, at a quarter and three quarters across its middle row.
    const px = (x: number) => Array.from(set.pixels.subarray(((size / 2) * size + x) * 3, ((size / 2) * size + x) * 3 + 3));
    expect(px(size / 4)).toEqual([255, 0, 0]);
    expect(px((3 * size) / 4)).toEqual([0, 0, 255]);

    const t = Trainer.create(tf, d, validateDesign(d), { images: { folder: set }, seed: 3, batchSize: 4, buildNetwork: (tt, n, r) => buildNetwork(tt, n, r, blocks) });
    try {
      for (let i = 0; i < 2; i++) expect(Object.values((await t.trainStep()).losses).every(Number.isFinite)).toBe(true);
      const fake = t.sample();
      const frame = await imagesFrame(t, d, fake);
      fake.dispose();
      expect(frame).toMatchObject({ kind: 'images', height: size, width: size, channels: 3 });
      expect(frame.kind === 'images' && frame.data.length).toBe(frame.kind === 'images' ? frame.count * size * size * 3 : -1);
    } finally {
      t.dispose();
    }
  });

  it('trains in the exported TypeScript project (--data DIR) and writes an RGB sample picture', async () => {
    const train = (await import(/* @vite-ignore */ `${project.dir}/src/train.ts`)) as Train;
    const out = join(project.dir, 'run');
    expect(await train.main(['--data', folder, '--steps', '2', '--out', out, '--backend', 'wasm'])).toBe(0);
    expect(samplePicture(png, onlyPng(join(out, 'samples')))).toEqual({ colourType: 2, channels: 3, coloured: true });
  });

  it.skipIf(!hasTorch)(`trains in the exported PyTorch project (--data DIR) and writes an RGB sample picture (skipped without ${PYTHON} and torch, numpy, PIL)`, () => {
    const dir = mkdtempSync(join(tmpdir(), `gan-colour-torch-${size}-`));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const [path, contents] of generateTorchProject(d, { templates: torchTemplates })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
    const r = spawnSync(PYTHON, ['-B', 'train.py', '--data', folder, '--steps', '2', '--out', 'run'], { cwd: dir, encoding: 'utf8', timeout: 300_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    expect(r.status, `${r.stdout.slice(-2000)}\n${r.stderr.slice(-3000)}`).toBe(0);
    expect(samplePicture(png, onlyPng(join(dir, 'run', 'samples')))).toEqual({ colourType: 2, channels: 3, coloured: true });
  });
});
