import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import { candidateCount, keepBest, MAX_CANDIDATES, rankingPasses } from '../../../lib/train/critic-ranking';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rows = async (t: tf.Tensor) => (await t.array()) as number[][];

describe('keepBest', () => {
  it('keeps the samples the critic scores highest, best first', async () => {
    const samples = tf.tensor2d([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]);
    const scores = tf.tensor2d([[0.1], [3], [-2], [5], [0.2]]);
    const kept = keepBest(tf, samples, scores, 3);
    expect(await rows(kept)).toEqual([[3, 3], [1, 1], [4, 4]]);
    tf.dispose([samples, scores, kept]);
  });

  it('keeps or drops a packing critic’s packs whole (PacGAN: one score for every 2 samples)', async () => {
    const samples = tf.tensor2d([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
    const scores = tf.tensor2d([[-1], [4], [2]]); // packs (0,1), (2,3), (4,5)
    const kept = keepBest(tf, samples, scores, 3);
    expect(await rows(kept)).toEqual([[2, 2], [3, 3], [4, 4]]);
    tf.dispose([samples, scores, kept]);
  });

  it('ranks images by the mean of a PatchGAN critic’s map of scores', async () => {
    const samples = tf.tensor4d([0, 1, 2], [3, 1, 1, 1]);
    // Per image, a 2×1 map: means 1, 0.5, 2.
    const scores = tf.tensor4d([0, 2, 3, -2, 1, 3], [3, 2, 1, 1]);
    const kept = keepBest(tf, samples, scores, 2);
    expect(kept.shape).toEqual([2, 1, 1, 1]);
    expect(Array.from(await kept.data())).toEqual([2, 0]);
    tf.dispose([samples, scores, kept]);
  });

  it('refuses scores that do not divide the samples, and leaks no tensor', () => {
    const samples = tf.zeros([5, 2]);
    const scores = tf.zeros([2, 1]);
    const before = tf.memory().numTensors;
    expect(() => keepBest(tf, samples, scores, 2)).toThrow(/2 scores for 5 samples/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([samples, scores]);
  });

  it('draws a whole number of packs, enough for the share kept', () => {
    expect(candidateCount(2500, 0.5, 1)).toBe(5000);
    expect(candidateCount(2500, 0.5, 2)).toBe(5000);
    expect(candidateCount(5, 0.5, 2)).toBe(10);
    expect(candidateCount(3, 0.25, 4)).toBe(12);
    expect(candidateCount(7, 1, 2)).toBe(8);
  });

  it('splits a large draw into passes of at most MAX_CANDIDATES candidates, whole packs each', () => {
    expect(rankingPasses(2500, 0.5, 2)).toEqual([[2500, 5000]]);
    const passes = rankingPasses(20_000, 0.1, 2);
    expect(passes).toHaveLength(10);
    expect(passes.every(([kept, candidates]) => kept === 2000 && candidates === MAX_CANDIDATES)).toBe(true);
    expect(rankingPasses(2100, 0.1, 1)).toEqual([[2000, 20_000], [100, 1000]]);
    const odd = rankingPasses(9999, 0.3, 4);
    expect(odd.reduce((a, [kept]) => a + kept, 0)).toBe(9999);
    expect(odd.every(([, candidates]) => candidates % 4 === 0 && candidates <= MAX_CANDIDATES + 4 / 0.3)).toBe(true);
  });
});

describe('Trainer.generate with criticKeep', () => {
  const pacgan = (keep: number): Design => {
    const d = structuredClone(getPreset('grid25-pacgan-2d')!.design);
    d.training.settings.criticKeep = keep;
    return d;
  };
  const make = (d: Design) => {
    const report = validateDesign(d);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    return Trainer.create(tf, d, report, { images: {}, seed: 5, batchSize: 8, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
  };

  it('returns the half of the candidates whose packs D scores highest: the same candidates G gives unrefined', async () => {
    const raw = make(pacgan(1));
    const ranked = make(pacgan(0.5));
    try {
      await raw.trainStep();
      await ranked.trainStep();
      // The same seed and the same draw count: the 64 candidates the ranked trainer scores are raw's 64 samples.
      const candidates = raw.generate(64, 11);
      const d = raw.models.get('D')!;
      const score = d.apply(candidates, { training: false }) as tf.Tensor;
      const s = Array.from(await score.data());
      const c = await rows(candidates);
      const byScore = s.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
      const expected = byScore.slice(0, 16).flatMap(([, i]) => [c[2 * i]!, c[2 * i + 1]!]);
      const before = tf.memory().numTensors;
      const kept = ranked.generate(32, 11);
      expect(tf.memory().numTensors).toBe(before + 1);
      const got = await rows(kept);
      expect(got.length).toBe(32);
      got.forEach((p, i) => p.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
      // Better than the pack D ranks worst: the kept packs' lowest score is above the dropped packs' highest.
      expect(byScore[15]![0]).toBeGreaterThan(byScore[16]![0]);
      tf.dispose([candidates, score, kept]);
    } finally {
      raw.dispose();
      ranked.dispose();
    }
  });

  it('draws more than MAX_CANDIDATES in passes, and leaks no tensor', () => {
    const d = structuredClone(getPreset('ring8-2d')!.design);
    d.training.settings.criticKeep = 0.1;
    const t = make(d);
    try {
      const before = tf.memory().numTensors;
      const kept = t.generate(2100, 4); // passes of 20,000 and 1,000 candidates
      expect(kept.shape).toEqual([2100, 2]);
      expect(tf.memory().numTensors).toBe(before + 1);
      kept.dispose();
    } finally {
      t.dispose();
    }
  });

  it('leaves the fixed sample grid alone: it shows G’s raw output', async () => {
    const raw = make(pacgan(1));
    const ranked = make(pacgan(0.25));
    try {
      const a = raw.sample();
      const b = ranked.sample();
      expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
      tf.dispose([a, b]);
    } finally {
      raw.dispose();
      ranked.dispose();
    }
  });
});

describe('validation of criticKeep', () => {
  const codes = (d: Design) => validateDesign(d).problems.map((p) => p.code);
  it('warns when no critic scores the samples, and not when one does', () => {
    const d = structuredClone(getPreset('ring8-2d')!.design);
    d.training.settings.criticKeep = 0.5;
    expect(codes(d)).not.toContain('W_CRITIC_KEEP');
    const loss = d.training.nodes.find((n) => n.type === 'adversarialLoss')!.id;
    const without: Design = { ...d, training: { ...d.training, nodes: d.training.nodes.filter((n) => n.id !== loss), edges: d.training.edges.filter((e) => e.target !== loss) } };
    expect(codes(without)).toContain('W_CRITIC_KEEP');
    without.training.settings.criticKeep = 1;
    expect(codes(without)).not.toContain('W_CRITIC_KEEP');
  });
});
