import type { EvalResult, ImageEvalResult, ToyEvalResult } from '../../../lib/train/evaluation';
import type { StepMetrics } from '../../../lib/train/step-metrics';
import type { DesignFacts, DiagnosisInput, SampleStats } from '../../../lib/train/diagnostics';

/** Synthetic runs for the health check's unit tests: a ring8-like GAN whose numbers each test bends one way. */
export const ganFacts = (over: Partial<DesignFacts> = {}): DesignFacts => ({
  loss: { nodeId: 'loss', objective: 'non-saturating', scores: 'logits' },
  penalties: [],
  clips: [],
  spectralNorm: false,
  critics: ['D'],
  generators: ['G'],
  optimizers: [
    { nodeId: 'opt_G', network: 'G', type: 'adam', learningRate: 1e-3, beta1: 0.5 },
    { nodeId: 'opt_D', network: 'D', type: 'adam', learningRate: 1e-3, beta1: 0.5 },
  ],
  settings: { nCritic: 1, emaDecay: 0.99, batchSize: 128 },
  ...over,
});

/** A seeded wobble (±amp), so healthy histories are noisy as real ones are. */
export function noise(seed: number): (amp: number) => number {
  let s = seed >>> 0 || 1;
  return (amp) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return ((s / 2 ** 32) * 2 - 1) * amp;
  };
}

type StepShape = Partial<{ dReal: number; dFake: number; lossD: number; lossG: number; gradD: number; gradG: number; w: number | null; gp: number }>;

/** `steps` steps; `at(step)` says what each step's numbers are, around a healthy ring8 run's (D(x) ≈ 0.6, norms ≈ 1). */
export function history(steps: number, at: (step: number) => StepShape = () => ({}), seed = 1): StepMetrics[] {
  const n = noise(seed);
  return Array.from({ length: steps }, (_, i) => {
    const step = i + 1;
    const s = at(step);
    const losses: Record<string, number> = { 'loss.D': (s.lossD ?? 1.2) + n(0.1), 'loss.G': (s.lossG ?? 0.9) + n(0.1) };
    if (s.gp !== undefined) losses['gp'] = s.gp + n(s.gp * 0.2);
    return {
      step,
      losses,
      dReal: (s.dReal ?? 0.4) + n(0.2),
      dFake: (s.dFake ?? -0.4) + n(0.2),
      wasserstein: s.w === undefined ? null : s.w,
      gradNorms: { D: (s.gradD ?? 1) * (1 + n(0.3)), G: (s.gradG ?? 1) * (1 + n(0.3)) },
      nonFinite: null,
    };
  });
}

/** Sample statistics every 50 steps up to `steps`; `at` gives diversity and movement (real spread 1.8, as ring8's). */
export function frames(steps: number, at: (step: number) => { diversity: number; movement: number }, real: number | null = 1.8): SampleStats[] {
  const out: SampleStats[] = [];
  for (let step = 50; step <= steps; step += 50) {
    const s = at(step);
    out.push({ step, diversity: s.diversity, movement: step === 50 ? null : s.movement, realDiversity: real, count: 512 });
  }
  return out;
}

/** A healthy ring8 run's sample statistics: spreading out to the real data's spread, then settling. */
export const healthyFrames = (steps: number) => frames(steps, (s) => ({ diversity: Math.min(1.75, 0.2 + s / 300), movement: s < 600 ? 0.3 : 0.05 }));

export function toyEval(step: number, modesCovered: number, highQualityFraction = 0.8): ToyEvalResult {
  return { kind: 'toy2d', step, samples: 2500, seconds: 0.01, mixture: 'ring8', modesCovered, totalModes: 8, highQualityFraction, reverseKl: 0.1, counts: [] };
}

export function imageEval(step: number, classesCovered: number, classKl: number): ImageEvalResult {
  return {
    kind: 'images',
    step,
    samples: 1000,
    seconds: 1,
    classifierScore: 8,
    frechetDistance: 10,
    kid: { mean: 0.01, std: 0.001, subsets: 10, subsetSize: 100 },
    precision: 0.7,
    recall: 0.5,
    k: 3,
    classesCovered,
    totalClasses: 10,
    classKl,
    classHistogram: [],
  };
}

export const run = (over: Partial<DiagnosisInput> & { steps?: number } = {}): DiagnosisInput => {
  const steps = over.steps ?? 1000;
  const evaluations: readonly EvalResult[] = over.evaluations ?? [toyEval(250, 3, 0.1), toyEval(500, 6, 0.5), toyEval(750, 8, 0.7), toyEval(1000, 8, 0.8)].filter((e) => e.step <= steps);
  return { history: over.history ?? history(steps), evaluations, samples: over.samples ?? healthyFrames(steps), design: over.design ?? ganFacts() };
};
