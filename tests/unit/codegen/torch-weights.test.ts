import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesFor } from '../../../cli/node-data';
import { blocks } from '../../../lib/blocks';
import { encodeFloats, WeightsError, type WeightsPayload } from '../../../lib/codegen/initial-checkpoint';
import { generateTorchProject } from '../../../lib/codegen/python/generate';
import { loadTorchTemplates } from '../../../lib/codegen/templates';
import { buildNetwork } from '../../../lib/compile/build-network';
import { mulberry32 } from '../../../lib/rng';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';
import { presetDesign, ROOT } from './helpers';

/**
 * Weights trained in the browser cross to PyTorch: a gan-mlp-mnist run's weights after two steps (batch-norm
 * statistics moved too; the convolutions' layouts are covered by torch-models.test.ts) go with the export, train.py's load_initial reads them strictly, and the networks compute in inference
 * what the app's compute.
 */

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { stdio: 'ignore' }).status === 0;
const templates = loadTorchTemplates(join(ROOT, 'templates'));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('browser weights in the PyTorch project', () => {
  const design = presetDesign('gan-mlp-mnist');
  const report = validateDesign(design);

  it('refuses weights that do not fit the design, naming the network', () => {
    const bad: WeightsPayload = { step: 0, networks: { G: [{ shape: [2], data: encodeFloats(new Float32Array(2)) }], D: [] } };
    expect(() => generateTorchProject(design, { templates, weights: bad })).toThrow(WeightsError);
    expect(() => generateTorchProject(design, { templates, weights: { step: 0, networks: { X: [] } } })).toThrow(/"X", which the design does not have/);
  });

  it.skipIf(!hasTorch)(`start the run, and give the app's outputs (skipped without ${PYTHON}, torch and pillow)`, async () => {
    const trainer = Trainer.create(tf, design, report, { images: await imagesFor(design), seed: 3, batchSize: 4, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
    await trainer.trainStep();
    await trainer.trainStep();
    const snap = await trainer.snapshot();
    const payload: WeightsPayload = { step: snap.step, networks: Object.fromEntries(Object.entries(snap.weights).map(([id, ws]) => [id, ws.map((w, i) => ({ shape: snap.shapes[id]![i]!, data: encodeFloats(w) }))])) };
    const rng = mulberry32(4);
    const z = Float32Array.from({ length: 3 * 100 }, () => rng.normal());
    const x = Float32Array.from({ length: 3 * 784 }, () => rng.next() * 2 - 1);
    const g = trainer.models.get('G')!.predict(tf.tensor(z, [3, 100])) as tf.Tensor;
    const d = trainer.models.get('D')!.predict(tf.tensor(x, [3, 784])) as tf.Tensor;
    const expected = { G: Array.from(g.dataSync()), D: Array.from(d.dataSync()) };
    trainer.dispose();

    const dir = mkdtempSync(join(tmpdir(), 'gan-torch-weights-'));
    dirs.push(dir);
    for (const [path, contents] of generateTorchProject(design, { templates, weights: payload })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
    const script = [
      'import json, sys, torch',
      'import graph, train',
      'nets = {k: cls() for k, cls in graph.NETWORKS.items()}',
      "step = train.load_initial(nets, 'weights/initial.json')",
      'for n in nets.values(): n.eval()',
      'case = json.load(sys.stdin)',
      'with torch.no_grad():',
      "    g = nets['G'](torch.tensor(case['z']).view(3, 100))",
      "    d = nets['D'](torch.tensor(case['x']).view(3, 784))",
      "print(json.dumps({'step': step, 'G': g.flatten().tolist(), 'D': d.flatten().tolist()}))",
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', script], { cwd: dir, input: JSON.stringify({ z: Array.from(z), x: Array.from(x) }), encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { step: number; G: number[]; D: number[] };
    expect(got.step).toBe(2);
    for (const k of ['G', 'D'] as const) {
      const scale = Math.max(...expected[k].map(Math.abs));
      const worst = Math.max(...got[k].map((v, i) => Math.abs(v - expected[k][i]!)));
      console.log(`browser weights in PyTorch, ${k}: max |Δ| / max |y| ${(worst / scale).toExponential(1)}`);
      expect(worst / scale, k).toBeLessThan(1e-5);
    }
  }, 120_000);
});
