// One preset's training step timed on whatever tfjs backend is active: shared by the GPU bench's browser worker
// (bundled by esbuild, gpu-worker.ts) and its Node child (gpu-node.ts), so every path times the same code, the
// app's Trainer. Browser-safe: no Node imports here.
import type * as tfType from '@tensorflow/tfjs';
import { blocks } from '../../lib/blocks';
import { buildNetwork } from '../../lib/compile/build-network';
import type { ImageSets } from '../../lib/data/source';
import { getPreset } from '../../lib/presets';
import { imageSetNeeds } from '../../lib/train/image-needs';
import { Trainer } from '../../lib/train/trainer';
import { validateDesign } from '../../lib/validate';

/** Where the bench's page serves tfjs-backend-wasm's binaries and the threaded build's glue (gpu.bench.ts). */
export const WASM_PATH = '/wasm/';

export type StepRequest = { preset: string; warmup: number; steps: number; /** no new timed step starts after this */ budgetMs: number };
export type StepResult = { preset: string; backend: string; batch: number; warmupMs: number[]; ms: number[] };

/** Whether the preset trains on MNIST (then the caller loads it, from disk or over HTTP). */
export function needsMnist(id: string): boolean {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return imageSetNeeds(p.design, blocks).some((n) => n.name === 'mnist');
}

/** A fast step (a 2-D preset's few ms) keeps warming and timing for this long, so V8 has tiered the wasm up and the
 * median rests on many steps, as presets-speed.bench.ts's rounds do in Node. */
const MIN_WARMUP_MS = 1_000;
const MIN_TIMED_MS = 2_000;

/**
 * Warm-up steps (shader compilation, operator caches, wasm tier-up) untimed, then timed ones: at least `warmup` and
 * `steps` of each and at least MIN_WARMUP_MS and MIN_TIMED_MS of each, no timed step starting after `budgetMs`. Each
 * trainStep ends by reading the step's losses back (step-metrics.ts), so a GPU backend has finished the step's work
 * when it resolves.
 */
export async function timeSteps(tf: typeof tfType, req: StepRequest, images: ImageSets): Promise<StepResult> {
  const p = getPreset(req.preset);
  if (!p) throw new Error(`no preset ${req.preset}`);
  const report = validateDesign(p.design);
  const trainer = Trainer.create(tf, p.design, report, { images, seed: 1, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
  const started = performance.now();
  const warmupMs: number[] = [];
  const ms: number[] = [];
  const step = async (into: number[]) => {
    const t0 = performance.now();
    await trainer.trainStep();
    into.push(performance.now() - t0);
  };
  const within = () => performance.now() - started < req.budgetMs;
  try {
    while (warmupMs.length < req.warmup || (performance.now() - started < MIN_WARMUP_MS && within())) await step(warmupMs);
    const timed = performance.now();
    while (ms.length === 0 || ((ms.length < req.steps || performance.now() - timed < MIN_TIMED_MS) && within())) await step(ms);
    return { preset: req.preset, backend: tf.getBackend(), batch: trainer.batchSize, warmupMs, ms };
  } finally {
    trainer.dispose();
  }
}
