/// <reference lib="webworker" />
// The dedicated Web Worker that owns tfjs in the browser: training never blocks the page, and the page only
// renders what this worker reports (ARCHITECTURE.md, "Training runs in a dedicated Web Worker").
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { blocks } from '../blocks';
import { buildNetwork } from '../compile/build-network';
import { loadMnist } from '../data/mnist';
import type { ImageSet } from '../data/image-set';
import type { Design } from '../graph/schema';
import { validateDesign } from '../validate';
import { measureBackends } from '../tfjs/backend-trial';
import { registerWasmTrainingKernels } from '../tfjs/wasm-training-kernels';
import { installWasmThreads, THREADED_MAIN_SCRIPT } from '../tfjs/wasm-threads';
import { probeWebGpu, selectBackend, type BackendName } from './backends';
import { checkpointStore } from './checkpoint-store';
import { EvalController } from './eval-controller';
import { fetchClassifier } from './evaluation-images';
import { imageSetNeeds, pixelRange } from './image-needs';
import type { FromWorker, Phase, SampleFrame, ToWorker } from './protocol';
import { Trainer, type Snapshot } from './trainer';
import { tensorsMismatch, type ImportedWeights } from './weights-import';

declare const self: DedicatedWorkerGlobalScope;
const post = (m: FromWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer);

/** Points on the 2-D plot and the decision surface's resolution. */
const POINTS = 512;
const SURFACE_N = 40;
const SURFACE_EXTENT = 5;
/** Save a checkpoint (IndexedDB) and a roll-back snapshot (memory) this often. */
const CHECKPOINT_MS = 5000;
const SAMPLE_MS = 1000;

type Session = { design: Design; key: string; trainer: Trainer; lastGood: Snapshot | null };
let session: Session | null = null;
let phase: Phase = 'idle';
let dataPath = '/vendor/';
let loop: Promise<void> | null = null;
const images: Record<string, ImageSet | undefined> = {};
const evals = new EvalController({ tf, post, loadClassifier: () => fetchClassifier(tf, `${dataPath}mnist-classifier/`) });

function status(p: Phase, message?: string) {
  phase = p;
  const t = session?.trainer;
  post({ type: 'status', phase: p, step: t?.step ?? 0, totalSteps: session?.design.training.settings.steps ?? 0, ...(message ? { message } : {}) });
}

async function init(preferred: BackendName | undefined, wasmPath: string, wasmThreads: boolean | number = true) {
  setWasmPaths(wasmPath);
  // Threaded SIMD wasm where the page is cross-origin isolated (next.config.js sends COOP/COEP), its pthreads loading
  // the unminified glue from the wasm folder; single-threaded SIMD wasm otherwise, or if the threads fail to start.
  const wasmRuntime = installWasmThreads(tf, {
    mainScriptUrl: new URL(`${wasmPath}${THREADED_MAIN_SCRIPT}`, self.location.href).href,
    scope: self,
    enabled: wasmThreads !== false,
    ...(typeof wasmThreads === 'number' ? { threads: wasmThreads } : {}),
  });
  registerWasmTrainingKernels(tf);
  const gpu = await probeWebGpu(self.navigator);
  const choice = await selectBackend(tf, gpu, preferred, (candidates) => measureBackends(tf, candidates, { runs: 3, warmup: 1, restore: false }));
  const wasm = choice.backend === 'wasm' ? wasmRuntime() : null;
  post({ type: 'backend', choice: wasm ? { ...choice, wasm } : choice });
}

async function imagesFor(design: Design) {
  const needsMnist = imageSetNeeds(design, blocks).some((n) => n.name === 'mnist');
  if (needsMnist && !images['mnist']) {
    images['mnist'] = await loadMnist(async (file) => {
      const res = await fetch(`${dataPath}mnist/${file}`);
      if (!res.ok) throw new Error(`MNIST is not served at ${dataPath}mnist/${file} (HTTP ${res.status}); run "npm run build" to vendor it.`);
      return new Uint8Array(await res.arrayBuffer());
    });
  }
  return images;
}

async function load(design: Design, key: string, resume: boolean) {
  await stop();
  await evals.detach();
  session?.trainer.dispose();
  session = null;
  status('loading');
  const report = validateDesign(design);
  if (!report.ok) return status('failed', `the design has ${report.problems.filter((p) => p.severity === 'error').length} errors; fix them to train.`);
  const saved = resume ? await checkpointStore.load(key).catch(() => undefined) : undefined;
  const trainer = Trainer.create(tf, design, report, { images: await imagesFor(design), buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
  session = { design, key, trainer, lastGood: null };
  if (saved) trainer.restore(saved);
  await evals.attach(trainer, images, saved?.evaluations);
  session.lastGood = await trainer.snapshot();
  post({ type: 'weightShapes', key, shapes: session.lastGood.shapes });
  await postSamples();
  status(trainer.step >= design.training.settings.steps ? 'done' : trainer.step > 0 ? 'paused' : 'ready');
}

async function postSamples() {
  const t = session?.trainer;
  if (!t) return;
  const fake = t.sample();
  let frame: SampleFrame;
  if (fake.shape.length === 2 && fake.shape[1] === 2) {
    const fakeMore = t.generate(POINTS, 99);
    const real = t.realSample();
    const surface = t.surface(SURFACE_N, SURFACE_EXTENT);
    frame = {
      kind: 'points',
      step: t.step,
      fake: (await fakeMore.data()) as Float32Array,
      real: real ? ((await real.data()) as Float32Array) : new Float32Array(),
      surface: surface ? { n: SURFACE_N, extent: SURFACE_EXTENT, values: (await surface.data()) as Float32Array } : null,
    };
    fakeMore.dispose();
    real?.dispose();
    surface?.dispose();
  } else {
    const [count, ...rest] = fake.shape;
    // Flat MLP outputs (784) are shown as square grey images.
    const side = rest.length === 1 ? Math.round(Math.sqrt(rest[0]!)) : 0;
    const [height, width, channels] = rest.length === 3 ? (rest as [number, number, number]) : [side, side, 1];
    frame = { kind: 'images', step: t.step, count: count!, height, width, channels, range: pixelRange(session!.design, blocks), data: (await fake.data()) as Float32Array };
  }
  fake.dispose();
  post({ type: 'samples', frame });
}

/**
 * Imported weights (already checked by the page) become the design's checkpoint, replacing the run's, and are loaded
 * as a resume loads a checkpoint: fresh optimizers, the sample grid and the evaluation panel on the imported model.
 */
async function importWeights(key: string, file: string, w: ImportedWeights) {
  const s = session;
  const refuse = (message: string) => post({ type: 'importFailed', key, file, message });
  if (!s || s.key !== key) return refuse('the design changed while the file was read; import it again');
  if (phase === 'running' || phase === 'loading') return refuse('pause training before importing weights');
  const have = s.lastGood?.shapes ?? (await s.trainer.snapshot()).shapes;
  for (const [id, shapes] of Object.entries(have)) {
    const wrong = w.shapes[id] ? tensorsMismatch(`network "${id}"`, w.shapes[id], shapes) : `the weights have nothing for the network "${id}"`;
    if (wrong) return refuse(wrong);
  }
  // Only the generators the design averages have a shadow to take the file's moving average.
  const averaged = s.trainer.plan.settings.emaDecay > 0 ? s.trainer.plan.generators : [];
  const ema = Object.fromEntries(Object.entries(w.ema).filter(([id]) => averaged.includes(id)));
  const before = { phase, results: [...evals.results] };
  // From here nothing may save the old weights over the import: 'loading' refuses start and step, and a detached
  // evaluation saves nothing.
  status('loading');
  await evals.detach();
  try {
    await checkpointStore.save(key, { step: w.step, weights: w.weights, shapes: w.shapes, ema }, []);
  } catch (e) {
    await evals.attach(s.trainer, images, before.results);
    status(before.phase);
    return refuse(`the checkpoint could not be stored: ${e instanceof Error ? e.message : String(e)}`);
  }
  await load(s.design, key, true);
  if (session?.key !== key) return refuse('the weights were stored, but the design changed before they loaded');
  post({ type: 'checkpoint', step: w.step });
  post({ type: 'imported', key, file, step: w.step, ema: Object.keys(ema) });
}

async function checkpoint() {
  if (!session) return;
  const snap = await session.trainer.snapshot();
  session.lastGood = snap;
  await checkpointStore.save(session.key, snap, evals.results).catch(() => undefined);
  post({ type: 'checkpoint', step: snap.step });
}

async function trainLoop(maxSteps: number) {
  const s = session;
  if (!s) return;
  const total = s.design.training.settings.steps;
  let lastSample = performance.now();
  let lastCheckpoint = performance.now();
  let lastPost = 0;
  const t0 = performance.now();
  const step0 = s.trainer.step;
  // An evaluation asked for while paused finishes first: steps never interleave with it.
  await evals.idle();
  for (let i = 0; i < maxSteps && session === s && (phase === 'running' || maxSteps === 1) && s.trainer.step < total; i++) {
    const m = await s.trainer.trainStep();
    if (m.nonFinite) {
      const restored = s.lastGood;
      if (restored) s.trainer.restore(restored);
      post({ type: 'fault', term: m.nonFinite, step: m.step, restoredStep: s.trainer.step, message: `"${m.nonFinite}" became ${m.losses[m.nonFinite]} at step ${m.step}; training paused and the weights rolled back to step ${s.trainer.step}. Lower the learning rate and resume.` });
      status('paused');
      return;
    }
    const now = performance.now();
    if (now - lastPost > 50 || maxSteps === 1) {
      post({ type: 'metrics', metrics: m, stepsPerSecond: ((m.step - step0) * 1000) / Math.max(now - t0, 1) });
      lastPost = now;
    }
    if (m.step % s.design.training.settings.sampleEvery === 0 || now - lastSample > SAMPLE_MS || maxSteps === 1) {
      await postSamples();
      lastSample = performance.now();
    }
    if (evals.due(m.step)) await evals.run(() => session !== s || !(phase === 'running' || maxSteps === 1));
    if (now - lastCheckpoint > CHECKPOINT_MS) {
      await checkpoint();
      lastCheckpoint = performance.now();
    }
    // Let pause / step / learning-rate messages in between steps.
    await new Promise((r) => setTimeout(r, 0));
  }
  if (session !== s) return;
  await checkpoint();
  // Ended by the step budget, by a single step, or by pause (which already flipped `phase` to stop the loop).
  status(s.trainer.step >= total ? 'done' : 'paused');
}

async function stop() {
  if (phase !== 'running') return;
  phase = 'paused';
  await loop;
}

function run(maxSteps: number) {
  if (!session || phase === 'running' || phase === 'loading') return;
  status(maxSteps === 1 ? phase : 'running');
  loop = trainLoop(maxSteps).catch((e: unknown) => status('failed', e instanceof Error ? e.message : String(e)));
}

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  try {
    switch (msg.type) {
      case 'init':
        dataPath = msg.dataPath;
        await init(msg.preferred, msg.wasmPath, msg.wasmThreads);
        break;
      case 'load':
        await load(msg.design, msg.key, msg.resume);
        break;
      case 'start':
        run(Number.POSITIVE_INFINITY);
        break;
      case 'step':
        run(1);
        break;
      case 'pause':
        await stop();
        break;
      case 'reset':
        if (session) {
          await checkpointStore.remove(session.key).catch(() => undefined);
          await load(session.design, session.key, false);
        }
        break;
      case 'setLearningRate':
        session?.trainer.setLearningRate(msg.network, msg.learningRate);
        break;
      case 'evaluate':
        if (phase === 'running') evals.request();
        else if (session && (phase === 'ready' || phase === 'paused' || phase === 'done')) {
          const s = session;
          // Saved with the weights at once, so a result measured while paused survives a reload.
          await evals.run(() => session !== s, () => (session === s && phase !== 'running' ? checkpoint() : Promise.resolve()));
        }
        break;
      case 'evalSettings':
        evals.configure(msg.settings);
        break;
      case 'importWeights':
        await importWeights(msg.key, msg.file, msg.weights).catch((e: unknown) =>
          post({ type: 'importFailed', key: msg.key, file: msg.file, message: e instanceof Error ? e.message : String(e) }),
        );
        break;
      case 'images':
        images[msg.name] = msg.set;
        // Data sources are bound when the trainer is built: rebuild it on the new images.
        if (session) await load(session.design, session.key, false);
        break;
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    if (phase === 'loading') status('failed', e instanceof Error ? e.message : String(e));
  }
};
