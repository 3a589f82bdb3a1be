import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frozenFor, imagesFor } from '../../../cli/node-data';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import { CLASSIFIER_DIR } from '../../../lib/codegen/generate';
import { generateTorchProject } from '../../../lib/codegen/python/generate';
import { loadTorchTemplates } from '../../../lib/codegen/templates';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { Trainer, type StepMetrics } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';
import { srganWithFeatureLoss } from '../train/feature-design';
import { generate, presetDesign, ROOT, templates, text, writeProject } from './helpers';

/**
 * The feature loss in the exported projects: the TypeScript project carries the frozen classifier's weights
 * (eval/mnist-classifier/), loads them for training (src/frozen.ts) and trains as the app does; the PyTorch generator
 * refuses the design by name rather than writing a project that cannot run it. (compile.test.ts type-checks the project.)
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

describe('the PyTorch export of a design with a feature loss', () => {
  it('is refused, naming the block, rather than written without the classifier', () => {
    const torchTemplates = loadTorchTemplates(join(ROOT, 'templates'));
    expect(() => generateTorchProject(design, { templates: torchTemplates })).toThrow('Feature loss "feature" trains with the frozen MNIST classifier, which the PyTorch export does not carry yet');
  });
});
