import { z } from 'zod';
import type { EvalResult } from '../evaluation';
import type { StepMetrics } from '../step-metrics';
import type { SampleStats } from './sample-stats';
import type { DesignFacts, DiagnosisInput } from './types';

/**
 * A run's health-check history as plain JSON (a `gan train --log` file, a checkpoint's `run` field): read back
 * through these schemas, so a hand-edited or damaged file is refused with a message, never half-trusted. JSON has
 * no NaN: a non-finite number is written as null and read back as NaN.
 */
const MAX_ITEMS = 100_000;
const num = z.number().nullable().transform((v) => (v === null ? NaN : v));
const name = z.string().max(200);
const zRecord = z.record(name, num).refine((r) => Object.keys(r).length <= 200, 'too many entries');

export const zStepMetrics = z.object({
  step: z.number().int().min(0),
  losses: zRecord,
  dReal: z.number().nullable(),
  dFake: z.number().nullable(),
  wasserstein: z.number().nullable(),
  gradNorms: zRecord,
  nonFinite: name.nullable(),
});

export const zSampleStats = z.object({ step: z.number().int().min(0), diversity: num, movement: z.number().nullable(), realDiversity: z.number().nullable(), count: z.number().int().min(0) });

const counts = z.array(z.number()).max(1000);
const zEval = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('toy2d'), step: z.number().int().min(0), modesCovered: z.number(), totalModes: z.number(), highQualityFraction: z.number() }).passthrough(),
  z.object({ kind: z.literal('images'), step: z.number().int().min(0), classesCovered: z.number(), totalClasses: z.number(), classKl: z.number(), precision: z.number(), recall: z.number(), classHistogram: counts }).passthrough(),
  z.object({ kind: z.literal('paired'), step: z.number().int().min(0), samples: z.number(), generated: z.object({ psnr: z.number().nullable(), ssim: z.number(), accuracy: z.number() }).passthrough(), truthAccuracy: z.number() }).passthrough(),
]);

const OBJECTIVES = ['non-saturating', 'minimax', 'wasserstein', 'hinge', 'least-squares'] as const;
export const zDesignFacts = z.object({
  loss: z.object({ nodeId: name, objective: z.enum(OBJECTIVES), scores: z.enum(['logits', 'probabilities']) }).nullable(),
  penalties: z.array(z.object({ nodeId: name, type: name, metric: name, weight: z.number() })).max(100),
  clips: z.array(name).max(100),
  spectralNorm: z.boolean(),
  critics: z.array(name).max(100),
  generators: z.array(name).max(100),
  optimizers: z.array(z.object({ nodeId: name, network: name, type: name, learningRate: z.number(), beta1: z.number().nullable() })).max(100),
  settings: z.object({ nCritic: z.number(), emaDecay: z.number(), batchSize: z.number() }),
});

export const zRunRecord = z.object({
  design: zDesignFacts,
  history: z.array(zStepMetrics).max(MAX_ITEMS),
  samples: z.array(zSampleStats).max(MAX_ITEMS),
  evaluations: z.array(zEval).max(MAX_ITEMS),
});

export type RunRecord = DiagnosisInput;

/** A run record from untrusted JSON, or the first problem with it in words. */
export function parseRunRecord(value: unknown): { ok: true; record: RunRecord } | { ok: false; message: string } {
  const r = zRunRecord.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    return { ok: false, message: `${issue.path.join('.') || 'the record'}: ${issue.message}` };
  }
  const { design, history, samples, evaluations } = r.data;
  return {
    ok: true,
    record: { design: design as DesignFacts, history: history as StepMetrics[], samples: samples as SampleStats[], evaluations: evaluations as unknown as EvalResult[] },
  };
}
