import * as tf from '@tensorflow/tfjs';
import { zlibSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairImagesFor } from '../../../cli/pair-folder';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import { generateTorchProject } from '../../../lib/codegen/python/generate';
import { loadTorchTemplates } from '../../../lib/codegen/templates';
import type { Design } from '../../../lib/graph/schema';
import { mulberry32 } from '../../../lib/rng';
import { writeChunks } from '../../../lib/share/png-chunk';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { Trainer, type StepMetrics } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';
import { generate, presetDesign, ROOT, text, writeProject } from './helpers';

/**
 * A paired-folder source in the exported TypeScript project: `--pairs DIR` loads A/ and B/ matched by name, and the
 * project trains on them as `gan train --pairs DIR` does; the PyTorch project reads them from `train.py --pairs DIR`.
 */

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTrainingKernels(tf);
  await tf.setBackend('wasm');
});
const dir = mkdtempSync(join(tmpdir(), 'gan-pairs-export-'));
const cleanups: (() => void)[] = [() => rmSync(dir, { recursive: true, force: true })];
afterAll(() => cleanups.forEach((c) => c()));

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { stdio: 'ignore' }).status === 0;
/** Per pair, the sums of A's and B's bytes as the app loads them (the first test fills it). */
let appSums: number[][] = [];
let torchProject: ReturnType<typeof generateTorchProject> | null = null;

/** A random 28×28 grey PNG. */
function png(rng: () => number): Uint8Array {
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, 28);
  new DataView(header.buffer).setUint32(4, 28);
  header[8] = 8;
  const raw = Uint8Array.from({ length: 29 * 28 }, (_, i) => (i % 29 === 0 ? 0 : Math.floor(rng() * 256)));
  return writeChunks([
    { type: 'IHDR', data: header },
    { type: 'IDAT', data: zlibSync(raw) },
    { type: 'IEND', data: new Uint8Array() },
  ]);
}

/** pix2pix-mnist reading the user's pairs instead of MNIST outlines. */
function pix2pixOnFolder(): Design {
  const d = presetDesign('pix2pix-mnist');
  const data = d.training.nodes.find((n) => n.id === 'data')!;
  data.type = 'folderPairs';
  data.params = { range: '[-1,1]' };
  return d;
}

describe('the TypeScript export of a paired-folder design', () => {
  it('loads --pairs DIR (A/, B/ by name) and trains as `gan train --pairs` does', async () => {
    const rng = mulberry32(4);
    mkdirSync(join(dir, 'A'));
    mkdirSync(join(dir, 'B'));
    for (const name of ['p1', 'p2', 'p3']) {
      writeFileSync(join(dir, 'A', `${name}.png`), png(() => rng.next()));
      writeFileSync(join(dir, 'B', `${name}.png`), png(() => rng.next()));
    }
    writeFileSync(join(dir, 'B', 'lonely.png'), png(() => rng.next()));
    const design = pix2pixOnFolder();
    const report = validateDesign(design);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const files = generate(design);
    expect(text(files, 'src/config.ts')).toContain("{ name: 'pairsA', height: 28, width: 28, channels: 1 }");
    const { dir: project, cleanup } = writeProject(files, 'folder-pairs');
    cleanups.push(cleanup);
    type Exported = { createTraining(o: { images: unknown; settings?: Record<string, number> }): unknown; trainStep(t: unknown): Promise<StepMetrics>; disposeTraining(t: unknown): void };
    const exported = (await import(/* @vite-ignore */ `${project}/src/trainer.ts`)) as Exported;
    const data = (await import(/* @vite-ignore */ `${project}/src/data.ts`)) as { loadImages(needs: readonly unknown[], p: object): Promise<Record<string, { count: number; pixels: Uint8Array }>> };
    const config = (await import(/* @vite-ignore */ `${project}/src/config.ts`)) as { imageSets: readonly unknown[] };
    await expect(data.loadImages(config.imageSets, {})).rejects.toThrow('pass the folder with --pairs DIR');
    const theirs = await data.loadImages(config.imageSets, { pairs: dir });
    const ours = await pairImagesFor(tf, design, dir);
    expect([theirs['pairsA']!.count, theirs['pairsB']!.count]).toEqual([3, 3]);
    expect(theirs['pairsA']!.pixels).toEqual(ours['pairsA']!.pixels);
    expect(theirs['pairsB']!.pixels).toEqual(ours['pairsB']!.pixels);
    const sum = (px: Uint8Array, i: number) => px.subarray(i * 784, (i + 1) * 784).reduce((x, y) => x + y, 0);
    appSums = [0, 1, 2].map((i) => [sum(ours['pairsA']!.pixels, i), sum(ours['pairsB']!.pixels, i)]);

    const settings = { seed: 2, batchSize: 2 };
    const t = exported.createTraining({ images: theirs, settings });
    const app = Trainer.create(tf, design, report, { images: ours, ...settings, buildNetwork: (x, n, r) => buildNetwork(x, n, r, blocks) });
    try {
      const a = await app.trainStep();
      const b = await exported.trainStep(t);
      for (const k of Object.keys(a.losses)) expect(Math.abs(a.losses[k]! - b.losses[k]!) / Math.max(Math.abs(a.losses[k]!), 1e-8), k).toBeLessThan(1e-4);
    } finally {
      app.dispose();
      exported.disposeTraining(t);
    }
  }, 120_000);

  it('in PyTorch: the source reads the two halves that train.py --pairs DIR loads', () => {
    const files = generateTorchProject(pix2pixOnFolder(), { templates: loadTorchTemplates(join(ROOT, 'templates')) });
    torchProject = files;
    expect(text(files, 'data.py')).toContain("def folder_pairs_source(p, images, g):");
    expect(text(files, 'graph.py')).toContain("{'name': 'pairsA', 'height': 28, 'width': 28, 'channels': 1}");
    expect(text(files, 'train.py')).toContain("'pairs': args.pairs");
    expect(text(files, 'images.py')).toContain('def load_pair_half(folder, side, height, width, channels):');
  });

  it.skipIf(!hasTorch)(`in PyTorch: images.py pairs A/ and B/ by name as the app does, and data.py draws aligned halves (skipped without ${PYTHON}, torch, PIL)`, () => {
    expect(torchProject, 'the test above generates the project').not.toBeNull();
    const { dir: project, cleanup } = writeProject(torchProject!, 'folder-pairs-torch');
    cleanups.push(cleanup);
    // Each pair's A and B differ, so a draw is aligned when the two halves of every row come from one pair.
    const script = [
      'import json, sys, torch, graph, images, data',
      `sets = images.load_images(graph.IMAGE_SETS, {'pairs': sys.argv[1]})`,
      'a, b = sets["pairsA"][0], sets["pairsB"][0]',
      "draw = data.folder_pairs_source({'range': '[0,1]'}, sets, torch.Generator().manual_seed(1))(6)",
      'rows = [(int(round(float(x.sum()) * 255)), int(round(float(y.sum()) * 255))) for x, y in zip(draw["a"], draw["b"])]',
      'print(json.dumps({"count": [a.shape[0], b.shape[0]], "sums": [[int(x.sum()), int(y.sum())] for x, y in zip(a, b)], "rows": rows}))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-B', '-c', script, dir], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('1 file(s) without a partner of the same name, left out: B/lonely.png');
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { count: number[]; sums: number[][]; rows: number[][] };
    expect(out.count).toEqual([3, 3]);
    expect(out.sums).toEqual(appSums);
    for (const row of out.rows) expect(appSums, JSON.stringify(row)).toContainEqual(row);
  }, 120_000);
});
