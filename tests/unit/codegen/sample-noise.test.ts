import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { generateProject } from '../../../lib/codegen/generate';
import { encodeFloats, initialCheckpointFiles, type WeightsPayload } from '../../../lib/codegen/initial-checkpoint';
import { latentInput } from '../../../lib/codegen/latent-input';
import { generateTorchProject } from '../../../lib/codegen/python/generate';
import { loadTorchTemplates } from '../../../lib/codegen/templates';
import { buildNetwork } from '../../../lib/compile/build-network';
import { interpolate } from '../../../lib/explore/latent';
import { NoiseFileError, readNoiseFile, type NoiseView } from '../../../lib/share/noise-file';
import type { Design } from '../../../lib/graph/schema';
import { mulberry32 } from '../../../lib/rng';
import { planTraining } from '../../../lib/train/plan';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';
import { presetDesign, ROOT, templates, writeProject } from './helpers';

/**
 * `npm run sample -- --noise FILE` (TypeScript export) and `python sample.py --noise FILE` (PyTorch export): the
 * latent explorer's noise file rendered from the same weights gives the same samples and the same picture in both,
 * and a file that does not fit the design is refused with a message that names what is wrong, before any network runs.
 */

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { stdio: 'ignore' }).status === 0;
const torchTemplates = loadTorchTemplates(join(ROOT, 'templates'));
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));
beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** cgan-mnist with 16-unit layers: a conditional MLP (one-hot labels, batch norm in G) that builds in milliseconds. */
function tinyCgan(): Design {
  const d = presetDesign('cgan-mnist');
  for (const n of d.networks.flatMap((x) => x.nodes)) if (n.type === 'dense' && n.id !== 'image' && Number(n.params['units']) > 100) n.params['units'] = 16;
  return d;
}

/**
 * Random weights for every network, about Glorot-sized (so ring8's points land inside the plot), moving variances
 * positive, so batch norm's statistics matter too.
 */
function randomWeights(design: Design): WeightsPayload {
  const report = validateDesign(design);
  const rng = mulberry32(11);
  const networks: WeightsPayload['networks'] = {};
  for (const net of design.networks) {
    const model = buildNetwork(tf, net, report.networks[net.id]!, blocks);
    networks[net.id] = model.weights.map((w) => {
      const shape = w.shape.map((d) => d ?? 0);
      const size = shape.reduce((a, b) => a * b, 1);
      const variance = w.name.includes('moving_variance');
      const amp = shape.length >= 2 ? 1.7 / Math.sqrt(size / shape.at(-1)!) : 0.2;
      return { shape, data: encodeFloats(Float32Array.from({ length: size }, () => (variance ? 0.5 + rng.next() : (rng.next() - 0.5) * 2 * amp))) };
    });
    model.dispose();
  }
  return { step: 7, networks };
}

/** A noise file as the explorer writes it (ExplorerDialog.tsx exportJson), for a `dim`-dimensional latent. */
function noiseDoc(dim: number, classes: number | null, draws = 16): Record<string, unknown> {
  const rng = mulberry32(3);
  const vectors = Array.from({ length: draws }, () => Float32Array.from({ length: dim }, () => rng.normal()));
  const labels = classes ? vectors.map((_, i) => i % classes) : null;
  const list = (vs: readonly Float32Array[]) => vs.map((v) => Array.from(v));
  return {
    format: 'gan-studio-latents',
    version: 1,
    design: 'test',
    step: 7,
    latent: { dim, distribution: 'normal', scale: 1, classes },
    seed: 1,
    draws: list(vectors),
    labels,
    picks: { a: 2, b: 5 },
    interpolation: draws > 5 ? { mode: 'spherical', steps: 6, vectors: list(interpolate(vectors[2]!, vectors[5]!, 6, 'spherical')) } : null,
    directions: [],
    offsets: [],
    moved: null,
    classGrid: classes ? { noisePerClass: 3, classes, labels: Array.from({ length: classes * 3 }, (_, i) => Math.floor(i / 3)) } : null,
  };
}

type Exported = { ts: string; py: string };

/** Both exports of `design`, carrying the same weights, in fresh folders. */
async function exportBoth(design: Design, name: string): Promise<Exported> {
  const report = validateDesign(design);
  const payload = randomWeights(design);
  const extraFiles = await initialCheckpointFiles(tf, design, report, payload);
  const ts = writeProject(generateProject(design, { templates, report, extraFiles }), `noise-${name}`);
  cleanups.push(ts.cleanup);
  const py = mkdtempSync(join(tmpdir(), `gan-torch-noise-${name}-`));
  cleanups.push(() => rmSync(py, { recursive: true, force: true }));
  for (const [path, contents] of generateTorchProject(design, { templates: torchTemplates, report, weights: payload })) {
    mkdirSync(dirname(join(py, path)), { recursive: true });
    writeFileSync(join(py, path), contents);
  }
  return { ts: ts.dir, py };
}

type Ran = { status: number | null; stdout: string; stderr: string };

/** Runs a command without blocking the event loop, so the two exports' runs overlap. */
function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}
const runTs = (dir: string, ...args: string[]) => run(join(ROOT, 'node_modules/.bin/tsx'), ['src/sample-cli.ts', '--backend', 'cpu', ...args], dir);
const runPy = (dir: string, ...args: string[]) => run(PYTHON, ['sample.py', ...args], dir);

type Values = { shape: number[]; values: number[] };
const values = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Values;

/** The two PNGs' sizes and their largest difference in any channel of any pixel (PIL reads both). */
function comparePngs(a: string, b: string): { sizes: string; worst: number } {
  const code = ['import sys, numpy as np', 'from PIL import Image', "x, y = (np.asarray(Image.open(p).convert('RGB'), dtype=np.int32) for p in sys.argv[1:])", "print(x.shape, y.shape, np.abs(x - y).max() if x.shape == y.shape else -1)"].join('\n');
  const r = spawnSync(PYTHON, ['-c', code, a, b], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const m = /^(\(.*?\)) (\(.*?\)) (-?\d+)/.exec(r.stdout.trim())!;
  return { sizes: `${m[1]} ${m[2]}`, worst: Number(m[3]) };
}

/** Renders `view` of the noise file in both exports; checks the samples agree and the pictures match. */
async function parity(dirs: Exported, doc: object, view: string, count: number): Promise<{ worst: number; scale: number; samples: Values }> {
  for (const d of [dirs.ts, dirs.py]) writeFileSync(join(d, 'noise.json'), JSON.stringify(doc));
  const [t, p] = await Promise.all([
    runTs(dirs.ts, '--noise', 'noise.json', '--view', view, '--checkpoint', 'checkpoints/initial', '--out', 'out.png', '--values', 'out.json'),
    runPy(dirs.py, '--noise', 'noise.json', '--view', view, '--out', 'out.png', '--values', 'out.json'),
  ]);
  expect(t.status, t.stderr).toBe(0);
  expect(t.stdout).toContain(`${count} vectors from noise.json, view ${view}`);
  expect(p.status, p.stderr).toBe(0);
  expect(p.stdout).toContain(`${count} vectors from noise.json, view ${view}`);
  const a = values(join(dirs.ts, 'out.json'));
  const b = values(join(dirs.py, 'out.json'));
  expect(a.shape[0]).toBe(count);
  expect(b.shape).toEqual(a.shape);
  const scale = Math.max(...a.values.map(Math.abs));
  const worst = Math.max(...a.values.map((v, i) => Math.abs(v - b.values[i]!)));
  // The samples vary: not one constant the two sides could agree on by accident.
  expect(new Set(a.values.map((v) => v.toFixed(3))).size).toBeGreaterThan(count / 2);
  expect(worst, `largest difference ${worst} at scale ${scale}`).toBeLessThan(1e-5 * Math.max(1, scale));
  const png = comparePngs(join(dirs.ts, 'out.png'), join(dirs.py, 'out.png'));
  const [ts, py] = png.sizes.split(') (');
  expect(`${ts})`).toBe(`(${py}`);
  // A byte may round the other way where a value sits at a half.
  expect(png.worst).toBeLessThanOrEqual(1);
  return { worst, scale, samples: a };
}

/** Noise files that must be refused, for a design with 100-dimensional noise and 10 classes, and the message. */
const valid = noiseDoc(100, 10);
const REFUSED: { file: string; text: string; view?: NoiseView; message: string }[] = [
  { file: 'cut.json', text: '{"format": "gan-studio-latents", ', message: 'E_NOISE_FILE: cut.json is not JSON (' },
  { file: 'other.json', text: JSON.stringify({ format: 'something-else', version: 1 }), message: 'E_NOISE_FORMAT: other.json is not a GAN Studio noise file: its "format" is "something-else", not "gan-studio-latents".' },
  { file: 'v2.json', text: JSON.stringify({ ...valid, version: 2 }), message: 'E_NOISE_FORMAT: v2.json has "version" 2; this project reads version 1.' },
  { file: 'dim.json', text: JSON.stringify(noiseDoc(64, 10)), message: "E_NOISE_DIM: dim.json holds 64-dimensional noise; this design's generator takes 100-dimensional noise." },
  { file: 'short.json', text: JSON.stringify({ ...valid, draws: [(valid['draws'] as number[][])[0], [1, 2, 3]], labels: [0, 1] }), message: "E_NOISE_DIM: short.json: vector 1 of the draws view has 3 numbers; this design's generator takes 100-dimensional noise." },
  // 1,025 one-number vectors: refused by their count, before their length or any array is looked at.
  { file: 'many.json', text: JSON.stringify({ ...valid, draws: Array.from({ length: 1025 }, () => [0]) }), message: 'E_NOISE_TOO_MANY: many.json asks for 1,025 noise vectors; at most 1,024 are rendered at once.' },
  { file: 'grid.json', text: JSON.stringify({ ...valid, classGrid: { noisePerClass: 3, classes: 10, labels: Array.from({ length: 5000 }, () => 0) } }), view: 'classes', message: 'E_NOISE_TOO_MANY: grid.json asks for 5,000 noise vectors; at most 1,024 are rendered at once.' },
  { file: 'inf.json', text: JSON.stringify(valid).replace(/^(.*?"draws":\[\[)[^,\]]+/, (_m, head: string) => `${head}1e999`), message: 'E_NOISE_VALUE: inf.json: number 0 of vector 0 of the draws view is Infinity, not a finite number.' },
  { file: 'str.json', text: JSON.stringify({ ...valid, draws: [['1', ...Array.from({ length: 99 }, () => 0)]], labels: [0] }), message: 'E_NOISE_VALUE: str.json: number 0 of vector 0 of the draws view is "1", not a finite number.' },
  { file: 'nolabels.json', text: JSON.stringify({ ...valid, labels: null }), message: 'E_NOISE_LABELS: nolabels.json has no "labels"; this design\'s generator needs a class (0–9) for every vector.' },
  { file: 'label.json', text: JSON.stringify({ ...valid, labels: (valid['labels'] as number[]).map((y, i) => (i === 4 ? 10 : y)) }), message: "E_NOISE_LABELS: label.json: label 4 is 10, not a class of this design's 10 (0–9)." },
  { file: 'nopath.json', text: JSON.stringify({ ...valid, interpolation: null }), view: 'path', message: 'E_NOISE_VIEW: nopath.json has no "interpolation.vectors" list of noise vectors for this view.' },
];
const TARGET = { dim: 100, classes: 10 };

describe('the noise file reaches the generator the app explored', () => {
  it('LATENT names the latent the explorer reads: ring8-2d unconditional, cgan-mnist one-hot over 10 classes', () => {
    const latentOf = (d: Design) => {
      const report = validateDesign(d);
      return latentInput(planTraining(d, report, blocks), report);
    };
    expect(latentOf(presetDesign('ring8-2d'))).toMatchObject({ dim: expect.any(Number), distribution: 'normal', labels: null });
    expect(latentOf(tinyCgan())).toEqual({ node: 'noise', port: 'z', dim: 100, distribution: 'normal', scale: 1, labels: { node: 'labels', port: 'y', classes: 10, encoding: 'one-hot' } });
    // pix2pix's generator reads an image, not noise: the export says why it cannot take a noise file.
    expect(latentOf(presetDesign('pix2pix-mnist'))).toMatch(/not fed by one noise vector|besides its noise/);
  });

  it.each(['ring8-2d', 'grid25-pacgan-2d'])('%s: the same latent as the trainer the explorer asks (Trainer.latentSpace)', (id) => {
    const design = presetDesign(id);
    const report = validateDesign(design);
    const trainer = Trainer.create(tf, design, report, { images: {}, seed: 1, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
    const space = trainer.latentSpace()!;
    trainer.dispose();
    const latent = latentInput(planTraining(design, report, blocks), report);
    expect(latent).toEqual({ node: space.latent.node, port: space.latent.port, dim: space.dim, distribution: space.distribution, scale: space.scale, labels: null });
  });
});

describe('the noise file, read and refused (lib/share/noise-file.ts)', () => {
  it.each(REFUSED)('$file is refused: $message', ({ file, text, view, message }) => {
    let error: unknown = null;
    try {
      readNoiseFile(file, text, TARGET, view);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NoiseFileError);
    expect((error as Error).message.startsWith(message)).toBe(true);
  });

  it('reads each view of the explorer’s file: the draws with their labels, the path in the class of A, the class × noise grid', () => {
    const text = JSON.stringify(valid);
    const draws = readNoiseFile('n.json', text, TARGET);
    expect(draws).toMatchObject({ count: 16, columns: 8 });
    expect(Array.from(draws.labels!)).toEqual(valid['labels']);
    expect(Array.from(draws.vectors.subarray(100, 200))).toEqual((valid['draws'] as number[][])[1]!.map(Math.fround));
    const path = readNoiseFile('n.json', text, TARGET, 'path');
    expect(path).toMatchObject({ count: 6, columns: 8 });
    expect(Array.from(path.labels!)).toEqual([2, 2, 2, 2, 2, 2]);
    const grid = readNoiseFile('n.json', text, TARGET, 'classes');
    expect(grid).toMatchObject({ count: 30, columns: 3 });
    expect(Array.from(grid.vectors.subarray(300, 400))).toEqual(Array.from(grid.vectors.subarray(0, 100)));
    expect(grid.labels![3]).toBe(1);
    // An unconditional generator takes the vectors alone; it reads no labels.
    expect(readNoiseFile('n.json', text, { dim: 100, classes: null }).labels).toBeNull();
  });
});

describe('sample --noise: the TypeScript and PyTorch exports draw the same samples', () => {
  it.skipIf(!hasTorch)(`ring8-2d, the draws (skipped without ${PYTHON}, torch and pillow)`, async () => {
    const design = presetDesign('ring8-2d');
    const report = validateDesign(design);
    const latent = latentInput(planTraining(design, report, blocks), report);
    if (typeof latent === 'string') throw new Error(latent);
    const dirs = await exportBoth(design, 'ring8');
    expect((JSON.parse(readFileSync(join(dirs.ts, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['sample']).toBe('tsx src/sample-cli.ts');
    const draws = await parity(dirs, noiseDoc(latent.dim, null), 'draws', 16);
    // The points fall inside the plot (±3), so the two pictures compared show them.
    expect(draws.scale).toBeLessThan(3);
    console.log(`noise parity ring8-2d: |TS − PyTorch| ≤ ${draws.worst.toExponential(1)} at scale ${draws.scale.toFixed(2)}`);
  }, 120_000);

  it.skipIf(!hasTorch)(`a conditional MLP, the class × noise grid; refusals in both exports (skipped without ${PYTHON}, torch and pillow)`, async () => {
    const dirs = await exportBoth(tinyCgan(), 'cgan');
    const grid = await parity(dirs, valid, 'classes', 30);
    console.log(`noise parity tiny cGAN: |TS − PyTorch| ≤ ${grid.worst.toExponential(1)} at scale ${grid.scale.toFixed(2)} (class × noise grid)`);
    // The labels matter: a column holds one noise vector, and its rows (classes) differ.
    const image = (k: number) => grid.samples.values.slice(k * 784, (k + 1) * 784);
    expect(Math.max(...image(0).map((v, i) => Math.abs(v - image(3)[i]!)))).toBeGreaterThan(1e-3);

    // PyTorch's sample.py refuses the same files with the same messages (one process reads them all).
    for (const c of REFUSED) writeFileSync(join(dirs.py, c.file), c.text);
    const script = [
      'import json, sys',
      'import sample',
      'for c in json.loads(sys.argv[1]):',
      '    try:',
      "        sample.read_noise_file(c['file'], 100, 10, c.get('view') or 'draws')",
      "        print('accepted')",
      '    except SystemExit as e:',
      '        print(str(e))',
    ].join('\n');
    const py = spawnSync(PYTHON, ['-c', script, JSON.stringify(REFUSED.map(({ file, view }) => ({ file, view })))], { cwd: dirs.py, encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const lines = py.stdout.trim().split('\n');
    expect(lines).toHaveLength(REFUSED.length);
    REFUSED.forEach((c, i) => expect(lines[i]!.startsWith(`error: ${c.message}`), `${c.file}: ${lines[i]}`).toBe(true));

    // Both commands exit with 1 and the message, no stack trace, and draw nothing.
    writeFileSync(join(dirs.ts, 'many.json'), REFUSED.find((c) => c.file === 'many.json')!.text);
    const [t, p] = await Promise.all([runTs(dirs.ts, '--noise', 'many.json', '--checkpoint', 'checkpoints/initial', '--out', 'refused.png'), runPy(dirs.py, '--noise', 'many.json', '--out', 'refused.png')]);
    for (const [who, r] of [['TypeScript', t], ['PyTorch', p]] as const) {
      expect(r.status, who).toBe(1);
      expect(r.stderr, who).toContain('E_NOISE_TOO_MANY: many.json asks for 1,025 noise vectors; at most 1,024 are rendered at once.');
      expect(r.stderr, `${who}: no stack trace`).not.toMatch(/\n\s+at |Traceback/);
    }
    expect(existsSync(join(dirs.ts, 'refused.png')) || existsSync(join(dirs.py, 'refused.png'))).toBe(false);
  }, 120_000);
});
