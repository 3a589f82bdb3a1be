import type { EvalResult } from '../evaluation';
import type { StepMetrics } from '../step-metrics';

/** The settings of the training panel a suggestion can point at. */
export type TrainingField = 'nCritic' | 'emaDecay' | 'batchSize' | 'instanceNoise';

/** Where a suggestion's fix lives: a parameter of a training-graph node, or a training setting. */
export type SettingLink = { kind: 'node'; nodeId: string; param: string } | { kind: 'training'; field: TrainingField };

export type DiagnosisCode = 'discriminator-saturated' | 'mode-collapse' | 'oscillation' | 'diverging' | 'dead-generator' | 'lipschitz-ignored';

/** One thing the health check sees going wrong: plain words, the numbers it rests on, and what to change. */
export type Diagnosis = {
  code: DiagnosisCode;
  severity: 'warning' | 'error';
  sentence: string;
  evidence: { fromStep: number; toStep: number; figures: Record<string, number> };
  suggestion: { text: string; setting: SettingLink | null };
};

export type Objective = 'non-saturating' | 'minimax' | 'wasserstein' | 'hinge' | 'least-squares';

/**
 * What the rules need to know of the design, read off its training plan (design-facts.ts). Plain data, so it is
 * written into run logs and crosses the worker boundary as it is.
 */
export type DesignFacts = {
  /** The adversarial loss that reports D(x) and D(G(z)), when the design has one. */
  loss: { nodeId: string; objective: Objective; scores: 'logits' | 'probabilities' } | null;
  /** Gradient penalties (WGAN-GP, R1): their node, the key of their value in StepMetrics.losses, their weight (λ, γ). */
  penalties: { nodeId: string; type: string; metric: string; weight: number }[];
  /** Weight-clipping constraints' nodes. */
  clips: string[];
  /** Whether some layer of a critic is spectrally normalised (a Lipschitz constraint too). */
  spectralNorm: boolean;
  critics: string[];
  generators: string[];
  optimizers: { nodeId: string; network: string; type: string; learningRate: number; beta1: number | null }[];
  settings: { nCritic: number; emaDecay: number; batchSize: number };
};

export type DiagnosisInput = {
  history: readonly StepMetrics[];
  evaluations: readonly EvalResult[];
  samples: readonly SampleStats[];
  design: DesignFacts;
};

/** A rule: what it sees in the run, or null. */
export type Rule = (input: DiagnosisInput) => Diagnosis | null;

/** What the training worker posts on each sample frame: the run's health over the steps it has seen. */
export type HealthReport = { fromStep: number; toStep: number; diagnoses: Diagnosis[] };

/**
 * What the health check reads off a fixed-noise sample frame: how spread the samples are (`diversity`, the mean
 * distance between pairs of samples) and how far they moved since the frame before (`movement`, the mean distance
 * of each sample to itself one frame earlier; null for the first frame). Both are per-coordinate RMS distances, so
 * they read the same for 2 coordinates or 784 pixels. The frames use the same noise every time, so movement is the
 * generator changing, not a new draw.
 */
export type SampleStats = {
  step: number;
  diversity: number;
  movement: number | null;
  /** The same measure on the frame's real points (2-D designs), the spread a healthy generator reaches; else null. */
  realDiversity: number | null;
  count: number;
};
