import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../../cli/checkpoint-file';
import { blocks } from '../../../lib/blocks';
import { encodeFloats, type WeightsPayload } from '../../../lib/codegen/initial-checkpoint';
import { generateTorchProject } from '../../../lib/codegen/python/generate';
import { loadTorchTemplates } from '../../../lib/codegen/templates';
import { buildNetwork } from '../../../lib/compile/build-network';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';
import { presetDesign, ROOT } from './helpers';

/**
 * The round trip: weights trained in the app go into a PyTorch project, train 3 steps there, come back through
 * export_weights.py and `gan import-weights` as a GAN Studio checkpoint (moving averages included), and `gan eval`
 * scores it.
 */

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { stdio: 'ignore' }).status === 0;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const gan = (...args: string[]) => spawnSync('npx', ['tsx', 'cli/gan.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });

describe('browser → PyTorch → back → gan eval', () => {
  it.skipIf(!hasTorch)(`ring8-2d makes the round trip and is scored (skipped without ${PYTHON}, torch and pillow)`, async () => {
    const design = presetDesign('ring8-2d');
    const trainer = Trainer.create(tf, design, validateDesign(design), { images: {}, seed: 5, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
    for (let i = 0; i < 5; i++) await trainer.trainStep();
    const snap = await trainer.snapshot();
    trainer.dispose();
    const payload: WeightsPayload = { step: snap.step, networks: Object.fromEntries(Object.entries(snap.weights).map(([id, ws]) => [id, ws.map((w, i) => ({ shape: snap.shapes[id]![i]!, data: encodeFloats(w) }))])) };

    const dir = mkdtempSync(join(tmpdir(), 'gan-torch-roundtrip-'));
    dirs.push(dir);
    for (const [path, contents] of generateTorchProject(design, { templates: loadTorchTemplates(join(ROOT, 'templates')), weights: payload })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
    const py = (...args: string[]) => {
      const r = spawnSync(PYTHON, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    // Starts from the browser's step 5, trains 3 more.
    expect(py('train.py', '--steps', '3', '--log-every', '1')).toContain('"step": 8');
    expect(py('export_weights.py')).toContain('step 8');

    const ckpt = join(dir, 'run.ckpt');
    const imported = gan('import-weights', join(dir, 'gan-studio-weights.json'), '--design', join(dir, 'design.gan.json'), '--out', ckpt, '--json');
    expect(imported.status, imported.stderr).toBe(0);
    const c = readCheckpoint(ckpt);
    expect(c.step).toBe(8);
    expect(Object.keys(c.ema ?? {})).toEqual(['G']);
    // PyTorch trained the weights: they moved from the browser's.
    const before = snap.weights['G']![0]!;
    const after = c.snapshot.weights['G']![0]!;
    expect(after.length).toBe(before.length);
    expect(after.some((v, i) => Math.abs(v - before[i]!) > 1e-6)).toBe(true);

    const evaluated = gan('eval', ckpt, '--json');
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const report = JSON.parse(evaluated.stdout.trim().split('\n').at(-1)!) as { kind: string; step: number; samples: number; metrics: { modesCovered: number; totalModes: number; highQualityFraction: number } };
    expect(report).toMatchObject({ kind: 'toy2d', step: 8, samples: 2500, metrics: { totalModes: 8 } });
    expect(report.metrics.modesCovered).toBeGreaterThanOrEqual(0);
    expect(report.metrics.highQualityFraction).toBeGreaterThanOrEqual(0);

    // A weights file that does not fit the design is refused, naming what is wrong, and writes nothing.
    // (grid25-2d has ring8-2d's very networks; the PacGAN preset's D reads packs of two points.)
    const other = gan('import-weights', join(dir, 'gan-studio-weights.json'), '--design', 'preset:grid25-pacgan-2d', '--out', join(dir, 'bad.ckpt'));
    expect(other.status).toBe(1);
    expect(other.stdout + other.stderr).toMatch(/tensor \d+ is \[2, 256\]; the design's is \[4, 256\]|tensor \d+ is/);
    expect(other.stdout + other.stderr).not.toMatch(/\n\s+at /);
  }, 300_000);
});
