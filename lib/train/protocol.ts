import type { ImageSet } from '../data/image-set';
import type { Design } from '../graph/schema';
import type { BackendChoice, BackendName } from './backends';
import type { StepMetrics } from './trainer';

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
  | { type: 'images'; name: string; set: ImageSet };

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
  | { type: 'error'; message: string };
