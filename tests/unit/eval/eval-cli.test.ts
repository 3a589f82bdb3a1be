import * as tf from '@tensorflow/tfjs';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../cli/args';
import { encodeCheckpoint } from '../../../cli/checkpoint-file';
import { evalFromArgs } from '../../../cli/commands/eval';
import { loadMnistNode } from '../../../cli/node-data';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { ImageMetrics } from '../../../lib/metrics/classifier';
import { getPreset } from '../../../lib/presets';
import { validateDesign } from '../../../lib/validate';
import { Trainer } from '../../../lib/train/trainer';

type Run = { code: number | null; out: string; err: string; lastLine: string };

/** Runs the real CLI in a child process, as a user's script would. Async, so independent runs overlap. */
function gan(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn('npx', ['tsx', 'cli/gan.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => resolve({ code, out, err, lastLine: out.trim().split('\n').at(-1) ?? '' }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'gan-eval-'));
const SAMPLES = '300';
const FAST = ['--samples', SAMPLES, '--kid-subsets', '3', '--json'];

type ImagesJson = { target: string; kind: 'images'; design: string | null; step: number | null; seed: number; backend: string; classifier: { testAccuracy: number }; metrics: ImageMetrics; seconds: Record<string, number> };

let checkpoint: string;

beforeAll(async () => {
  // An untrained DCGAN: the checkpoint a `gan train preset:dcgan-mnist --steps 0 --save FILE` would write.
  await tf.setBackend('cpu');
  const design = structuredClone(getPreset('dcgan-mnist')!.design);
  const t = Trainer.create(tf, design, validateDesign(design), { images: { mnist: await loadMnistNode('train') }, seed: 1, buildNetwork: (x, n, r) => buildNetwork(x, n, r, blocks) });
  checkpoint = join(dir, 'dcgan.ckpt');
  writeFileSync(checkpoint, encodeCheckpoint(design, await t.snapshot(), t.batchSize, { seed: 1, source: 'preset:dcgan-mnist' }));
  t.dispose();
}, 60_000);

const METRIC_KEYS = ['samples', 'classifierScore', 'frechetDistance', 'kid', 'precision', 'recall', 'k', 'classesCovered', 'totalClasses', 'classKlToUniform', 'classHistogram'];

describe('gan eval', () => {
  it.each([
    [['real:mnist-test', '--samples', '20000'], /real:mnist-test has 10000 images/],
    [['real:mnist-test', '--samples', '40000'], /--samples must be a whole number from 10 to 30000/],
    [['preset:dcgan-mnist'], /is a design: pass --train-steps N/],
    [['real:mnist-test', '--train-steps', '5'], /--train-steps applies to a design/],
    [[], /eval takes one target/],
  ])('refuses bad usage before any work: %j', async (args, message) => {
    await expect(evalFromArgs(args)).rejects.toThrow(UsageError);
    await expect(evalFromArgs(args)).rejects.toThrow(message);
  });

  it('prints every image metric as one JSON object on the last line, for real test images and for a checkpoint', async () => {
    const [real, ckpt] = await Promise.all([gan('eval', 'real:mnist-test', ...FAST), gan('eval', checkpoint, ...FAST)]);
    expect(real.code, real.err).toBe(0);
    expect(ckpt.code, ckpt.err).toBe(0);
    const r = JSON.parse(real.lastLine) as ImagesJson;
    const c = JSON.parse(ckpt.lastLine) as ImagesJson;
    for (const j of [r, c]) {
      expect(Object.keys(j.metrics).sort()).toEqual([...METRIC_KEYS].sort());
      expect(j.metrics.samples).toEqual({ reference: 300, evaluated: 300 });
      expect(j).toMatchObject({ kind: 'images', backend: 'wasm', seed: 0 });
      expect(j.classifier.testAccuracy).toBeGreaterThanOrEqual(0.99);
      for (const v of [j.metrics.classifierScore, j.metrics.frechetDistance, j.metrics.kid.mean, j.metrics.precision, j.metrics.recall]) expect(Number.isFinite(v)).toBe(true);
    }
    expect(r).toMatchObject({ target: 'real:mnist-test', design: null, step: null });
    expect(r.metrics.classesCovered).toBe(10);
    expect(c).toMatchObject({ design: 'DCGAN on MNIST', step: 0 });
    // An untrained generator makes blobs, not digits.
    expect(c.metrics.frechetDistance).toBeGreaterThan(10 * r.metrics.frechetDistance);
  }, 180_000);

  it('evaluates a 2-D design trained inline with mode metrics', async () => {
    const r = await gan('eval', 'preset:ring8-2d', '--train-steps', '5', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.lastLine) as { kind: string; step: number; samples: number; metrics: Record<string, unknown> };
    expect(j).toMatchObject({ kind: 'toy2d', step: 5, samples: 2500 });
    expect(Object.keys(j.metrics).sort()).toEqual(['highQualityFraction', 'modesCovered', 'reverseKl', 'totalModes']);
  }, 120_000);

  it("--critic-keep scores D's best share of the candidates, and says so", async () => {
    const [raw, kept] = await Promise.all([
      gan('eval', 'preset:ring8-2d', '--train-steps', '300', '--critic-keep', '1', '--json'),
      gan('eval', 'preset:ring8-2d', '--train-steps', '300', '--critic-keep', '0.25', '--json'),
    ]);
    expect(raw.code, raw.err).toBe(0);
    expect(kept.code, kept.err).toBe(0);
    type Toy = { criticKeep: number; samples: number; metrics: { highQualityFraction: number } };
    const [r, k] = [JSON.parse(raw.lastLine) as Toy, JSON.parse(kept.lastLine) as Toy];
    expect([r.criticKeep, k.criticKeep]).toEqual([1, 0.25]);
    expect(k.samples).toBe(2500);
    // The same weights (same seed and steps), other samples: what D kept of 10,000 candidates is not G's first 2,500.
    expect(r.metrics.highQualityFraction).toBeGreaterThan(0);
    expect(k.metrics.highQualityFraction).not.toBe(r.metrics.highQualityFraction);
  }, 120_000);

  it('fails with one line and no stack trace: exit 1 for bad files, 2 for bad usage', async () => {
    const corrupt = join(dir, 'corrupt.ckpt');
    writeFileSync(corrupt, 'GANSCKPT\u0001\u0000\u0000\u0000{');
    const badClassifier = join(dir, 'classifier');
    mkdirSync(badClassifier);
    writeFileSync(join(badClassifier, 'model.json'), '{"format": "something-else", "version": 1}');
    writeFileSync(join(badClassifier, 'weights.bin'), '');
    const cases: [string[], number, RegExp][] = [
      [['eval', corrupt], 1, /^error: E_CKPT_CORRUPT: /],
      [['eval', 'real:mnist-test', '--classifier', badClassifier], 1, /^error: E_CLASSIFIER_FORMAT: /],
      [['eval', 'real:cifar'], 2, /^error: unknown real set "real:cifar"/],
      [['eval', 'preset:ring8-2d', '--train-steps', '1', '--critic-keep', '0.01'], 2, /^error: --critic-keep must be a number from 0.1 to 1; got "0.01"/],
    ];
    const runs = await Promise.all(cases.map(([args]) => gan(...args)));
    runs.forEach((r, i) => {
      const [, code, message] = cases[i]!;
      expect(r.code).toBe(code);
      expect(r.err).toMatch(message);
      expect(r.out + r.err).not.toMatch(/\n\s+at /);
    });
  }, 120_000);
});
