import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesFor } from '../../../cli/node-data';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import { mulberry32 } from '../../../lib/rng';
import { validateDesign } from '../../../lib/validate';
import { Trainer, type StepMetrics } from '../../../lib/train/trainer';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import type { Design } from '../../../lib/graph/schema';
import { PRESETS } from '../../../lib/presets';
import { ragan2d } from '../train/ragan-design';
import { generate, presetDesign, writeProject } from './helpers';

/**
 * Parity between the exported project and the in-app Trainer (lib/train/trainer.ts), for every preset. The two share
 * the step runtime (lib/train/step.ts) and the blocks' functions; what differs is how the design reaches them — the
 * app interprets the plan, the project runs generated code — and that is what this checks. The seam: both sides build
 * their networks under the same seed and take the same initial weights (injected below into both), and both draw
 * every batch — noise, labels, data indices, dropout masks, instance noise, the penalty's ε — from one mulberry32
 * stream in the same order. The exported side is imported from the generated TypeScript itself, written to a temp
 * folder whose node_modules links to the repository's: one tfjs instance, one backend.
 */

type Exported = {
  createTraining(o: { images: unknown; settings?: Record<string, number> }): { networks: Record<string, tf.LayersModel>; step: number };
  trainStep(t: unknown): Promise<StepMetrics>;
  disposeTraining(t: unknown): void;
};
type ExportedData = { loadImages(needs: readonly unknown[], p: object): Promise<unknown> };
type ExportedConfig = { imageSets: readonly unknown[] };

const BATCH = 4;
const SEED = 7;
const STEPS = 3;
const TOLERANCE = 1e-4;

// wasm with GAN Studio's training kernels, as `gan train` runs by default: the cpu backend's Conv2DBackpropFilter
// takes seconds per DCGAN step. Both sides run on the one backend, so they compute with the same kernels.
beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTrainingKernels(tf);
  await tf.setBackend('wasm');
});

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

/** Random weights of each tensor's shape from a fixed stream, different from either side's initialisation. */
function injectedWeights(models: ReadonlyMap<string, tf.LayersModel> | Record<string, tf.LayersModel>): Record<string, Float32Array[]> {
  const rng = mulberry32(99);
  const entries: [string, tf.LayersModel][] = models instanceof Map ? [...models] : Object.entries(models);
  return Object.fromEntries(entries.map(([id, m]) => [id, m.getWeights().map((w) => Float32Array.from({ length: w.size }, () => 0.1 * rng.normal()))]));
}

function setWeights(model: tf.LayersModel, values: Float32Array[]): void {
  const shapes = model.getWeights().map((w) => w.shape);
  const tensors = values.map((v, i) => tf.tensor(v, shapes[i]));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), 1e-8);

// Every preset, and the relativistic losses with truncated noise (blocks added after the presets).
const CASES: [string, () => Design][] = [
  ...PRESETS.map((p) => [p.id, () => presetDesign(p.id)] as [string, () => Design]),
  ...(['standard', 'least-squares', 'hinge'] as const).map((o) => [`ring8-ragan-${o}`, () => ragan2d(o)] as [string, () => Design]),
  ['ring8-rpgan-standard', () => ragan2d('standard', 'pair')],
];

describe.each(CASES)('%s: the exported trainStep against the in-app Trainer', (id, make) => {
  it(`draws the same initial weights, then gives the same losses for ${STEPS} steps from injected weights`, async () => {
    const design = make();
    const report = validateDesign(design);
    const { dir, cleanup } = writeProject(generate(design), id);
    cleanups.push(cleanup);
    const exported = (await import(/* @vite-ignore */ `${dir}/src/trainer.ts`)) as Exported;
    const data = (await import(/* @vite-ignore */ `${dir}/src/data.ts`)) as ExportedData;
    const config = (await import(/* @vite-ignore */ `${dir}/src/config.ts`)) as ExportedConfig;
    const images = await data.loadImages(config.imageSets, {});
    const app = Trainer.create(tf, design, report, { images: await imagesFor(design), seed: SEED, batchSize: BATCH, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
    const ours = exported.createTraining({ images, settings: { seed: SEED, batchSize: BATCH } });
    try {
      for (const net of design.networks) {
        const a = app.models.get(net.id)!.getWeights();
        const b = ours.networks[net.id]!.getWeights();
        expect(b.map((w) => w.shape)).toEqual(a.map((w) => w.shape));
        a.forEach((w, i) => expect(tf.max(tf.abs(tf.sub(w, b[i]!))).dataSync()[0], `${net.id} weight ${i}`).toBe(0));
      }
      const weights = injectedWeights(app.models);
      for (const net of design.networks) {
        setWeights(app.models.get(net.id)!, weights[net.id]!);
        setWeights(ours.networks[net.id]!, weights[net.id]!);
      }
      const worst: Record<string, number> = {};
      for (let step = 1; step <= STEPS; step++) {
        const a = await app.trainStep();
        const b = await exported.trainStep(ours);
        expect(Object.keys(b.losses).sort()).toEqual(Object.keys(a.losses).sort());
        expect(Object.keys(b.gradNorms).sort()).toEqual(Object.keys(a.gradNorms).sort());
        for (const k of Object.keys(a.losses)) {
          const d = relative(a.losses[k]!, b.losses[k]!);
          worst[k] = Math.max(worst[k] ?? 0, d);
          expect(d, `step ${step} ${k}: app ${a.losses[k]}, export ${b.losses[k]}`).toBeLessThan(TOLERANCE);
        }
        if (a.dReal !== null || b.dReal !== null) {
          expect(relative(a.dReal!, b.dReal!), `step ${step} D(x)`).toBeLessThan(TOLERANCE);
          expect(relative(a.dFake!, b.dFake!), `step ${step} D(G(z))`).toBeLessThan(TOLERANCE);
        }
      }
      console.log(`parity ${id}, ${STEPS} steps: ${Object.entries(worst).map(([k, d]) => `${k} Δrel ≤ ${d.toExponential(1)}`).join(', ')}`);
    } finally {
      app.dispose();
      exported.disposeTraining(ours);
    }
  }, 240_000);
});

describe('sampling refined by the critic (criticKeep)', () => {
  it('the exported generate keeps the same samples as the app: grid25-pacgan-2d, half of the candidates, packs of 2', async () => {
    const design = presetDesign('grid25-pacgan-2d');
    design.training.settings.criticKeep = 0.5;
    const { dir, cleanup } = writeProject(generate(design), 'critic-keep');
    cleanups.push(cleanup);
    const exported = (await import(/* @vite-ignore */ `${dir}/src/trainer.ts`)) as Exported & { generate(t: unknown, count: number, seed: number): tf.Tensor };
    const app = Trainer.create(tf, design, validateDesign(design), { images: {}, seed: SEED, batchSize: BATCH, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
    const ours = exported.createTraining({ images: {}, settings: { seed: SEED, batchSize: BATCH } });
    try {
      const weights = injectedWeights(app.models);
      for (const net of design.networks) {
        setWeights(app.models.get(net.id)!, weights[net.id]!);
        setWeights(ours.networks[net.id]!, weights[net.id]!);
      }
      const a = app.generate(50, 3);
      const b = exported.generate(ours, 50, 3);
      expect(b.shape).toEqual([50, 2]);
      expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-5);
      tf.dispose([a, b]);
    } finally {
      app.dispose();
      exported.disposeTraining(ours);
    }
  }, 240_000);
});

describe('a checkpoint of the exported project', () => {
  it('resumes exactly: 3 steps, save, 2 more equals 3 steps, load, 2 more', async () => {
    const { dir, cleanup } = writeProject(generate(presetDesign('ring8-2d')), 'resume');
    cleanups.push(cleanup);
    const ex = (await import(/* @vite-ignore */ `${dir}/src/trainer.ts`)) as Exported;
    const ck = (await import(/* @vite-ignore */ `${dir}/src/checkpoint.ts`)) as {
      saveCheckpoint(d: string, t: unknown): Promise<void>;
      loadCheckpoint(d: string, t: unknown): Promise<{ step: number }>;
    };
    const settings = { seed: 3, batchSize: 16, emaDecay: 0.9 };
    const a = ex.createTraining({ images: {}, settings });
    for (let i = 0; i < 3; i++) await ex.trainStep(a);
    await ck.saveCheckpoint(`${dir}/checkpoints/step-3`, a);
    const straight = [await ex.trainStep(a), await ex.trainStep(a)];
    ex.disposeTraining(a);

    const b = ex.createTraining({ images: {}, settings });
    expect((await ck.loadCheckpoint(`${dir}/checkpoints/step-3`, b)).step).toBe(3);
    const resumed = [await ex.trainStep(b), await ex.trainStep(b)];
    ex.disposeTraining(b);
    expect(resumed.map((m) => [m.step, m.losses])).toEqual(straight.map((m) => [m.step, m.losses]));
  }, 120_000);
});
