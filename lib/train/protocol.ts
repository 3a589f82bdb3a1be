import type { ImageSet } from '../data/image-set';
import type { Design } from '../graph/schema';
import type { BackendChoice, BackendName } from './backends';
import type { EvalProgress, EvalResult, EvalSettings, EvalTarget } from './evaluation';
import type { StepMetrics } from './trainer';
import type { ImportedWeights, WeightShapes } from './weights-import';

/** Messages the page sends to the training worker. */
export type ToWorker =
  /** `wasmThreads`: false keeps wasm single-threaded, a number sets its thread count (`gan-studio:wasm-threads`). */
  | { type: 'init'; preferred?: BackendName; wasmPath: string; dataPath: string; wasmThreads?: boolean | number }
  /** Builds a trainer for the design; `key` names its checkpoint, `resume` continues from it when one exists. */
  | { type: 'load'; design: Design; key: string; resume: boolean }
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'reset' }
  | { type: 'setLearningRate'; network: string; learningRate: number }
  | { type: 'images'; name: string; set: ImageSet }
  /** Evaluates the current weights now (between steps when training runs). */
  | { type: 'evaluate' }
  /** Evaluate every N steps (0 = only on demand), on this many samples; clamped by the worker. */
  | { type: 'evalSettings'; settings: EvalSettings }
  /**
   * Weights checked against the design `key` (lib/train/weights-import.ts) to become its checkpoint, replacing the one
   * it has; the worker checks them again against its trainer, keeps the moving averages of the generators the design
   * averages (emaDecay > 0), then loads them as a resume would. `file` names them in messages.
   */
  | { type: 'importWeights'; key: string; file: string; weights: ImportedWeights };

export type Phase = 'idle' | 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'failed';

export type SampleFrame =
  | { kind: 'images'; step: number; count: number; height: number; width: number; channels: number; range: '[-1,1]' | '[0,1]'; data: Float32Array }
  | {
      kind: 'points';
      step: number;
      real: Float32Array;
      fake: Float32Array;
      /** D's score on an n × n grid over [−extent, extent]², row-major from the top-left. */
      surface: { n: number; extent: number; values: Float32Array } | null;
    };

/** Messages the training worker reports; the page renders only these. */
export type FromWorker =
  | { type: 'backend'; choice: BackendChoice }
  | { type: 'status'; phase: Phase; step: number; totalSteps: number; message?: string }
  | { type: 'metrics'; metrics: StepMetrics; stepsPerSecond: number }
  | { type: 'samples'; frame: SampleFrame }
  | { type: 'fault'; term: string; step: number; message: string; restoredStep: number }
  | { type: 'checkpoint'; step: number }
  /** The loaded trainer's weight shapes per network, which imported weights must match. */
  | { type: 'weightShapes'; key: string; shapes: WeightShapes }
  /** Imported weights became the design's checkpoint and are loaded; `ema`: the networks whose moving average was kept. */
  | { type: 'imported'; key: string; file: string; step: number; ema: string[] }
  | { type: 'importFailed'; key: string; file: string; message: string }
  | { type: 'error'; message: string }
  /** Which metrics apply to the loaded design (or why none does), and the settings in force. */
  | { type: 'evalInfo'; target: EvalTarget; settings: EvalSettings; limits: { min: number; max: number } }
  /** Every evaluation the loaded run has (restored from its checkpoint, or none). */
  | { type: 'evalHistory'; results: EvalResult[] }
  | { type: 'evalProgress'; step: number; progress: EvalProgress }
  | { type: 'evalResult'; result: EvalResult }
  /** An evaluation that did not finish: stopped by pause or a reload of the design, or failed. */
  | { type: 'evalFailed'; step: number; cancelled: boolean; message: string };
