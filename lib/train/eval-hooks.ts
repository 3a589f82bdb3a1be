/**
 * How an evaluation reports while it works and where it may be paused: shared by every kind of evaluation
 * (evaluation.ts, evaluation-images.ts, evaluation-paired.ts), kept apart so those files need not import each other.
 */
export type EvalStage = 'reference' | 'generating' | 'scoring';
export type EvalProgress = { stage: EvalStage; done: number; total: number };

/**
 * Progress callback and a pause point the evaluation awaits between chunks: the worker yields to its message queue
 * there (so pause and the other controls get in) and throws EvalCancelled to stop.
 */
export type EvalHooks = { progress?: (p: EvalProgress) => void; between?: () => Promise<void> };

export class EvalCancelled extends Error {}
