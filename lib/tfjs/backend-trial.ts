import type * as tfType from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

type Tf = typeof tfType;

export type BackendTiming = { backend: string; ms: number };
export type BackendTrialFailure = { backend: string; reason: string };
/** `ranked` holds the backends that ran the trial, fastest first; `failed` those that did not, with why. */
export type BackendTrial = { ranked: BackendTiming[]; failed: BackendTrialFailure[] };

export type TrialOptions = {
  /** Timed runs per backend; the median counts. Default 3. */
  runs?: number;
  /** Untimed runs first (shader compilation, XNNPACK operator creation). Default 1. */
  warmup?: number;
  /** Switch back to the backend that was active before, if any. Default true. */
  restore?: boolean;
};

/**
 * Times one short, fixed conv step — forward and both gradients, the Conv2D, Conv2DBackpropInput and
 * Conv2DBackpropFilter kernels a GAN's training step is made of — on each candidate backend that initialises, and
 * ranks them. For choosing among CPU-side backends (wasm, cpu, or a software WebGPU/WebGL) when there is no real GPU
 * adapter, where a backend's name says little about its speed. The trial is a few ms on wasm and ~20 ms on cpu.
 * It switches the global backend while it runs.
 */
export async function measureBackends(tf: Tf, candidates: readonly string[], opts: TrialOptions = {}): Promise<BackendTrial> {
  const { warmup = 1, restore = true } = opts;
  const runs = Math.max(1, opts.runs ?? 3);
  // Without these kernels wasm cannot take a conv's filter gradient at all, and runs its dx as a scalar loop (4.22).
  registerWasmTrainingKernels(tf);
  const previous = tf.engine().backendName as string | undefined;
  const ranked: BackendTiming[] = [];
  const failed: BackendTrialFailure[] = [];
  for (const backend of candidates) {
    try {
      // tf.setBackend resolves to false when the backend fails to initialise (tfjs 4.22 engine.ts).
      if (!(await tf.setBackend(backend))) {
        failed.push({ backend, reason: 'failed to initialise' });
        continue;
      }
      ranked.push({ backend, ms: await timeTrial(tf, runs, warmup) });
    } catch (e) {
      failed.push({ backend, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  if (restore && previous && previous !== tf.engine().backendName) await tf.setBackend(previous);
  ranked.sort((a, b) => a.ms - b.ms);
  return { ranked, failed };
}

/** Median ms of the trial on the active backend; reading the result back makes GPU backends finish the work. */
async function timeTrial(tf: Tf, runs: number, warmup: number): Promise<number> {
  const x = tf.randomNormal([4, 12, 12, 8]) as tfType.Tensor4D;
  const filter = tf.randomNormal([3, 3, 8, 8], 0, 0.1) as tfType.Tensor4D;
  const step = tf.grads((a: tfType.Tensor, f: tfType.Tensor) =>
    tf.square(tf.conv2d(a as tfType.Tensor4D, f as tfType.Tensor4D, 1, 'same')).sum(),
  );
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    const total = tf.tidy(() => {
      const [dx, df] = step([x, filter]) as [tfType.Tensor, tfType.Tensor];
      return tf.add(dx.sum(), df.sum());
    });
    const value = (await total.data())[0];
    total.dispose();
    if (value === undefined || !Number.isFinite(value)) throw new Error(`the trial computed ${String(value)}`);
    return performance.now() - t0;
  };
  try {
    for (let i = 0; i < warmup; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await once());
    times.sort((a, b) => a - b);
    const mid = times.length >> 1;
    return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  } finally {
    x.dispose();
    filter.dispose();
  }
}
