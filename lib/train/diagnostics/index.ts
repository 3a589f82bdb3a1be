import { deadGenerator } from './dead-generator';
import { diverging } from './diverging';
import { lipschitz } from './lipschitz';
import { modeCollapse } from './mode-collapse';
import { oscillation } from './oscillation';
import { saturation } from './saturation';
import type { Diagnosis, DiagnosisInput, Rule } from './types';

export type { Diagnosis, DiagnosisCode, DiagnosisInput, DesignFacts, HealthReport, SettingLink, TrainingField } from './types';
export { designFacts } from './design-facts';
export { sampleStats, type SampleStats } from './sample-stats';
export { WARMUP_STEPS } from './window';
export { DiagnosisRecorder } from './recorder';

/** Every rule, most severe kinds first: divergence ends a run, the rest spoil it. */
const RULES: readonly Rule[] = [diverging, deadGenerator, saturation, lipschitz, modeCollapse, oscillation];

/**
 * The health check: what goes wrong in a run, read off its step metrics, evaluations and sample statistics. Pure and
 * deterministic, so the CLI (`gan train`, `gan diagnose`) and the training worker say the same of the same history.
 * Each rule's thresholds, and the runs they were measured on, are in its file.
 */
export function diagnose(input: DiagnosisInput): Diagnosis[] {
  const out: Diagnosis[] = [];
  for (const rule of RULES) {
    const d = rule(input);
    if (d) out.push(d);
  }
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
