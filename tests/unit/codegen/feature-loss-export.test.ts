import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frozenFor, imagesFor } from '../../../cli/node-data';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import { CLASSIFIER_DIR } from '../../../lib/codegen/generate';
import { generateTorchProject } from '../../../lib/codegen/python/generate';
import { loadTorchTemplates } from '../../../lib/codegen/templates';
import { ACTIVATION_LAYERS, classifierForward } from '../../../lib/metrics/classifier';
import { mulberry32 } from '../../../lib/rng';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { Trainer, type StepMetrics } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';
import { srganWithFeatureLoss } from '../train/feature-design';
import { generate, presetDesign, ROOT, templates, text, writeProject } from './helpers';

/**
 * The feature loss in the exported projects: each carries the frozen classifier's weights (eval/mnist-classifier/) and
 * loads them for training — the TypeScript project through src/frozen.ts, training as the app does (compile.test.ts
 * type-checks it); the PyTorch project through frozen.py, whose module gives the app's activations at every layer and
 * refuses a damaged file with a message (its training steps: torch-parity.test.ts).
 */

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTrainingKernels(tf);
  await tf.setBackend('wasm');
});
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

const design = srganWithFeatureLoss({ layer: 'conv2', weight: 0.5 });

describe('the TypeScript export of a design with a feature loss', () => {
  const files = generate(design);

  it('carries the classifier and says the run loads it', () => {
    expect(files.get(`${CLASSIFIER_DIR}/model.json`)).toBe(templates.get(`${CLASSIFIER_DIR}/model.json`));
    expect(files.get(`${CLASSIFIER_DIR}/weights.bin`)).toBeInstanceOf(Uint8Array);
    expect(text(files, 'src/config.ts')).toContain("export const frozenNetworks: readonly FrozenName[] = ['mnist-classifier'];");
    expect(text(files, 'src/graph.ts')).toMatch(/featureLoss\(tf, \w+, 'generator', \{ target: [^}]+, output: [^}]+ \}, \{ rng: ctx\.rng, \.\.\.\(ctx\.frozen \? \{ frozen: ctx\.frozen \} : \{\}\) \}\)/);
    expect(files.has('src/frozen.ts')).toBe(true);
    expect(files.has('src/lib/blocks/losses/feature.ts')).toBe(true);
  });

  it('a design without one loads nothing and carries no classifier it does not use', () => {
    const plain = generate(presetDesign('ring8-2d'));
    expect(text(plain, 'src/config.ts')).toContain('export const frozenNetworks: readonly FrozenName[] = [];');
    expect(plain.has(`${CLASSIFIER_DIR}/weights.bin`)).toBe(false);
    expect(plain.has('src/lib/blocks/losses/feature.ts')).toBe(false);
  });

  it('trains as the app does: the same losses, the feature loss among them, for 2 steps', async () => {
    type Exported = {
      createTraining(o: { images: unknown; settings?: Record<string, number> }): unknown;
      trainStep(t: unknown): Promise<StepMetrics>;
      disposeTraining(t: unknown): void;
    };
    const { dir, cleanup } = writeProject(files, 'feature-loss');
    cleanups.push(cleanup);
    const exported = (await import(/* @vite-ignore */ `${dir}/src/trainer.ts`)) as Exported;
    const data = (await import(/* @vite-ignore */ `${dir}/src/data.ts`)) as { loadImages(needs: readonly unknown[], p: object): Promise<unknown> };
    const config = (await import(/* @vite-ignore */ `${dir}/src/config.ts`)) as { imageSets: readonly unknown[] };
    const settings = { seed: 5, batchSize: 4 };
    const ours = exported.createTraining({ images: await data.loadImages(config.imageSets, {}), settings });
    const app = Trainer.create(tf, design, validateDesign(design), { images: await imagesFor(design), frozen: frozenFor(tf, design), ...settings, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
    try {
      for (let step = 1; step <= 2; step++) {
        const a = await app.trainStep();
        const b = await exported.trainStep(ours);
        expect(Object.keys(b.losses).sort()).toEqual(['adversarial.D', 'adversarial.G', 'content', 'feature']);
        for (const k of Object.keys(a.losses)) expect(Math.abs(a.losses[k]! - b.losses[k]!) / Math.max(Math.abs(a.losses[k]!), 1e-8), `step ${step} ${k}`).toBeLessThan(1e-4);
        expect(b.losses['feature']).toBeGreaterThan(0);
      }
    } finally {
      app.dispose();
      exported.disposeTraining(ours);
    }
  }, 120_000);
});

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;

describe('the PyTorch export of a design with a feature loss', () => {
  const torchTemplates = loadTorchTemplates(join(ROOT, 'templates'));
  const files = generateTorchProject(design, { templates: torchTemplates });

  it('carries the classifier, frozen.py and its architecture, and hands the network to the term', () => {
    expect(files.get(`${CLASSIFIER_DIR}/model.json`)).toBe(readFileSync(join(ROOT, 'assets/mnist-classifier/model.json'), 'utf8'));
    expect(Buffer.from(files.get(`${CLASSIFIER_DIR}/weights.bin`) as Uint8Array).equals(readFileSync(join(ROOT, 'assets/mnist-classifier/weights.bin')))).toBe(true);
    expect(files.get('frozen.py')).toBe(torchTemplates.get('frozen.py'));
    expect(text(files, 'graph.py')).toMatch(/^FROZEN = \{'mnist-classifier': \{'dir': 'eval\/mnist-classifier', 'format': 'gan-studio\/mnist-classifier', 'version': 1, 'architecture': 'mnist-cnn-v1: /m);
    expect(text(files, 'graph.py')).toMatch(/= ctx\.metric\('feature', feature_loss\(FEATURE_PARAMS, 'generator', \{'target': [^}]+, 'output': [^}]+\}, \{'frozen': ctx\.frozen\}\)\)/);
    expect(text(files, 'losses.py')).toContain('def feature_loss(p, side, x, env=None):');
    expect(text(files, 'README.md')).toContain("The feature loss compares the activations of GAN Studio's MNIST classifier, which the project carries in");
  });

  it('a design without one carries neither the classifier nor frozen.py', () => {
    const plain = generateTorchProject(presetDesign('srgan-mnist'), { templates: torchTemplates });
    expect([...plain.keys()].filter((f) => f.startsWith('eval/') || f === 'frozen.py')).toEqual([]);
    expect(text(plain, 'graph.py')).toMatch(/^FROZEN = \{\}$/m);
    expect(text(plain, 'README.md')).not.toContain('MNIST classifier');
  });

  it.skipIf(!hasTorch)(`frozen.py's classifier gives the app's activations at every layer and refuses damaged weights by name (skipped without ${PYTHON} and torch)`, () => {
    const { dir, cleanup } = writeProject(files, 'feature-loss-torch');
    cleanups.push(cleanup);
    const manifest = text(files, `${CLASSIFIER_DIR}/model.json`);
    const bin = files.get(`${CLASSIFIER_DIR}/weights.bin`) as Uint8Array;
    const nan = bin.slice();
    new DataView(nan.buffer).setFloat32(4 * 1000, Number.NaN, true);
    const narrower = JSON.parse(manifest) as { weights: { shape: number[] }[] };
    narrower.weights[0]!.shape = [3, 3, 1, 16];
    const damaged: Record<string, [string, string | Uint8Array][]> = {
      truncated: [['model.json', manifest], ['weights.bin', bin.subarray(0, bin.length - 4)]],
      nan: [['model.json', manifest], ['weights.bin', nan]],
      shape: [['model.json', JSON.stringify(narrower)], ['weights.bin', bin]],
      foreign: [['model.json', JSON.stringify({ ...(JSON.parse(manifest) as object), format: 'tfjs-layers' })], ['weights.bin', bin]],
      notJson: [['model.json', '{"format": '], ['weights.bin', bin]],
      missing: [['model.json', manifest]],
    };
    for (const [name, fs] of Object.entries(damaged)) {
      mkdirSync(join(dir, 'damaged', name), { recursive: true });
      for (const [f, contents] of fs) writeFileSync(join(dir, 'damaged', name, f), contents);
    }
    const rng = mulberry32(7);
    const images = { shape: [3, 1, 28, 28], data: Array.from({ length: 3 * 784 }, () => rng.next()) };
    const r = spawnSync(PYTHON, [join(ROOT, 'tests/unit/codegen/python/frozen_check.py')], {
      cwd: dir,
      input: JSON.stringify({ images, layers: ACTIVATION_LAYERS, damaged: Object.fromEntries(Object.keys(damaged).map((k) => [k, join(dir, 'damaged', k)])) }),
      encoding: 'utf8',
      timeout: 60_000,
      // Every layer's activations of three images as JSON: 2 MB.
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { activations: Record<string, number[]>; logits: number[]; refusals: Record<string, string | null> };

    // One channel: the channels-first images are the app's [n, 28, 28, 1] in the same order.
    const frozen = frozenFor(tf, design)['mnist-classifier']!;
    const x = tf.tensor(images.data, [3, 28, 28, 1]);
    const worst = (a: number[], b: Float32Array | Int32Array | Uint8Array) => {
      expect(a.length).toBe(b.length);
      const scale = Math.max(...Array.from(b, Math.abs), 1e-6);
      return Math.max(...a.map((v, i) => Math.abs(v - b[i]!))) / scale;
    };
    const gaps: Record<string, number> = {};
    for (const layer of ACTIVATION_LAYERS) {
      const want = tf.tidy(() => frozen.activations(x, layer).dataSync());
      gaps[layer] = worst(got.activations[layer]!, want);
      expect(gaps[layer], layer).toBeLessThan(1e-5);
    }
    const logits = tf.tidy(() => classifierForward(tf, frozen.weights, x as tf.Tensor4D).logits.dataSync());
    gaps['logits'] = worst(got.logits, logits);
    expect(gaps['logits'], 'logits').toBeLessThan(1e-5);
    console.log(`frozen.py against the app's classifier, max |Δ| / max |app|: ${Object.entries(gaps).map(([k, d]) => `${k} ${d.toExponential(1)}`).join(', ')}`);
    x.dispose();
    frozen.weights.forEach((t) => t.dispose());

    expect(got.refusals['truncated']).toMatch(/^E_FROZEN_WEIGHTS: .*weights\.bin has 752932 bytes; the architecture needs 752936\. The file is truncated or from another model$/);
    expect(got.refusals['nan']).toMatch(/^E_FROZEN_WEIGHTS: .*weights\.bin: conv2\/kernel holds a value that is not finite; the file is corrupt$/);
    expect(got.refusals['shape']).toMatch(/^E_FROZEN_WEIGHTS: .*model\.json: weight 1 is \('conv1\/kernel', \[3, 3, 1, 16\], 'float32'\); the architecture needs \('conv1\/kernel', \[3, 3, 1, 32\], 'float32'\)$/);
    expect(got.refusals['foreign']).toMatch(/^E_FROZEN_FORMAT: .*model\.json needs "format": "gan-studio\/mnist-classifier"$/);
    expect(got.refusals['notJson']).toMatch(/^E_FROZEN_FORMAT: .*model\.json is not valid JSON/);
    expect(got.refusals['missing']).toMatch(/^E_FROZEN_MISSING: the feature loss trains with the MNIST classifier in .*damaged\/missing \(model\.json, weights\.bin\), which cannot be read/);
  }, 60_000);
});
