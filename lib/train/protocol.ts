import type { HealthReport } from './diagnostics/types';
import type { ImageSet } from '../data/image-set';
import type { Design } from '../graph/schema';
import type { BackendChoice, BackendName } from './backends';
import type { EvalProgress, EvalResult, EvalSettings, EvalTarget } from './evaluation';
import type { Snapshot, StepMetrics } from './trainer';
import type { WarmStart } from './warm-start';
import type { ImportedWeights, WeightShapes } from './weights-import';

/**
 * A run handed from one worker to the next when the user switches backend: the weights leave the old backend as
 * plain arrays (the snapshot) and are restored on the new one, with everything the dashboard shows of the run.
 */
export type RunTransfer = {
  key: string;
  /** The design the weights were trained on (the editor's may have changed since `changedAt`). */
  design: Design;
  snapshot: Snapshot;
  history: StepMetrics[];
  evaluations: EvalResult[];
  changedAt: number | null;
  fresh: boolean;
  /** Training was running: it goes on after the move. */
  running: boolean;
};

/** Messages the page sends to the training worker. */
export type ToWorker =
  /** `wasmThreads`: false keeps wasm single-threaded, a number sets its thread count (`gan-studio:wasm-threads`). */
  | { type: 'init'; preferred?: BackendName; wasmPath: string; dataPath: string; wasmThreads?: boolean | number }
  /**
   * The editor's design, on every change of its content (not on moves). `key` names the design and its run: a new key
   * loads that design's run from its checkpoint; the same key updates the run, which keeps training what it trained
   * when the change touches its weights (lib/train/run-design.ts). `moved`: the first design a worker gets after the
   * user switched backend, with the run the old worker handed over (null when it had none).
   */
  | { type: 'design'; key: string; design: Design; moved?: { run: RunTransfer | null } }
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'step' }
  /** Discards the run's weights and starts again from fresh ones, on the editor's design. */
  | { type: 'reset' }
  /** Starts a new run on the editor's changed design, keeping the trained weights of the layers it left alone. */
  | { type: 'restart' }
  /** Pauses and hands the run over (`handOver`), before the page replaces this worker with one on another backend. */
  | { type: 'handOver' }
  | { type: 'setLearningRate'; network: string; learningRate: number }
  /** `more`: further sets follow at once (a folder of pairs' two halves); the run is rebuilt after the last. */
  | { type: 'images'; name: string; set: ImageSet; more?: boolean }
  /** Evaluates the current weights now (between steps when training runs). */
  | { type: 'evaluate' }
  /** Evaluate every N steps (0 = only on demand), on this many samples; clamped by the worker. */
  | { type: 'evalSettings'; settings: EvalSettings }
  /**
   * Weights checked against the design `key` (lib/train/weights-import.ts) to become its checkpoint, replacing the one
   * it has; the worker checks them again against its trainer, keeps the moving averages of the generators the design
   * averages (emaDecay > 0), then loads them as a resume would. `file` names them in messages.
   */
  | { type: 'importWeights'; key: string; file: string; weights: ImportedWeights }
  /**
   * The Runs panel (lib/train/run-archive.ts): open run `runId` of design `key`, or fork it at its saved `step` into a
   * new run; `design` is the editor's design, which the page sets to the run's (with the fork's change) as it sends this.
   */
  | { type: 'openRun'; key: string; runId: string; design: Design }
  | { type: 'fork'; key: string; runId: string; step: number; design: Design }
  /** The latent explorer (lib/train/explore.ts): what the loaded run's G takes as noise; answered by `latentSpace` with `id`. */
  | { type: 'latentSpace'; id: number }
  /**
   * G's samples for these noise vectors (n rows of the latent's dimension, at most EXPLORE_LIMIT) and, for a
   * conditional design, class labels; answered by `explored` with `id`.
   */
  | { type: 'explore'; id: number; latent: Float32Array; labels?: Int32Array }
  /**
   * The first `count` principal directions of G's early activations (lib/train/explore-principal.ts), over a fixed
   * set of draws; answered by `principal` with `id`.
   */
  | { type: 'principal'; id: number; count: number }
  /** The training images nearest to G's sample for one noise vector (lib/train/explore-nearest.ts); answered by `nearest`. */
  | { type: 'nearest'; id: number; latent: Float32Array; labels?: Int32Array };

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

/** What the page needs to draw noise vectors for the loaded run's G (the latent explorer, lib/train/explore.ts). */
export type LatentInfo = {
  dim: number;
  distribution: 'normal' | 'uniform';
  /** σ of the normal the run draws z from (truncated noise's stdDev), 1 otherwise. */
  scale: number;
  /** Class count for a conditional design whose labels can be chosen; null otherwise. */
  classes: number | null;
  /** Why the nearest-training-images check does not apply to this design, in plain words; null when it does. */
  nearest: string | null;
};

export type ExploreResult = { ok: true; frame: SampleFrame } | { ok: false; message: string };

/**
 * Principal latent directions: `directions` holds one unit vector of the latent's dimension per row, strongest
 * first, `explained` each one's share of the hidden layer's variance; `layer` names the layer, of `features` values,
 * measured over `samples` draws at `step`.
 */
export type PrincipalResult =
  | { ok: true; step: number; layer: string; features: number; samples: number; directions: Float32Array; explained: number[] }
  | { ok: false; message: string };

/**
 * The training images nearest to one sample in the MNIST classifier's features, nearest first (`frame`: their pixels
 * in [0, 1]); `index` is the image's place in the training set. `typical`: the median distance from a training image
 * of the `pool` searched to its nearest other one, the scale to read the distances against. `sampleClass` and
 * `confidence`: what the classifier makes of the sample.
 */
export type NearestResult =
  | {
      ok: true;
      step: number;
      pool: number;
      typical: number;
      sampleClass: number;
      confidence: number;
      neighbours: { index: number; label: number | null; distance: number }[];
      frame: SampleFrame;
    }
  | { ok: false; message: string };

/** Messages the training worker reports; the page renders only these. */
export type FromWorker =
  | { type: 'backend'; choice: BackendChoice }
  /** Another design or a new run: what the dashboard showed belongs to the run before. */
  | { type: 'opened'; key: string }
  /** The run's step metrics so far (restored with its checkpoint, or moved from another worker). */
  | { type: 'history'; history: StepMetrics[] }
  /**
   * The editor's design no longer matches the run's since step `since`; `design` is the one the run trains (for "undo
   * the change"). Null when they match again.
   */
  | { type: 'designChange'; key: string; change: { since: number; design: Design } | null }
  /** A restart kept these layers' trained weights and started the others fresh. */
  | { type: 'warmStarted'; warmStart: WarmStart }
  /** Something the user should know happened, in a sentence ("Moved the run at step 12 to webgl"). */
  | { type: 'notice'; message: string }
  | { type: 'handOver'; run: RunTransfer | null }
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
  | { type: 'evalFailed'; step: number; cancelled: boolean; message: string }
  /** The run's health check (lib/train/diagnostics), recomputed on each sample frame. */
  | { type: 'health'; health: HealthReport }
  /** The loaded run's latent input (`info`), or why it has none to explore; `key`: the design of that run. */
  | { type: 'latentSpace'; id: number; key: string | null; info: LatentInfo | string }
  | { type: 'explored'; id: number; result: ExploreResult }
  | { type: 'principal'; id: number; result: PrincipalResult }
  | { type: 'nearest'; id: number; result: NearestResult };
