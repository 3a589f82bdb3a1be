import type * as tfType from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { evalFromArgs } from '../../../cli/commands/eval';
import { EvalController } from '../../../lib/train/eval-controller';
import { EvalCancelled, type EvalProgress } from '../../../lib/train/evaluation';
import { PAIRED_CHUNK, pairedMetrics, pairedTarget, type PairedEvalResult, type Translator } from '../../../lib/train/evaluation-paired';
import type { FromWorker } from '../../../lib/train/protocol';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { ImageSet } from '../../../lib/data/image-set';
import type { MnistClassifier } from '../../../lib/metrics/classifier';
import { getPreset } from '../../../lib/presets';
import { planTraining } from '../../../lib/train/plan';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';
import { committedClassifier, mnist, wasmTf } from './helpers';

/** Enough test digits for the PSNR gap to be far outside its spread (±0.1 dB at 200 digits), few enough for seconds. */
const DIGITS = 200;
/**
 * Steps after which the SR preset's generator is past bicubic (measured, seed 1, batch 16, 200 digits: PSNR 13.8 dB at
 * 60 steps, 15.1 at 80, 16.3 at 120 against bicubic's 14.8; classifier accuracy 81 % against 69.5 % at 120).
 */
const STEPS = 120;

function trainerFor(tf: typeof tfType, id: string, batchSize: number, emaDecay = 0): Trainer {
  const design = structuredClone(getPreset(id)!.design);
  design.training.settings.emaDecay = emaDecay;
  const report = validateDesign(design);
  return Trainer.create(tf, design, report, { images: { mnist: train }, seed: 1, batchSize, buildNetwork: (t, net, r) => buildNetwork(t, net, r, blocks) });
}

let tf: typeof tfType;
let train: ImageSet;
let test: ImageSet;
let clf: MnistClassifier;

beforeAll(async () => {
  tf = await wasmTf();
  [train, test] = await Promise.all([mnist('train'), mnist('test')]);
  clf = committedClassifier(tf);
}, 120_000);

describe('paired evaluation', () => {
  it.each([
    ['srgan-mnist', 'mnist-lowres-7'],
    ['pix2pix-mnist', 'mnist-outline'],
  ])('finds the generator of %s and its pair %s', (id, pair) => {
    const design = getPreset(id)!.design;
    const target = pairedTarget(planTraining(design, validateDesign(design), blocks));
    expect(target).toEqual({ kind: 'paired', pair, range: '[-1,1]', network: 'G', input: { node: 'data', port: 'a' } });
  });

  it.each(['dcgan-mnist', 'cyclegan-mnist', 'ring8-2d'])('has nothing to score in %s (no paired source)', (id) => {
    const design = getPreset(id)!.design;
    expect(pairedTarget(planTraining(design, validateDesign(design), blocks))).toBeNull();
  });

  it(`scores pix2pix's outlines themselves as its baseline`, async () => {
    const trainer = trainerFor(tf, 'pix2pix-mnist', 8);
    try {
      const m = await pairedMetrics(tf, trainer, pairedTarget(trainer.plan)!, test, clf, 50);
      expect(m.baseline).toBe('input');
      expect(m.samples).toBe(50);
      // An outline is not its digit, but shares its ink: SSIM well above an untrained G's, PSNR finite.
      expect(m.baselineScores.psnr).toBeGreaterThan(5);
      expect(m.baselineScores.ssim).toBeGreaterThan(m.generated.ssim);
      expect(m.truthAccuracy).toBeGreaterThan(0.95);
    } finally {
      trainer.dispose();
    }
  }, 60_000);

  it(`srgan-mnist's generator starts below bicubic and passes it on PSNR, SSIM and classifier accuracy after ${STEPS} steps`, async () => {
    const trainer = trainerFor(tf, 'srgan-mnist', 16);
    try {
      const target = pairedTarget(trainer.plan)!;
      const before = await pairedMetrics(tf, trainer, target, test, clf, DIGITS);
      expect(before.baseline).toBe('bicubic');
      expect(before.generated.psnr!).toBeLessThan(before.baselineScores.psnr!);
      for (let i = 0; i < STEPS; i++) await trainer.trainStep();
      const after = await pairedMetrics(tf, trainer, target, test, clf, DIGITS);
      // The baseline does not depend on G: the same figure before and after.
      expect(after.baselineScores).toEqual(before.baselineScores);
      expect(after.generated.psnr!).toBeGreaterThan(after.baselineScores.psnr! + 0.5);
      expect(after.generated.ssim).toBeGreaterThan(after.baselineScores.ssim);
      expect(after.generated.accuracy).toBeGreaterThan(after.baselineScores.accuracy);
    } finally {
      trainer.dispose();
    }
  }, 180_000);

  it('scores G in inference mode with its moving-average weights: what the EMA snapshot gives, not the raw weights', async () => {
    const averaged = trainerFor(tf, 'srgan-mnist', 8, 0.9);
    const plain = trainerFor(tf, 'srgan-mnist', 8);
    try {
      for (let i = 0; i < 3; i++) await averaged.trainStep();
      const target = pairedTarget(averaged.plan)!;
      // Over one chunk, so the chunks are stitched in order.
      const n = PAIRED_CHUNK + 10;
      const seen: EvalProgress[] = [];
      let pauses = 0;
      const m = await pairedMetrics(tf, averaged, target, test, clf, n, { progress: (p) => seen.push(p), between: async () => void pauses++ });
      expect(seen.filter((p) => p.stage === 'generating').map((p) => p.done)).toEqual([0, PAIRED_CHUNK, n]);
      // Truth and baseline classified, then G's chunks, then G(A) classified: 2 pauses each.
      expect(pauses).toBe(8);
      const G = averaged.models.get('G')!;
      const raw: Translator = { translate: (_input, a) => tf.tidy(() => G.predict(a) as tfType.Tensor) };
      const fromRaw = await pairedMetrics(tf, raw, target, test, clf, n);
      expect(fromRaw.generated.psnr).not.toBeCloseTo(m.generated.psnr!, 3);
      // The same figures from a trainer without averaging that holds the averages as its weights.
      const snap = await averaged.snapshot();
      plain.restore({ ...snap, weights: { ...snap.weights, G: snap.ema!['G']! } });
      expect(await pairedMetrics(tf, plain, target, test, clf, n)).toEqual(m);
    } finally {
      averaged.dispose();
      plain.dispose();
    }
  }, 60_000);

  it("runs in the worker's evaluation controller: test digits loaded once, progress, a cancel between chunks, tf memory flat", async () => {
    const posted: FromWorker[] = [];
    let loads = 0;
    const c = new EvalController({
      tf,
      post: (m) => posted.push(m),
      loadClassifier: async () => clf,
      loadTestImages: async () => (loads++, test),
    });
    const trainer = trainerFor(tf, 'pix2pix-mnist', 4);
    try {
      await c.attach(trainer, { mnist: train });
      const info = posted.filter((m) => m.type === 'evalInfo').at(-1);
      expect(info).toMatchObject({ target: { kind: 'paired', pair: 'mnist-outline' }, settings: { every: 250, samples: 1000 }, limits: { min: 100, max: 10_000 } });
      c.configure({ every: 0, samples: 100 });
      const before = tf.memory().numTensors;
      await c.run(() => false);
      expect(tf.memory().numTensors).toBe(before);
      // The first step makes the optimizers' slots; the evaluation after it leaves no tensor behind either.
      await trainer.trainStep();
      const afterStep = tf.memory().numTensors;
      await c.run(() => false);
      expect(tf.memory().numTensors).toBe(afterStep);
      expect(loads).toBe(1);
      const results = posted.flatMap((m) => (m.type === 'evalResult' ? [m.result as PairedEvalResult] : []));
      expect(results.map((r) => [r.kind, r.step, r.samples, r.baseline])).toEqual([
        ['paired', 0, 100, 'input'],
        ['paired', 1, 100, 'input'],
      ]);
      // The baseline and the ceiling do not depend on G: the cached test set gives them again.
      expect(results[1]!.baselineScores).toEqual(results[0]!.baselineScores);
      expect(c.results).toEqual(results);
      const stages = new Set(posted.flatMap((m) => (m.type === 'evalProgress' ? [m.progress.stage] : [])));
      expect([...stages]).toEqual(['reference', 'generating', 'scoring']);
      // A JSON round trip keeps it whole (checkpoints and run archives store it as it is).
      expect(JSON.parse(JSON.stringify(results[1]))).toEqual(results[1]);

      await c.run(() => true);
      expect(posted.at(-1)).toMatchObject({ type: 'evalFailed', cancelled: true });
      expect(c.results).toHaveLength(2);
    } finally {
      await c.detach();
      trainer.dispose();
    }
  }, 60_000);

  it('stops between chunks when the pause point throws', async () => {
    const trainer = trainerFor(tf, 'srgan-mnist', 4);
    try {
      const target = pairedTarget(trainer.plan)!;
      await expect(pairedMetrics(tf, trainer, target, test, clf, 100, { between: () => Promise.reject(new EvalCancelled()) })).rejects.toBeInstanceOf(EvalCancelled);
    } finally {
      trainer.dispose();
    }
  });

  it('is what `gan eval` reports for a paired design, as one JSON line', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
    try {
      expect(await evalFromArgs(['preset:pix2pix-mnist', '--train-steps', '2', '--samples', '40', '--batch', '4', '--json'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const out = JSON.parse(lines.at(-1)!) as { kind: string; step: number; metrics: { pair: string; samples: number; baseline: string; generated: { ssim: number }; truthAccuracy: number } };
    expect(out).toMatchObject({ kind: 'paired', step: 2, metrics: { pair: 'mnist-outline', samples: 40, baseline: 'input' } });
    expect(out.metrics.generated.ssim).toBeLessThan(1);
    expect(out.metrics.truthAccuracy).toBeGreaterThan(0.9);
  }, 60_000);
});
