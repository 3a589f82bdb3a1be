import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { relativisticLoss, type RelativisticParams } from '../../../lib/blocks/losses/relativistic';
import { truncatedNoiseSource } from '../../../lib/blocks/sources/truncated-noise';
import { mulberry32 } from '../../../lib/rng';
import { validateDesign } from '../../../lib/validate';
import { ragan2d } from './ragan-design';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const REAL = [2, -1, 0.5, 3];
const FAKE = [-2, 1, -0.5, 0];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const softplus = (s: number) => Math.log1p(Math.exp(s));
// BCE on logits: target 1 → softplus(−s), target 0 → softplus(s).
const realRel = REAL.map((r) => r - mean(FAKE));
const fakeRel = FAKE.map((f) => f - mean(REAL));
const value = (t: tf.Tensor | null) => t!.dataSync()[0]!;
const loss = (p: Partial<RelativisticParams>, side: 'critic' | 'generator') =>
  value(relativisticLoss(tf, { objective: 'standard', compare: 'average', weight: 1, ...p }, side, { real: tf.tensor2d(REAL, [4, 1]), fake: tf.tensor2d(FAKE, [4, 1]) }));

describe('relativistic losses against their formulas (Jolicoeur-Martineau 2018, halved as in the reference code)', () => {
  it.each([
    ['RaSGAN D', { objective: 'standard' }, 'critic', (mean(realRel.map((s) => softplus(-s))) + mean(fakeRel.map(softplus))) / 2],
    ['RaSGAN G', { objective: 'standard' }, 'generator', (mean(fakeRel.map((s) => softplus(-s))) + mean(realRel.map(softplus))) / 2],
    ['RaLSGAN D', { objective: 'least-squares' }, 'critic', (mean(realRel.map((s) => (s - 1) ** 2)) + mean(fakeRel.map((s) => (s + 1) ** 2))) / 2],
    ['RaLSGAN G', { objective: 'least-squares' }, 'generator', (mean(fakeRel.map((s) => (s - 1) ** 2)) + mean(realRel.map((s) => (s + 1) ** 2))) / 2],
    ['RaHinge D', { objective: 'hinge' }, 'critic', (mean(realRel.map((s) => Math.max(0, 1 - s))) + mean(fakeRel.map((s) => Math.max(0, 1 + s)))) / 2],
    ['RaHinge G, weight 3', { objective: 'hinge', weight: 3 }, 'generator', (3 * (mean(fakeRel.map((s) => Math.max(0, 1 - s))) + mean(realRel.map((s) => Math.max(0, 1 + s))))) / 2],
  ] as const)('%s', (_name, p, side, expected) => {
    expect(loss(p, side)).toBeCloseTo(expected, 5);
  });

  // RpGAN: the i-th real score against the i-th generated one (Jolicoeur-Martineau 2018's RSGAN; R3GAN's loss).
  const pairRel = REAL.map((r, i) => r - FAKE[i]!);
  it.each([
    ['RpGAN D', { objective: 'standard' }, 'critic', mean(pairRel.map((s) => softplus(-s)))],
    ['RpGAN G', { objective: 'standard' }, 'generator', mean(pairRel.map(softplus))],
    ['RpLSGAN D', { objective: 'least-squares' }, 'critic', mean(pairRel.map((s) => (s - 1) ** 2))],
    ['RpHinge G, weight 3', { objective: 'hinge', weight: 3 }, 'generator', 3 * mean(pairRel.map((s) => Math.max(0, 1 + s)))],
  ] as const)('%s', (_name, p, side, expected) => {
    expect(loss({ ...p, compare: 'pair' }, side)).toBeCloseTo(expected, 5);
    // Not the average form's value on these scores: the test tells the two apart.
    expect(Math.abs(loss(p, side) - expected)).toBeGreaterThan(1e-2);
  });

  it('gives the generator a gradient through D(x) too, unlike the standard GAN', () => {
    const real = tf.tensor2d(REAL, [4, 1]);
    const g = tf.grad((r: tf.Tensor) => relativisticLoss(tf, { objective: 'standard', compare: 'average', weight: 1 }, 'generator', { real: r, fake: tf.tensor2d(FAKE, [4, 1]) })!)(real);
    expect(Math.max(...Array.from(g.dataSync(), Math.abs))).toBeGreaterThan(1e-3);
  });
});

describe('truncated-normal noise', () => {
  it('draws [batch, dim] values within ±2σ, reproducibly from the run’s generator', () => {
    const src = truncatedNoiseSource(tf, { dim: 64, stdDev: 0.5 });
    const a = src.sample(100, mulberry32(5))['z']!;
    const b = src.sample(100, mulberry32(5))['z']!;
    expect(a.shape).toEqual([100, 64]);
    const v = Array.from(a.dataSync());
    expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(1);
    expect(Array.from(b.dataSync())).toEqual(v);
    // The truncated normal's std is 0.88σ (a normal cut at ±2σ); it is a normal draw, not a uniform one (0.58 × range).
    const sd = Math.sqrt(mean(v.map((x) => x * x)) - mean(v) ** 2);
    expect(sd).toBeGreaterThan(0.8 * 0.5);
    expect(sd).toBeLessThan(0.95 * 0.5);
  });
});

describe('a design with both new blocks', () => {
  it('validates, and its checks know a relativistic critic must not end with a sigmoid', () => {
    const d = ragan2d('standard');
    expect(validateDesign(d).problems).toEqual([]);
    const withSigmoid = structuredClone(d);
    withSigmoid.networks.find((n) => n.id === 'D')!.nodes.find((n) => n.id === 'score')!.params['activation'] = 'sigmoid';
    expect(validateDesign(withSigmoid).problems.map((p) => p.code)).toContain('E_LOSS_ACTIVATION');
  });

  it('shows in the palette of the training graph, from the registry', () => {
    const training = blocks.all().filter((b) => b.level === 'training').map((b) => b.type);
    expect(training).toEqual(expect.arrayContaining(['relativisticLoss', 'truncatedNoise']));
  });

  it('trains with `gan train` and reports both sides of the loss', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gan-ragan-')), 'ragan.gan.json');
    writeFileSync(file, JSON.stringify(ragan2d('least-squares')));
    const r = spawnSync('npx', ['tsx', 'cli/gan.ts', 'train', file, '--steps', '20', '--json'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { steps: number; losses: Record<string, number>; dReal: number; metrics: { modesCovered?: number } };
    expect(j.steps).toBe(20);
    expect(Object.keys(j.losses).sort()).toEqual(['loss.D', 'loss.G']);
    for (const v of Object.values(j.losses)) expect(Number.isFinite(v)).toBe(true);
    expect(Number.isFinite(j.dReal)).toBe(true);
  }, 120_000);
});
