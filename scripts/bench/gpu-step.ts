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

export type StepRequest = { preset: string; warmup: number; steps: number; /** no new timed step starts after this */ budgetMs: number };
export type StepResult = { preset: string; backend: string; batch: number; warmupMs: number[]; ms: number[] };

/** Whether the preset trains on MNIST (then the caller loads it, from disk or over HTTP). */
export function needsMnist(id: string): boolean {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return imageSetNeeds(p.design, blocks).some((n) => n.name === 'mnist');
}

/**
 * Warm-up steps (shader compilation, operator caches) untimed, then up to `steps` timed ones. Each trainStep ends by
 * reading the step's losses back (step-metrics.ts), so a GPU backend has finished the step's work when it resolves.
 */
export async function timeSteps(tf: typeof tfType, req: StepRequest, images: ImageSets): Promise<StepResult> {
  const p = getPreset(req.preset);
  if (!p) throw new Error(`no preset ${req.preset}`);
  const report = validateDesign(p.design);
  const trainer = Trainer.create(tf, p.design, report, { images, seed: 1, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
  const started = performance.now();
  const warmupMs: number[] = [];
  const ms: number[] = [];
  try {
    for (let i = 0; i < req.warmup; i++) {
      const t0 = performance.now();
      await trainer.trainStep();
      warmupMs.push(performance.now() - t0);
    }
    while (ms.length < req.steps && (ms.length === 0 || performance.now() - started < req.budgetMs)) {
      const t0 = performance.now();
      await trainer.trainStep();
      ms.push(performance.now() - t0);
    }
    return { preset: req.preset, backend: tf.getBackend(), batch: trainer.batchSize, warmupMs, ms };
  } finally {
    trainer.dispose();
  }
}
