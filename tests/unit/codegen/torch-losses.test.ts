import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import type { Side } from '../../../lib/blocks/types';
import { mulberry32 } from '../../../lib/rng';
import { ROOT } from './helpers';

/**
 * Each loss block's PyTorch function (its `term.torch`, written into an exported project's losses.py as it is)
 * computes what its tfjs function computes: the scored losses on the same scores, every objective and side; the
 * penalties on a linear critic, whose input gradient is its weight vector, against their closed forms.
 */

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Case = { fn: string; params: Record<string, unknown>; side: Side; x: Record<string, { shape: number[]; data: number[] }>; criticWeights?: number[]; expected: number; what: string };

describe('loss blocks in PyTorch', () => {
  const rng = mulberry32(3);
  const scores = (n: number) => ({ shape: [n, 1], data: Array.from({ length: n }, () => 2 * rng.normal()) });
  const cases: Case[] = [];
  const tfValue = (type: string, params: Record<string, unknown>, side: Side, x: Case['x'], critic?: (t: tf.Tensor) => tf.Tensor) =>
    tf.tidy(() => {
      const term = blocks.get(type)!.term!;
      const xs = Object.fromEntries(Object.entries(x).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
      return term.loss(tf, blocks.get(type)!.params.parse(params), side, xs, { rng: mulberry32(1), ...(critic ? { critic } : {}) })!.dataSync()[0]!;
    });
  const scored = (type: string, params: Record<string, unknown>, sides: Side[]) => {
    for (const side of sides) {
      const x = { real: scores(16), fake: scores(16) };
      const parsed = blocks.get(type)!.params.parse(params) as Record<string, unknown>;
      cases.push({ fn: blocks.get(type)!.term!.torch!.name, params: parsed, side, x, expected: tfValue(type, params, side, x), what: `${type} ${JSON.stringify(params)} ${side}` });
    }
  };
  for (const objective of ['non-saturating', 'minimax', 'wasserstein', 'hinge', 'least-squares']) scored('adversarialLoss', { objective, realLabel: 0.9, weight: 2 }, ['critic', 'generator']);
  // Scores after a sigmoid: probabilities, clipped like Keras before the log.
  for (const side of ['critic', 'generator'] as const) {
    const prob = () => ({ shape: [16, 1], data: Array.from({ length: 16 }, () => 1 / (1 + Math.exp(-3 * rng.normal()))) });
    const x = { real: prob(), fake: prob() };
    const params = { objective: 'non-saturating', scores: 'probabilities', realLabel: 1, weight: 1 };
    cases.push({ fn: 'adversarial_loss', params, side, x, expected: tfValue('adversarialLoss', params, side, x), what: `adversarialLoss probabilities ${side}` });
  }
  for (const compare of ['average', 'pair']) for (const objective of ['standard', 'least-squares', 'hinge']) scored('relativisticLoss', { objective, compare, weight: 3 }, ['critic', 'generator']);
  for (const [type, norm] of [['reconstruction', 'l2'], ['cycleConsistency', 'l1'], ['identity', 'l1'], ['contentLoss', 'l1']] as const) {
    const x = { target: { shape: [4, 3, 3, 1], data: Array.from({ length: 36 }, () => rng.normal()) }, output: { shape: [4, 3, 3, 1], data: Array.from({ length: 36 }, () => rng.normal()) } };
    const side = blocks.get(type)!.term!.sides({})[0]!;
    cases.push({ fn: 'distance_loss', params: { norm, weight: 2 }, side, x, expected: tfValue(type, { norm, weight: 2 }, side, x), what: type });
  }
  // A linear critic D(x) = Σ w·x: ∇x D = w for every example.
  const w = Array.from({ length: 12 }, () => 0.5 * rng.normal());
  const norm2 = w.reduce((a, b) => a + b * b, 0);
  const images = () => ({ shape: [5, 2, 2, 3], data: Array.from({ length: 60 }, () => rng.normal()) });
  const linear = (t: tf.Tensor) => tf.sum(tf.mul(tf.reshape(t, [t.shape[0]!, -1]), tf.tensor1d(w)), 1, true);
  const gp = { real: images(), fake: images() };
  cases.push({ fn: 'gradient_penalty_loss', params: { weight: 10, target: 1 }, side: 'critic', x: gp, criticWeights: w, expected: 10 * (Math.sqrt(norm2 + 1e-12) - 1) ** 2, what: 'gradientPenalty' });
  const r1 = { real: images() };
  cases.push({ fn: 'r1_penalty_loss', params: { gamma: 4 }, side: 'critic', x: r1, criticWeights: w, expected: 2 * norm2, what: 'r1Penalty' });

  it('the tfjs penalties agree with their closed forms on a linear critic', () => {
    expect(tfValue('gradientPenalty', { weight: 10, target: 1 }, 'critic', gp, linear)).toBeCloseTo(10 * (Math.sqrt(norm2) - 1) ** 2, 4);
    expect(tfValue('r1Penalty', { gamma: 4 }, 'critic', r1, linear)).toBeCloseTo(2 * norm2, 4);
  });

  it('every loss term has a PyTorch function', () => {
    // The feature loss reads the frozen MNIST classifier, which no case here has: torch-parity.test.ts trains it, and
    // feature-loss-export.test.ts compares the PyTorch classifier with the app's.
    const terms = blocks.all().filter((b) => b.term);
    expect(terms.map((b) => b.type)).toContain('featureLoss');
    for (const b of terms) expect(b.term!.torch?.source, b.type).toMatch(new RegExp(`^def ${b.term!.torch?.name ?? '(none)'}\\(p, side, x, env`));
  });

  it.skipIf(!hasTorch)(`each PyTorch function computes what its tfjs function computes (skipped without ${PYTHON} and torch)`, () => {
    const sources = [...new Set(blocks.all().flatMap((b) => (b.term?.torch ? [b.term.torch.source] : [])))];
    const r = spawnSync(PYTHON, [join(ROOT, 'tests/unit/codegen/python/losses.py')], { input: JSON.stringify({ sources, cases }), encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as number[];
    cases.forEach((c, i) => expect(Math.abs(got[i]! - c.expected) / Math.max(Math.abs(c.expected), 1e-6), `${c.what}: torch ${got[i]}, tfjs ${c.expected}`).toBeLessThan(1e-5));
  });
});
