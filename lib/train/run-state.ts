import type { BackendChoice } from './backends';
import { appendEval, type EvalProgress, type EvalResult, type EvalSettings, type EvalTarget } from './evaluation';
import type { FromWorker, Phase, SampleFrame } from './protocol';
import type { StepMetrics } from './trainer';
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
};

/** The dashboard's state as a pure function of what the worker reported (STYLE rule 8). */
export function runReducer(s: RunState, m: FromWorker): RunState {
  switch (m.type) {
    case 'backend':
      return { ...s, backend: m.choice };
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
      return { ...s, step: m.metrics.step, stepsPerSecond: m.stepsPerSecond, history: appendThinned(s.history, m.metrics) };
    case 'samples':
      return { ...s, samples: m.frame };
    case 'fault':
      return { ...s, fault: { term: m.term, step: m.step, message: m.message, restoredStep: m.restoredStep }, phase: 'paused', step: m.restoredStep };
    case 'checkpoint':
      return { ...s, checkpointStep: m.step };
    case 'weightShapes':
      return { ...s, weightShapes: { key: m.key, shapes: m.shapes } };
    case 'imported':
      // The curves belonged to the run the imported weights replaced.
      return { ...s, history: [], stepsPerSecond: 0, fault: null, checkpointStep: m.step };
    case 'importFailed':
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

function appendThinned(h: StepMetrics[], m: StepMetrics): StepMetrics[] {
  const next = [...h, m];
  if (next.length <= HISTORY_CAP) return next;
  const half = next.length >> 1;
  return [...next.slice(0, half).filter((_, i) => i % 2 === 0), ...next.slice(half)];
}

/** Seconds left at the current rate, or null before the rate is known. */
export function eta(s: RunState): number | null {
  if (s.stepsPerSecond <= 0 || s.totalSteps <= s.step) return null;
  return (s.totalSteps - s.step) / s.stepsPerSecond;
}
