import { renameSync, rmSync } from 'node:fs';
import { blocks } from '../../lib/blocks';
import { buildNetwork } from '../../lib/compile/build-network';
import { Trainer, type StepMetrics } from '../../lib/train/trainer';
import { frozenFor, imagesFor } from '../node-data';
import { pairImagesFor } from '../pair-folder';
import { nodeTf, threadsFor } from '../node-tf';
import { loadValidDesign } from '../load-design';
import { evaluateSamples } from '../evaluate-samples';
import { checkpointTargetProblem, removeStaleTemporaries, temporaryFor, writeCheckpoint } from '../checkpoint-file';
import { cliBudget } from '../budget';
import { RunHealth } from '../run-health';
import { RunLog } from '../run-log';
import { formatDiagnosis } from '../format-diagnosis';

export type TrainOptions = { steps: number; backend: string; threads?: number; seed?: number; batch?: number; json: boolean; every: number; save?: string; log?: string; memoryBudget?: string; pairs?: string };

/** `gan train <design> --steps N [--backend cpu|wasm|webgpu] [--seed S] [--batch B] [--save FILE] [--pairs DIR] [--json]`. */
export async function trainCommand(ref: string, o: TrainOptions): Promise<number> {
  // What the user named is checked before any work: a checkpoint that cannot be written fails now, not after training.
  if (o.save) {
    const problem = checkpointTargetProblem(o.save);
    if (problem) {
      console.error(`error: cannot save to ${o.save}: ${problem}`);
      return 1;
    }
    removeStaleTemporaries(o.save);
  }
  const valid = loadValidDesign(ref, 'training', cliBudget(o.backend, o.memoryBudget), o.batch);
  if (!valid) return 1;
  const { design, report } = valid;
  const { threads, why } = threadsFor(o.backend, o.threads);
  const tf = await nodeTf(o.backend, { threads });
  if (why && !o.json) console.log(`wasm: ${threads} thread${threads > 1 ? 's' : ''} (${why}; --threads N to choose)`);
  // A paired-folder source's pairs come from --pairs DIR (A/ and B/ with matching names).
  const images = { ...(await imagesFor(design)), ...(await pairImagesFor(tf, design, o.pairs)) };
  const seed = o.seed ?? design.training.settings.seed;
  const trainer = Trainer.create(tf, design, report, { images, frozen: frozenFor(tf, design), seed, batchSize: o.batch, buildNetwork: (t, net, r) => buildNetwork(t, net, r, blocks) });
  let log: RunLog | null = null;
  let health: RunHealth;
  try {
    health = new RunHealth(trainer, design, null);
    if (o.log) log = health.attach(RunLog.open(o.log, { design: health.facts, name: design.name, source: ref, seed }));
  } catch (e) {
    trainer.dispose();
    console.error(`error: cannot write the run log ${o.log}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return 1;
  }
  const started = performance.now();
  let last: StepMetrics | null = null;
  try {
    for (let i = 0; i < o.steps; i++) {
      last = await trainer.trainStep();
      await health.step(last);
      if (last.nonFinite) {
        for (const d of health.diagnose()) console.error(formatDiagnosis(d));
        console.error(`error: the loss "${last.nonFinite}" became ${last.losses[last.nonFinite]} at step ${last.step}; lower the learning rate or check the design.`);
        return 1;
      }
      if (!o.json && (last.step % o.every === 0 || last.step === o.steps)) console.log(formatStep(last, performance.now() - started));
    }
    const ms = (performance.now() - started) / Math.max(o.steps, 1);
    if (o.save) {
      // Written beside the target and renamed into place: an interrupted run leaves no half-written checkpoint.
      const tmp = temporaryFor(o.save);
      // Ctrl-C or a kill during the write removes the partial file; a kill -9 cannot be caught, and the next
      // `gan train --save` to the same path removes what it left (removeStaleTemporaries).
      const interrupted = () => {
        rmSync(tmp, { force: true });
        process.exit(130);
      };
      process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
      try {
        await writeCheckpoint(tmp, design, trainer, { seed, source: ref, run: health.record() });
        renameSync(tmp, o.save);
      } catch (e) {
        rmSync(tmp, { force: true });
        console.error(`error: cannot write the checkpoint ${o.save}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        return 1;
      } finally {
        process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
      }
    }
    const evaluation = await evaluateSamples(tf, design, trainer);
    const diagnostics = health.diagnose();
    const summary = {
      design: design.name,
      source: ref,
      backend: tf.getBackend(),
      threads,
      seed,
      steps: trainer.step,
      batchSize: trainer.batchSize,
      msPerStep: Math.round(ms * 10) / 10,
      losses: last?.losses ?? {},
      dReal: last?.dReal ?? null,
      dFake: last?.dFake ?? null,
      wasserstein: last?.wasserstein ?? null,
      gradNorms: last?.gradNorms ?? {},
      metrics: evaluation,
      diagnostics,
      checkpoint: o.save ?? null,
      log: o.log ?? null,
      tensors: tf.memory().numTensors,
    };
    if (o.json) console.log(JSON.stringify(summary));
    else {
      console.log(`trained ${summary.steps} steps on ${summary.backend}${threads > 1 ? ` (${threads} threads)` : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s (${summary.msPerStep} ms/step)`);
      if (o.save) console.log(`checkpoint: ${o.save} (score it with \`npm run gan -- eval ${o.save}\`)`);
      if (evaluation) console.log(`metrics: ${Object.entries(evaluation).map(([k, v]) => `${k} ${typeof v === 'number' ? round(v) : String(v)}`).join(', ')}`);
      console.log(diagnostics.length ? `health: ${diagnostics.length} problem${diagnostics.length > 1 ? 's' : ''} seen` : `health: no problems seen over steps 1–${trainer.step}`);
      for (const d of diagnostics) console.log(formatDiagnosis(d));
    }
    return 0;
  } finally {
    log?.close();
    trainer.dispose();
  }
}

const round = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

function formatStep(m: StepMetrics, elapsed: number): string {
  const losses = Object.entries(m.losses).map(([k, v]) => `${k} ${round(v)}`).join('  ');
  return `step ${m.step}  ${losses}${m.wasserstein !== null ? `  W ${round(m.wasserstein)}` : ''}  (${(elapsed / 1000).toFixed(1)} s)`;
}
