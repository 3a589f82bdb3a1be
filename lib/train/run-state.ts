import type { Design } from '../graph/schema';
import type { HealthReport } from './diagnostics/types';
import type { BackendChoice } from './backends';
import { appendEval, type EvalProgress, type EvalResult, type EvalSettings, type EvalTarget } from './evaluation';
import type { FromWorker, Phase, SampleFrame } from './protocol';
import type { StepMetrics } from './trainer';
import type { WarmStart } from './warm-start';
import type { WeightShapes } from './weights-import';

/** At most this many points per curve; older halves are thinned by 2 so a long run keeps its whole shape. */
export const HISTORY_CAP = 1000;

export type RunState = {
  backend: BackendChoice | null;
  phase: Phase;
  step: number;
  totalSteps: number;
  message: string | null;
  history: StepMetrics[];
  stepsPerSecond: number;
  samples: SampleFrame | null;
  fault: { term: string; step: number; message: string; restoredStep: number } | null;
  checkpointStep: number | null;
  error: string | null;
  evaluation: EvalState;
  /** The loaded trainer's weight shapes and the design key they belong to: what imported weights are checked against. */
  weightShapes: { key: string; shapes: WeightShapes } | null;
  /** The design whose run this is (null before the first). */
  key: string | null;
  /** The editor's design differs from the run's since step `since`; `design` is the run's. */
  designChange: { since: number; design: Design } | null;
  /** What the last restart kept and started fresh. */
  warmStart: WarmStart | null;
  /** The last thing the worker told the user ("Moved the run at step 12 to webgl"). */
  notice: string | null;
  /** The run's health check as of its last sample frame (null before the first). */
  health: HealthReport | null;
};

/** The evaluation panel: what applies, its settings, the run in progress, and every result of this run. */
export type EvalState = {
  target: EvalTarget | null;
  settings: EvalSettings | null;
  limits: { min: number; max: number } | null;
  /** The evaluation in progress, at which step and how far. */
  running: { step: number; progress: EvalProgress } | null;
  history: EvalResult[];
  /** Why the last evaluation did not finish. */
  notice: string | null;
};

export const initialEvalState: EvalState = { target: null, settings: null, limits: null, running: null, history: [], notice: null };

export const initialRunState: RunState = {
  backend: null,
  phase: 'idle',
  step: 0,
  totalSteps: 0,
  message: null,
  history: [],
  stepsPerSecond: 0,
  samples: null,
  fault: null,
  checkpointStep: null,
  error: null,
  evaluation: initialEvalState,
  weightShapes: null,
  key: null,
  designChange: null,
  warmStart: null,
  notice: null,
  health: null,
};

/** The dashboard's state as a pure function of what the worker reported (STYLE rule 8). */
export function runReducer(s: RunState, m: FromWorker): RunState {
  switch (m.type) {
    case 'backend':
      return { ...s, backend: m.choice };
    case 'opened':
      // Nothing of the run before (another design's, or the one a reset or restart replaced) stays on the dashboard.
      return { ...initialRunState, backend: s.backend, phase: 'loading', key: m.key, evaluation: { ...initialEvalState, settings: s.evaluation.settings, limits: s.evaluation.limits } };
    case 'history':
      return { ...s, history: m.history };
    case 'designChange':
      return { ...s, designChange: m.change };
    case 'warmStarted':
      return { ...s, warmStart: m.warmStart };
    case 'notice':
      return { ...s, notice: m.message };
    case 'handOver':
      return s;
    case 'status':
      return {
        ...s,
        phase: m.phase,
        step: m.step,
        totalSteps: m.totalSteps,
        message: m.message ?? null,
        // A fresh trainer (load at step 0) starts fresh curves; a resumed one keeps nothing it cannot show.
        history: m.phase === 'ready' && m.step === 0 ? [] : s.history,
        fault: m.phase === 'running' ? null : s.fault,
        error: m.phase === 'failed' ? (m.message ?? 'training failed') : null,
      };
    case 'metrics':
      return { ...s, step: m.metrics.step, stepsPerSecond: m.stepsPerSecond, history: appendHistory(s.history, m.metrics) };
    case 'samples':
      return { ...s, samples: m.frame };
    case 'health':
      return { ...s, health: m.health };
    case 'fault':
      // The curves go back with the weights: the steps after the restored one are no longer the run's.
      return {
        ...s,
        fault: { term: m.term, step: m.step, message: m.message, restoredStep: m.restoredStep },
        phase: 'paused',
        step: m.restoredStep,
        history: s.history.filter((h) => h.step <= m.restoredStep),
      };
    case 'checkpoint':
      return { ...s, checkpointStep: m.step };
    case 'weightShapes':
      return { ...s, weightShapes: { key: m.key, shapes: m.shapes } };
    case 'imported':
      // The curves belonged to the run the imported weights replaced.
      return { ...s, history: [], stepsPerSecond: 0, fault: null, checkpointStep: m.step };
    case 'importFailed':
    case 'latentSpace':
    case 'explored':
    case 'principal':
    case 'nearest':
      // The explorer's answers go to the request that asked (components/training/worker-client.ts).
      return s;
    case 'error':
      return { ...s, error: m.message };
    case 'evalInfo':
      return { ...s, evaluation: { ...s.evaluation, target: m.target, settings: m.settings, limits: m.limits } };
    case 'evalHistory':
      return { ...s, evaluation: { ...s.evaluation, history: m.results, running: null, notice: null } };
    case 'evalProgress':
      return { ...s, evaluation: { ...s.evaluation, running: { step: m.step, progress: m.progress }, notice: null } };
    case 'evalResult':
      return { ...s, evaluation: { ...s.evaluation, history: appendEval(s.evaluation.history, m.result), running: null, notice: null } };
    case 'evalFailed':
      return { ...s, evaluation: { ...s.evaluation, running: null, notice: m.message } };
  }
}

/** The history with one more step; past HISTORY_CAP the older half is thinned. The worker keeps its copy the same way. */
export function appendHistory(h: readonly StepMetrics[], m: StepMetrics): StepMetrics[] {
  const next = [...h, m];
  if (next.length <= HISTORY_CAP) return next;
  const half = next.length >> 1;
  return [...next.slice(0, half).filter((_, i) => i % 2 === 0), ...next.slice(half)];
}

/**
 * A history read back from a checkpoint (IndexedDB is an input like any file): the entries shaped like step metrics,
 * at most HISTORY_CAP of them.
 */
export function historyFrom(value: unknown): StepMetrics[] {
  if (!Array.isArray(value)) return [];
  const numbers = (r: unknown) => typeof r === 'object' && r !== null && Object.values(r).every((v) => typeof v === 'number');
  const orNull = (v: unknown) => v === null || typeof v === 'number';
  return value
    .filter((m): m is StepMetrics => {
      const x = m as Partial<StepMetrics> | null;
      return typeof x === 'object' && x !== null && Number.isInteger(x.step) && numbers(x.losses) && numbers(x.gradNorms) && orNull(x.dReal) && orNull(x.dFake) && orNull(x.wasserstein);
    })
    .slice(-HISTORY_CAP);
}

/** Seconds left at the current rate, or null before the rate is known. */
export function eta(s: RunState): number | null {
  if (s.stepsPerSecond <= 0 || s.totalSteps <= s.step) return null;
  return (s.totalSteps - s.step) / s.stepsPerSecond;
}
