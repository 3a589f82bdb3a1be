import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import { validateDesign } from '../../../lib/validate';
import { Trainer } from '../../../lib/train/trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function trainer(design: Design, seed = 3, batchSize = 8) {
  const report = validateDesign(design);
  expect(report.problems).toEqual([]);
  return Trainer.create(tf, design, report, { images: {}, seed, batchSize, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
}

const ring = () => structuredClone(getPreset('ring8-2d')!.design);

describe('Trainer', () => {
  it('keeps tf.memory().numTensors flat across steps, and frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const t = trainer(ring());
    await t.trainStep();
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) await t.trainStep();
    expect(tf.memory().numTensors).toBe(after1);
    t.sample().dispose();
    expect(tf.memory().numTensors).toBe(after1 + 2); // the fixed noise and fixed data batch are kept for the grid
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reproduces a seeded run exactly on one backend', async () => {
    const run = async (seed: number) => {
      const t = trainer(ring(), seed);
      const out = [];
      for (let i = 0; i < 3; i++) out.push((await t.trainStep()).losses);
      t.dispose();
      return out;
    };
    const a = await run(11);
    expect(await run(11)).toEqual(a);
    expect(await run(12)).not.toEqual(a);
  });

  it('trains D nCritic times per G step and clips critic weights', async () => {
    const d = structuredClone(getPreset('ring8-2d')!.design);
    d.training.settings.nCritic = 3;
    const loss = d.training.nodes.find((n) => n.id === 'loss')!;
    loss.params['objective'] = 'wasserstein';
    d.training.nodes.push({ id: 'clip', type: 'weightClip', params: { clip: 0.01 }, position: { x: 0, y: 0 } });
    d.training.edges.push({ id: 'clip-edge', source: 'D_real', sourceHandle: 'out', target: 'clip', targetHandle: 'score' });
    const t = trainer(d);
    const m = await t.trainStep();
    expect(m.wasserstein).not.toBeNull();
    const weights = t.models.get('D')!.trainableWeights.map((w) => w.read().dataSync());
    for (const w of weights) for (const v of w) expect(Math.abs(v)).toBeLessThanOrEqual(0.01 + 1e-7);
    t.dispose();
  });

  it('computes the WGAN-GP penalty, which is λ(‖w‖ − 1)² for a linear critic', async () => {
    const d = structuredClone(getPreset('ring8-2d')!.design);
    const D = d.networks.find((n) => n.id === 'D')!;
    // A linear critic D(x) = w·x + b: its input gradient is w everywhere.
    D.nodes = D.nodes.filter((n) => n.id === 'in' || n.id === 'out' || n.id === 'score');
    D.edges = [
      { id: 'a', source: 'in', sourceHandle: 'out', target: 'score', targetHandle: 'in' },
      { id: 'b', source: 'score', sourceHandle: 'out', target: 'out', targetHandle: 'in' },
    ];
    d.training.nodes.find((n) => n.id === 'loss')!.params['objective'] = 'wasserstein';
    d.training.nodes.find((n) => n.id === 'opt_D')!.params['learningRate'] = 1e-9;
    d.training.nodes.push({ id: 'gp', type: 'gradientPenalty', params: { weight: 10 }, position: { x: 0, y: 0 } });
    d.training.edges.push(
      { id: 'gp-r', source: 'D_real', sourceHandle: 'out', target: 'gp', targetHandle: 'real' },
      { id: 'gp-f', source: 'D_fake', sourceHandle: 'out', target: 'gp', targetHandle: 'fake' },
    );
    const t = trainer(d);
    const w = t.models.get('D')!.trainableWeights[0]!.read().dataSync();
    const norm = Math.hypot(...w);
    const m = await t.trainStep();
    expect(m.losses['gp']).toBeCloseTo(10 * (norm - 1) ** 2, 4);
    t.dispose();
  });
});

describe('faults', () => {
  it('names the first non-finite loss, and restore() rolls the weights back to a snapshot', async () => {
    const d = ring();
    d.training.nodes.find((n) => n.id === 'loss')!.params['objective'] = 'least-squares';
    const t = trainer(d);
    // Far beyond any sane rate (the design's schema stops at 10): the critic's weights blow up within a few steps.
    t.setLearningRate('D', 1e30);
    const snap = await t.snapshot();
    const w0 = Array.from(t.models.get('D')!.getWeights()[0]!.dataSync());
    let fault: string | null = null;
    for (let i = 0; i < 60 && !fault; i++) fault = (await t.trainStep()).nonFinite;
    expect(fault ?? '').toMatch(/^loss\.(D|G)$/);
    t.restore(snap);
    expect(t.step).toBe(0);
    expect(Array.from(t.models.get('D')!.getWeights()[0]!.dataSync())).toEqual(w0);
    t.dispose();
  });
});

describe('checkpoints', () => {
  it('carry the moving averages: a trainer restored from a snapshot samples what the original samples, and one without them averages from the weights', async () => {
    const a = trainer(ring());
    for (let i = 0; i < 3; i++) await a.trainStep();
    const snap = await a.snapshot();
    // ring8-2d averages G (emaDecay 0.99): after 3 steps the average is not the weights.
    expect(Object.keys(snap.ema ?? {})).toEqual(['G']);
    expect(Array.from(snap.ema!['G']![0]!)).not.toEqual(Array.from(snap.weights['G']![0]!));
    // The same seed, so the same fixed noise: before the restore its samples come from its initial average.
    const b = trainer(ring());
    const [x, y0] = [a.sample(), b.sample()];
    expect(Array.from(y0.dataSync())).not.toEqual(Array.from(x.dataSync()));
    b.restore(snap);
    const y = b.sample();
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, y0, y]);
    // A checkpoint saved before the averages were kept: they start from its weights.
    const c = trainer(ring(), 12);
    c.restore({ step: snap.step, weights: snap.weights, shapes: snap.shapes });
    expect(Array.from((await c.snapshot()).ema!['G']![0]!)).toEqual(Array.from(snap.weights['G']![0]!));
    [a, b, c].forEach((t) => t.dispose());
  });
});
