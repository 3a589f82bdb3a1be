import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { discriminatorLoss, generatorLoss, type AdversarialParams } from '../../../lib/blocks/losses/adversarial';
import { bceOnProbabilities, bceWithLogits } from '../../../lib/blocks/losses/cross-entropy';
import { distanceLoss } from '../../../lib/blocks/losses/reconstruction';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const term = (objective: AdversarialParams['objective'], extra: Partial<AdversarialParams> = {}): AdversarialParams => ({ objective, scores: 'logits', realLabel: 1, weight: 1, ...extra });
const value = (t: tf.Tensor) => t.dataSync()[0]!;
const sig = (s: number) => 1 / (1 + Math.exp(-s));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const REAL = [2, -1, 0.5, 3];
const FAKE = [-2, 1, -0.5, 0];

describe('adversarial losses against their formulas', () => {
  const r = () => tf.tensor2d(REAL, [4, 1]);
  const f = () => tf.tensor2d(FAKE, [4, 1]);
  const bce = (s: number, t: number) => -(t * Math.log(sig(s)) + (1 - t) * Math.log(1 - sig(s)));

  it.each([
    ['non-saturating D', () => discriminatorLoss(tf, term('non-saturating'), r(), f()), mean(REAL.map((s) => bce(s, 1))) + mean(FAKE.map((s) => bce(s, 0)))],
    ['label-smoothed D', () => discriminatorLoss(tf, term('non-saturating', { realLabel: 0.9 }), r(), f()), mean(REAL.map((s) => bce(s, 0.9))) + mean(FAKE.map((s) => bce(s, 0)))],
    ['non-saturating G', () => generatorLoss(tf, term('non-saturating'), f()), mean(FAKE.map((s) => -Math.log(sig(s))))],
    ['minimax G', () => generatorLoss(tf, term('minimax'), f()), mean(FAKE.map((s) => Math.log(1 - sig(s))))],
    ['wasserstein D', () => discriminatorLoss(tf, term('wasserstein'), r(), f()), mean(FAKE) - mean(REAL)],
    ['wasserstein G', () => generatorLoss(tf, term('wasserstein'), f()), -mean(FAKE)],
    ['hinge D', () => discriminatorLoss(tf, term('hinge'), r(), f()), mean(REAL.map((s) => Math.max(0, 1 - s))) + mean(FAKE.map((s) => Math.max(0, 1 + s)))],
    ['hinge G', () => generatorLoss(tf, term('hinge'), f()), -mean(FAKE)],
    ['least-squares D', () => discriminatorLoss(tf, term('least-squares'), r(), f()), 0.5 * mean(REAL.map((s) => (s - 1) ** 2)) + 0.5 * mean(FAKE.map((s) => s * s))],
    ['least-squares G', () => generatorLoss(tf, term('least-squares'), f()), 0.5 * mean(FAKE.map((s) => (s - 1) ** 2))],
  ])('%s', (_name, compute, expected) => {
    expect(value(compute())).toBeCloseTo(expected, 5);
  });

  it('BCE on logits is stable for large scores, and agrees with BCE on probabilities', () => {
    expect(value(bceWithLogits(tf, tf.tensor1d([1000, -1000]), 1))).toBeCloseTo(500, 3);
    const s = [0.3, -1.2, 2.5];
    expect(value(bceOnProbabilities(tf, tf.sigmoid(tf.tensor1d(s)), 1))).toBeCloseTo(value(bceWithLogits(tf, tf.tensor1d(s), 1)), 5);
  });

  it('distances: mean |a − b| and mean (a − b)²', () => {
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.tensor1d([2, 2, 5]);
    expect(value(distanceLoss(tf, { norm: 'l1', weight: 1 }, 'generator', { output: a, target: b })!)).toBeCloseTo(1, 6);
    expect(value(distanceLoss(tf, { norm: 'l2', weight: 2 }, 'generator', { output: a, target: b })!)).toBeCloseTo(10 / 3, 6);
  });
});
