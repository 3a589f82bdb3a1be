import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { CLASSIFIER_DIR } from '../../../lib/codegen/generate';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { ImageSet } from '../../../lib/data/image-set';
import { pairInput } from '../../../lib/data/pairs';
import { gather } from '../../../lib/data/source';
import type { Design } from '../../../lib/graph/schema';
import { bicubicUpsample } from '../../../lib/metrics/bicubic';
import { accuracyOf, classifyImages, generatedToInput, type MnistClassifier } from '../../../lib/metrics/classifier';
import { meanPsnr, meanSsim, type GreyImages } from '../../../lib/metrics/image-quality';
import { pairedMetrics, pairedTarget, type PairedMetrics } from '../../../lib/train/evaluation-paired';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';
import { committedClassifier, mnist, wasmTf } from '../eval/helpers';
import { generate, presetDesign, text, writeProject } from './helpers';

/**
 * `npm run eval` of an exported paired design (issue #18): PSNR, SSIM and the classifier's accuracy of G(A) against B
 * on MNIST test digits, beside the bicubic baseline and the ceiling — the figures GAN Studio's own paired evaluation
 * (lib/train/evaluation-paired.ts) gives for the same checkpoint. The checkpoint is the exported project's own, saved
 * after 2 steps of its training with a moving average kept, so the eval must read the averages; G has a batch norm,
 * so it must also run in inference mode (batch statistics would give other images).
 */

const DIGITS = 100;
const TOLERANCE = 1e-4;

type Sampler = { networks: Record<string, tf.LayersModel>; ema: Map<string, tf.Variable[]>; step: number };
type Exported = {
  trainer: {
    createTraining(o: { images: unknown; settings?: Record<string, number> }): Sampler;
    trainStep(t: unknown): Promise<unknown>;
    disposeTraining(t: unknown): void;
  };
  checkpoint: { saveCheckpoint(dir: string, t: unknown): Promise<void> };
  data: { loadImages(needs: readonly unknown[], p: object): Promise<{ mnist: ImageSet }> };
  config: { imageSets: readonly unknown[] };
  eval: { main(argv: string[]): Promise<number>; parseOptions(argv: string[]): { samples: number } | 'help' };
};
type Report = { kind: string; step: number } & PairedMetrics;

/** srgan-mnist with a moving average of G and a batch norm after G's first conv. */
function design(): Design {
  const d = presetDesign('srgan-mnist');
  d.training.settings.emaDecay = 0.5;
  const g = d.networks.find((n) => n.id === 'G')!;
  const edge = g.edges.find((e) => e.source === 'features')!;
  g.nodes.push({ id: 'features_bn', type: 'batchNormalization', params: {}, position: { x: 0, y: 0 } });
  g.edges.push({ id: 'features-bn', source: 'features', sourceHandle: edge.sourceHandle, target: 'features_bn', targetHandle: 'in' });
  Object.assign(edge, { source: 'features_bn', sourceHandle: 'out' });
  return d;
}

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

let test: ImageSet;
let clf: MnistClassifier;
beforeAll(async () => {
  await wasmTf();
  test = await mnist('test');
  clf = committedClassifier(tf);
}, 60_000);
afterAll(() => clf.dispose());

/** What `main` prints, each call's lines. */
async function runEval(main: Exported['eval']['main'], argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  try {
    expect(await main(argv)).toBe(0);
  } finally {
    log.mockRestore();
  }
  return lines;
}

/** The bicubic baseline computed here from lib/metrics: PSNR, SSIM and accuracy of the up-sampled 7×7 box means. */
async function bicubicScores(n: number): Promise<{ psnr: number; ssim: number; accuracy: number }> {
  const a = new Float32Array(n * 49);
  for (let i = 0; i < n; i++) pairInput('mnist-lowres-7', test, i).forEach((v, q) => (a[i * 49 + q] = v / 127.5 - 1));
  const up = bicubicUpsample({ pixels: a, count: n, height: 7, width: 7 }, 4, [-1, 1]);
  const b: GreyImages = { pixels: gather(test, Array.from({ length: n }, (_, i) => i), '[-1,1]'), count: n, height: 28, width: 28 };
  const { probs } = await classifyImages(tf, clf, { count: n, batch: (s, c) => tf.tidy(() => generatedToInput(tf, tf.tensor4d(up.pixels.subarray(s * 784, (s + c) * 784), [c, 28, 28, 1]), '[-1,1]')) });
  return { psnr: meanPsnr(up, b, '[-1,1]'), ssim: meanSsim(up, b, '[-1,1]'), accuracy: accuracyOf(probs.data, test.labels!, n) };
}

describe('npm run eval of an exported paired design', () => {
  const d = design();
  const files = generate(d);

  it('knows the design is paired and carries the classifier; other designs are not', () => {
    expect(text(files, 'src/config.ts')).toContain("export const paired: PairedTarget<NetworkId> | null = { pair: 'mnist-lowres-7', range: '[-1,1]', network: 'G' };");
    expect(files.get(`${CLASSIFIER_DIR}/weights.bin`)).toBeInstanceOf(Uint8Array);
    for (const f of ['src/eval-paired.ts', 'src/lib/metrics/image-quality.ts', 'src/lib/metrics/bicubic.ts', 'src/lib/data/pairs.ts']) expect(files.has(f), f).toBe(true);
    expect(text(generate(presetDesign('pix2pix-mnist')), 'src/config.ts')).toContain("{ pair: 'mnist-outline', range: '[-1,1]', network: 'G' }");
    expect(text(generate(presetDesign('dcgan-mnist')), 'src/config.ts')).toContain('export const paired: PairedTarget<NetworkId> | null = null;');
  });

  it(`scores a checkpoint as GAN Studio does, with the moving average, in inference mode, on ${DIGITS} test digits`, async () => {
    const { dir, cleanup } = writeProject(files, 'paired-eval');
    cleanups.push(cleanup);
    const load = <T>(m: string) => import(/* @vite-ignore */ join(dir, 'src', m)) as Promise<T>;
    const ex: Exported = {
      trainer: await load('trainer.ts'),
      checkpoint: await load('checkpoint.ts'),
      data: await load('data.ts'),
      config: await load('config.ts'),
      eval: await load('eval.ts'),
    };
    expect(ex.eval.parseOptions([])).toMatchObject({ samples: 1000 });
    expect(() => ex.eval.parseOptions(['--samples', '10001'])).toThrow('--samples takes a whole number from 10 to 10,000; got "10001"');

    // Two steps of the project's own training, saved as its checkpoint (networks and moving averages).
    const images = await ex.data.loadImages(ex.config.imageSets, {});
    const ours = ex.trainer.createTraining({ images, settings: { seed: 3, batchSize: 8 } });
    const app = Trainer.create(tf, d, validateDesign(d), { images, seed: 3, batchSize: 8, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
    const checkpoint = join(dir, 'checkpoints', 'step-000002');
    try {
      for (let i = 0; i < 2; i++) await ex.trainer.trainStep(ours);
      await ex.checkpoint.saveCheckpoint(checkpoint, ours);
      // GAN Studio's Trainer with the very same weights and averages.
      const values = async (ts: readonly tf.Tensor[]) => Promise.all(ts.map(async (w) => (await w.data()) as Float32Array));
      const ids = Object.keys(ours.networks);
      app.restore({
        step: ours.step,
        weights: Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await values(ours.networks[id]!.getWeights())] as const))),
        shapes: Object.fromEntries(ids.map((id) => [id, ours.networks[id]!.getWeights().map((w) => w.shape)])),
        ema: Object.fromEntries(await Promise.all([...ours.ema].map(async ([id, vs]) => [id, await values(vs)] as const))),
      });
    } finally {
      ex.trainer.disposeTraining(ours);
    }

    try {
      const want = await pairedMetrics(tf, app, pairedTarget(app.plan)!, test, clf, DIGITS);
      const [line] = await runEval(ex.eval.main, ['--checkpoint', checkpoint, '--samples', String(DIGITS), '--backend', 'wasm', '--json']);
      const got = JSON.parse(line!) as Report;
      expect(got).toMatchObject({ kind: 'paired', step: 2, pair: 'mnist-lowres-7', samples: DIGITS, baseline: 'bicubic' });
      for (const k of ['psnr', 'ssim', 'accuracy'] as const) {
        expect(Math.abs(got.generated[k]! - want.generated[k]!), `G(A) ${k}`).toBeLessThan(TOLERANCE);
        expect(Math.abs(got.baselineScores[k]! - want.baselineScores[k]!), `bicubic ${k}`).toBeLessThan(TOLERANCE);
      }
      expect(got.truthAccuracy).toBe(want.truthAccuracy);

      // The baseline is lib/metrics' bicubic up-sampling, scored by lib/metrics.
      const bicubic = await bicubicScores(DIGITS);
      expect(got.baselineScores.psnr!).toBeCloseTo(bicubic.psnr, 6);
      expect(got.baselineScores.ssim).toBeCloseTo(bicubic.ssim, 6);
      expect(got.baselineScores.accuracy).toBe(bicubic.accuracy);

      // The averages and inference mode matter here: the trained weights, or batch statistics, give other images.
      const raw = await app.snapshot();
      app.restore({ ...raw, ema: raw.weights });
      const trained = await pairedMetrics(tf, app, pairedTarget(app.plan)!, test, clf, DIGITS);
      expect(Math.abs(trained.generated.psnr! - got.generated.psnr!)).toBeGreaterThan(0.01);
      const G = app.models.get('G')!;
      const a = tf.tensor4d(Float32Array.from({ length: DIGITS * 49 }, (_, k) => pairInput('mnist-lowres-7', test, Math.floor(k / 49))[k % 49]! / 127.5 - 1), [DIGITS, 7, 7, 1]);
      const [inInference, inTraining] = tf.tidy(() => [G.apply(a, { training: false }), G.apply(a, { training: true })] as tf.Tensor[]);
      expect(tf.max(tf.abs(tf.sub(inInference!, inTraining!))).dataSync()[0]).toBeGreaterThan(0.01);
      tf.dispose([a, inInference!, inTraining!]);

      // The table: the same figures, rounded.
      const table = (await runEval(ex.eval.main, ['--checkpoint', checkpoint, '--samples', String(DIGITS), '--backend', 'wasm'])).join('\n');
      const g = got.generated;
      const bl = got.baselineScores;
      expect(table).toContain(`(step 2)`);
      expect(table).toMatch(new RegExp(`PSNR \\(dB\\), G\\(A\\) / bicubic +${g.psnr!.toFixed(2)} / ${bl.psnr!.toFixed(2)}`));
      expect(table).toMatch(new RegExp(`SSIM, G\\(A\\) / bicubic +${g.ssim.toFixed(3)} / ${bl.ssim.toFixed(3)}`));
      expect(table).toMatch(new RegExp(`classifier accuracy on B \\(the ceiling\\) +${(100 * got.truthAccuracy).toFixed(1)} %`));
      expect(table).toMatch(new RegExp(`MNIST test digits +${DIGITS}`));
    } finally {
      app.dispose();
    }
  }, 120_000);
});
