import type { StepMetrics } from '../step-metrics';
import type { DesignFacts, SettingLink } from './types';

/**
 * A run younger than this is not judged: in the first couple of hundred steps every GAN looks unhealthy (ring8-2d's
 * healthy runs cover 0–1 modes and have a quarter of the data's spread at step 200; measured, see README of the rules
 * in index.ts).
 */
export const WARMUP_STEPS = 200;
/** The recent stretch a rule judges: long enough to average out step-to-step noise (ring8: ±30 % per step). */
export const WINDOW_STEPS = 200;

export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** The last `WINDOW_STEPS` steps of the history, or null while the run is too young to judge. */
export function recent(history: readonly StepMetrics[]): StepMetrics[] | null {
  const last = history.at(-1);
  if (!last || last.step < WARMUP_STEPS) return null;
  return history.filter((m) => m.step > last.step - WINDOW_STEPS);
}

/** The finite values of `pick` over `ms`. */
export function series(ms: readonly StepMetrics[], pick: (m: StepMetrics) => number | null | undefined): number[] {
  return ms.map(pick).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** Rounded for the evidence shown to people: 3 significant digits. */
export const fig = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(3)) : v);

export const optimizerOf = (d: DesignFacts, network: string | undefined) => d.optimizers.find((o) => o.network === network);

/** A link to an optimizer's parameter, or null when the network has no optimizer node. */
export function optimizerLink(d: DesignFacts, network: string | undefined, param = 'learningRate'): SettingLink | null {
  const o = optimizerOf(d, network);
  return o ? { kind: 'node', nodeId: o.nodeId, param } : null;
}
