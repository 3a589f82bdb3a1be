import { describe, expect, it } from 'vitest';
import { diagnose, DiagnosisRecorder, sampleStats, type Diagnosis } from '../../../lib/train/diagnostics';
import type { SampleFrame } from '../../../lib/train/protocol';
import { frames, ganFacts, healthyFrames, history, imageEval, run, toyEval } from './diagnostics-fixtures';

const codes = (ds: Diagnosis[]) => ds.map((d) => d.code);

describe('health check: healthy runs', () => {
  it('a healthy run raises nothing, and neither does a run too young to judge', () => {
    expect(diagnose(run())).toEqual([]);
    expect(diagnose(run({ steps: 3000, evaluations: [toyEval(1000, 8), toyEval(2000, 8), toyEval(3000, 8, 0.85)] }))).toEqual([]);
    // 150 steps of a D that already wins: too early to say.
    expect(diagnose(run({ steps: 150, history: history(150, () => ({ dReal: 6, dFake: -3 })) }))).toEqual([]);
  });
});

describe('discriminator-saturated', () => {
  it('fires when D(x) → 1 and D(G(z)) → 0, as an error once G’s gradient fades, and links D’s learning rate', () => {
    const h = history(1000, (s) => ({ dReal: s < 300 ? 0.4 : 9, dFake: s < 300 ? -0.4 : -2, gradG: s < 500 ? 10 : 2 }));
    const [d] = diagnose(run({ history: h }));
    expect(d?.code).toBe('discriminator-saturated');
    expect(d?.severity).toBe('error');
    expect(d?.evidence.figures['D(x)']).toBeGreaterThan(0.99);
    expect(d?.evidence).toMatchObject({ fromStep: 801, toStep: 1000 });
    expect(d?.suggestion.setting).toEqual({ kind: 'node', nodeId: 'opt_D', param: 'learningRate' });
  });
  it('is a warning while G’s gradient holds, and on the probability scale reads scores as they are', () => {
    expect(diagnose(run({ history: history(1000, () => ({ dReal: 9, dFake: -2 })) })).find((d) => d.code === 'discriminator-saturated')?.severity).toBe('warning');
    const probs = ganFacts({ loss: { nodeId: 'loss', objective: 'non-saturating', scores: 'probabilities' } });
    expect(codes(diagnose(run({ design: probs, history: history(1000, () => ({ dReal: 0.7, dFake: 0.3 })) })))).toEqual([]);
    expect(codes(diagnose(run({ design: probs, history: history(1000, () => ({ dReal: 0.99, dFake: 0.05 })) })))).toContain('discriminator-saturated');
  });
  it('does not apply to unbounded critics (Wasserstein scores are not probabilities)', () => {
    const wgan = ganFacts({ loss: { nodeId: 'loss', objective: 'wasserstein', scores: 'logits' }, penalties: [{ nodeId: 'gp', type: 'gradientPenalty', metric: 'gp', weight: 10 }] });
    expect(codes(diagnose(run({ design: wgan, history: history(1000, () => ({ dReal: 3, dFake: -3, lossD: -6, gp: 0.2 })) })))).not.toContain('discriminator-saturated');
  });
});

describe('mode-collapse', () => {
  it('fires when the evaluation loses modes it had, linking the EMA setting when there is none', () => {
    const evaluations = [toyEval(250, 5), toyEval(500, 7), toyEval(750, 4), toyEval(1000, 3)];
    const d = diagnose(run({ evaluations, design: ganFacts({ settings: { nCritic: 1, emaDecay: 0, batchSize: 128 } }) })).find((x) => x.code === 'mode-collapse');
    expect(d?.evidence.figures).toMatchObject({ 'modes covered': 3, 'modes covered, best': 7 });
    expect(d?.suggestion.setting).toEqual({ kind: 'training', field: 'emaDecay' });
  });
  it('fires when samples stop spreading far short of the data, not while they are still spreading', () => {
    const collapsed = frames(1000, (s) => ({ diversity: s < 300 ? 0.2 + s / 300 : 0.5, movement: 0.2 }));
    expect(codes(diagnose(run({ samples: collapsed, evaluations: [] })))).toContain('mode-collapse');
    const spreading = frames(400, (s) => ({ diversity: s / 500, movement: 0.2 }));
    expect(codes(diagnose(run({ steps: 400, samples: spreading, evaluations: [] })))).toEqual([]);
  });
  it('on images, reads the class histogram narrowing', () => {
    const evaluations = [imageEval(500, 10, 0.05), imageEval(1000, 10, 0.3), imageEval(1500, 9, 0.9)];
    const d = diagnose(run({ steps: 1500, evaluations, samples: [] })).find((x) => x.code === 'mode-collapse');
    expect(d?.evidence.figures['class KL (nats)']).toBe(0.9);
    expect(codes(diagnose(run({ steps: 1500, evaluations: [imageEval(500, 10, 0.9), imageEval(1000, 10, 0.3), imageEval(1500, 10, 0.1)], samples: [] })))).toEqual([]);
  });
});

describe('oscillation', () => {
  const cycling = (s: number) => ({ lossG: 1 + 0.8 * Math.sin((2 * Math.PI * s) / 80) });
  it('fires when G’s loss cycles and the evaluations do not improve', () => {
    const flat = [toyEval(500, 4, 0.3), toyEval(750, 4, 0.3), toyEval(1000, 4, 0.3)];
    const d = diagnose(run({ history: history(1000, cycling), evaluations: flat })).find((x) => x.code === 'oscillation');
    expect(d?.evidence.figures['G loss reversals']).toBeGreaterThanOrEqual(6);
    expect(d?.suggestion.setting).toEqual({ kind: 'node', nodeId: 'opt_G', param: 'learningRate' });
  });
  it('does not fire on the same cycles while the run improves, nor on noise', () => {
    expect(codes(diagnose(run({ history: history(1000, cycling) })))).not.toContain('oscillation');
    expect(codes(diagnose(run({ evaluations: [toyEval(750, 8), toyEval(1000, 8)] })))).toEqual([]);
  });
  it('fires on samples hopping further than they are spread (and links β1 when it is high)', () => {
    const hopping = frames(1000, (s) => ({ diversity: s < 400 ? s / 250 : 1.6, movement: 2.5 }));
    const design = ganFacts({ optimizers: [{ nodeId: 'opt_G', network: 'G', type: 'adam', learningRate: 5e-3, beta1: 0.9 }, ganFacts().optimizers[1]!] });
    const d = diagnose(run({ samples: hopping, evaluations: [], design })).find((x) => x.code === 'oscillation');
    expect(d?.evidence.figures['sample movement / spread']).toBeCloseTo(2.5 / 1.6, 2);
    expect(d?.suggestion.setting).toEqual({ kind: 'node', nodeId: 'opt_G', param: 'beta1' });
  });
});

describe('diverging', () => {
  it('fires on gradient norms growing tenfold past 50', () => {
    const d = diagnose(run({ history: history(1000, (s) => ({ gradD: s < 600 ? 2 : 80 })) })).find((x) => x.code === 'diverging');
    expect(d?.severity).toBe('error');
    expect(d?.evidence.figures['D gradient norm']).toBeGreaterThan(50);
    expect(d?.suggestion.setting).toEqual({ kind: 'node', nodeId: 'opt_D', param: 'learningRate' });
  });
  it('does not fire on the growth of a healthy non-saturating run (G: 0.65 → 18 over 2,500 steps)', () => {
    expect(codes(diagnose(run({ steps: 2500, history: history(2500, (s) => ({ gradG: 0.65 + (s / 2500) * 17 })), evaluations: [toyEval(2500, 8)] })))).toEqual([]);
  });
  it('fires on an unconstrained Wasserstein critic’s scores running away, and points at the missing constraint', () => {
    const wgan = ganFacts({ loss: { nodeId: 'loss', objective: 'wasserstein', scores: 'logits' } });
        // As measured on ring8-2d: mean scores about ±2 over the first 250 steps, −45 by step 1,500.
    const h = history(1500, (s) => ({ dReal: s < 300 ? 1.5 : -s / 30, dFake: s < 300 ? 1 : -0.5 - s / 30, w: 0.5, lossD: -0.5, lossG: s < 300 ? -1 : s / 30 }));
    const d = diagnose(run({ steps: 1500, design: wgan, history: h, evaluations: [] })).find((x) => x.code === 'diverging');
    expect(d?.sentence).toMatch(/no Lipschitz constraint/);
    expect(d?.suggestion.setting).toEqual({ kind: 'node', nodeId: 'loss', param: 'objective' });
    // The same drift with a gradient penalty in the design: still diverging, but the advice is the learning rate.
    const gp = ganFacts({ loss: wgan.loss, penalties: [{ nodeId: 'gp', type: 'gradientPenalty', metric: 'gp', weight: 10 }] });
    expect(diagnose(run({ steps: 1500, design: gp, history: h, evaluations: [] })).find((x) => x.code === 'diverging')?.suggestion.setting).toMatchObject({ param: 'learningRate' });
  });
});

describe('dead-generator', () => {
  it('fires when the fixed-noise samples stop moving', () => {
    const still = frames(1000, (s) => ({ diversity: s < 300 ? s / 200 : 1.7, movement: s < 800 ? 0.05 : 0 }));
    const d = diagnose(run({ samples: still })).find((x) => x.code === 'dead-generator');
    expect(d?.evidence).toMatchObject({ fromStep: 900, toStep: 1000 });
    expect(d?.suggestion.setting).toEqual({ kind: 'node', nodeId: 'opt_G', param: 'learningRate' });
  });
  it('does not fire on a converged run that still moves a little (1 % of its spread a frame)', () => {
    expect(codes(diagnose(run({ samples: frames(1000, (s) => ({ diversity: Math.min(1.7, s / 200), movement: 0.017 })) })))).toEqual([]);
  });
});

describe('lipschitz-ignored', () => {
  const wganGp = (lambda: number, nCritic: number) =>
    ganFacts({
      loss: { nodeId: 'loss', objective: 'wasserstein', scores: 'logits' },
      penalties: [{ nodeId: 'gp', type: 'gradientPenalty', metric: 'gp', weight: lambda }],
      settings: { nCritic, emaDecay: 0.99, batchSize: 128 },
    });
  // As measured on ring8-2d: λ = 0.1 with a fast critic, penalty ≈ 0.3–0.7 (norms 1.6–2.7 from 1); λ = 10, 0.2–1.
  const loose = history(1000, () => ({ lossD: -1, gp: 0.4, dReal: 0.5, dFake: -0.5 }));
  it('fires when the penalty over λ says the critic’s gradient norms are ≥ 1 from 1, and links λ when it is below 10', () => {
    const d = diagnose(run({ design: wganGp(0.1, 1), history: loose })).find((x) => x.code === 'lipschitz-ignored');
    expect(d?.evidence.figures['RMS distance of ‖∇D‖ from 1']).toBeGreaterThan(1.5);
    expect(d?.suggestion.setting).toEqual({ kind: 'node', nodeId: 'gp', param: 'weight' });
    const big = history(1000, () => ({ lossD: -1, gp: 40 }));
    expect(diagnose(run({ design: wganGp(10, 1), history: big })).find((x) => x.code === 'lipschitz-ignored')?.suggestion.setting).toEqual({ kind: 'training', field: 'nCritic' });
    expect(diagnose(run({ design: wganGp(10, 5), history: big })).find((x) => x.code === 'lipschitz-ignored')?.suggestion.setting).toEqual({ kind: 'node', nodeId: 'opt_D', param: 'learningRate' });
  });
  it('does not fire on a converging WGAN-GP whose loss goes to 0 while the penalty stays small, nor on R1', () => {
    expect(codes(diagnose(run({ design: wganGp(10, 5), history: history(1000, () => ({ lossD: -0.02, gp: 0.3, dReal: 0.1, dFake: 0.08 })) })))).toEqual([]);
    const r1 = ganFacts({ penalties: [{ nodeId: 'r1', type: 'r1Penalty', metric: 'gp', weight: 0.1 }] });
    expect(codes(diagnose(run({ design: r1, history: loose })))).not.toContain('lipschitz-ignored');
  });
});

describe('sample statistics and the recorder', () => {
  const points = (step: number, xs: number[]): SampleFrame => ({ kind: 'points', step, fake: Float32Array.from(xs), real: Float32Array.from([0, 0, 2, 0]), surface: null });
  it('measure spread and movement per coordinate', () => {
    const a = sampleStats(points(50, [0, 0, 2, 0]), null)!;
    expect(a.diversity).toBeCloseTo(Math.sqrt(2), 6);
    expect(a.movement).toBeNull();
    expect(a.realDiversity).toBeCloseTo(Math.sqrt(2), 6);
    const b = sampleStats(points(100, [0, 2, 2, 2]), points(50, [0, 0, 2, 0]))!;
    expect(b.movement).toBeCloseTo(Math.sqrt(2), 6);
    const img: SampleFrame = { kind: 'images', step: 1, count: 2, height: 1, width: 2, channels: 1, range: '[-1,1]', data: Float32Array.from([0, 0, 1, 1]) };
    expect(sampleStats(img, null)).toMatchObject({ diversity: 1, realDiversity: null });
  });
  it('keeps a bounded history and forgets what a rewind undoes', () => {
    const r = new DiagnosisRecorder();
    for (const m of history(20_000)) r.step(m);
    expect(r.history.length).toBeLessThan(3000);
    expect(r.history[0]!.step).toBe(1);
    expect(r.history.at(-1)!.step).toBe(20_000);
    r.evaluation(toyEval(500, 3));
    r.evaluation(toyEval(250, 2));
    r.evaluation(toyEval(500, 4));
    expect(r.evaluations.map((e) => [e.step, e.kind === 'toy2d' && e.modesCovered])).toEqual([[250, 2], [500, 4]]);
    r.rewind(300);
    expect(r.evaluations.map((e) => e.step)).toEqual([250]);
    expect(r.history.at(-1)!.step).toBeLessThanOrEqual(300);
    expect(r.history.every((m) => m.step <= 300)).toBe(true);
  });
  it('healthy fixtures are healthy for every rule at every length', () => {
    for (const steps of [250, 500, 750, 1000, 2000]) expect(diagnose(run({ steps, samples: healthyFrames(steps) })), `${steps} steps`).toEqual([]);
  });
});
