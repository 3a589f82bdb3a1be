/// <reference lib="webworker" />
// The dedicated Web Worker that owns tfjs in the browser: training never blocks the page, and the page only
// renders what this worker reports (ARCHITECTURE.md, "Training runs in a dedicated Web Worker").
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { blocks } from '../blocks';
import { buildNetwork } from '../compile/build-network';
import { loadMnist } from '../data/mnist';
import { isShapeSet, shapeSet } from '../data/shapes';
import type { ImageSet } from '../data/image-set';
import type { Frozen } from '../blocks/types';
import type { Design } from '../graph/schema';
import { frozenClassifier, type MnistClassifier } from '../metrics/classifier/model';
import { browserBudget, validateDesign } from '../validate';
import { measureBackends } from '../tfjs/backend-trial';
import { prepareWasm } from '../tfjs/wasm-start';
import { probeWebGpu, selectBackend, type BackendChoice, type BackendName } from './backends';
import { EvalController } from './eval-controller';
import { fetchClassifier } from './evaluation-images';
import { frozenNeeds, imageSetNeeds } from './image-needs';
import type { FromWorker, ToWorker } from './protocol';
import { runArchive } from './run-archive-store';
import { RunHost } from './run-host';
import { Trainer } from './trainer';

declare const self: DedicatedWorkerGlobalScope;
const post = (m: FromWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer);

let dataPath = '/vendor/';
/** The backend asked for and the one that runs, to say what a switch did. */
let backendAsked: BackendName | undefined;
let backendChoice: BackendChoice | null = null;
const images: Record<string, ImageSet | undefined> = {};
const evals = new EvalController({
  tf,
  post,
  loadClassifier: () => fetchClassifier(tf, `${dataPath}mnist-classifier/`),
  // The paired evaluation's held-out digits: fetched on its first run only (7.8 MB), then kept by the controller.
  loadTestImages: () => loadMnist(mnistFile, 'test'),
});
const runs = new RunHost({ tf, post, store: runArchive, evals, images: () => images, build, movedMessage });

async function init(preferred: BackendName | undefined, wasmPath: string, wasmThreads: boolean | number = true) {
  // Threaded where the page is cross-origin isolated (next.config.js sends COOP/COEP).
  const wasmRuntime = prepareWasm(tf, wasmPath, self, wasmThreads);
  const gpu = await probeWebGpu(self.navigator);
  const choice = await selectBackend(tf, gpu, preferred, (candidates) => measureBackends(tf, candidates, { runs: 3, warmup: 1, restore: false }));
  const wasm = choice.backend === 'wasm' ? wasmRuntime() : null;
  backendAsked = preferred;
  backendChoice = wasm ? { ...choice, wasm } : choice;
  post({ type: 'backend', choice: backendChoice });
}

async function imagesFor(design: Design) {
  const needs = imageSetNeeds(design, blocks);
  // Drawn here from their seed, once per worker (about a second for either size).
  for (const n of needs) if (isShapeSet(n.name) && !images[n.name]) images[n.name] = shapeSet(n.name);
  const needsMnist = needs.some((n) => n.name === 'mnist');
  if (needsMnist && !images['mnist']) {
    images['mnist'] = await loadMnist(mnistFile);
  }
  return images;
}

/** One of MNIST's files, from the app's vendored copy. */
async function mnistFile(file: string): Promise<Uint8Array> {
  const res = await fetch(`${dataPath}mnist/${file}`);
  if (!res.ok) throw new Error(`MNIST is not served at ${dataPath}mnist/${file} (HTTP ${res.status}); run "npm run build" to vendor it.`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The classifier a feature loss reads: loaded on the first design that needs it, then kept for the worker's life (0.75 MB). */
let loadedClassifier: Promise<MnistClassifier> | null = null;

async function frozenFor(design: Design): Promise<Frozen> {
  if (!frozenNeeds(design, blocks).includes('mnist-classifier')) return {};
  loadedClassifier ??= fetchClassifier(tf, `${dataPath}mnist-classifier/`).catch((e: unknown) => {
    loadedClassifier = null;
    throw e;
  });
  return { 'mnist-classifier': frozenClassifier(tf, await loadedClassifier) };
}

/** A trainer for `design`, or why there is none (its errors). */
async function build(design: Design): Promise<Trainer | string> {
  // The budget the studio's problems panel applies: this device's memory (Device Memory API, also in workers).
  const report = validateDesign(design, blocks, browserBudget((self.navigator as Navigator & { deviceMemory?: number }).deviceMemory));
  if (!report.ok) {
    const errors = report.problems.filter((p) => p.severity === 'error').length;
    return `The design has ${errors} error${errors === 1 ? '' : 's'}; fix ${errors === 1 ? 'it' : 'them'} to train (see Problems).`;
  }
  return Trainer.create(tf, design, report, { images: await imagesFor(design), frozen: await frozenFor(design), buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
}

/** What a backend switch did, in a sentence, with why the backend asked for is not the one running. */
function movedMessage(step: number | null): string {
  const now = backendChoice?.backend ?? tf.getBackend();
  const failed = backendAsked && backendAsked !== now ? backendChoice?.attempts.find((a) => a.backend === backendAsked && !a.ok) : undefined;
  const why = failed ? ` (${failed.backend} does not work here: ${failed.reason})` : '';
  return step === null ? `Training runs on ${now} now${why}.` : `Moved the run at step ${step.toLocaleString('en')} to ${now}${why}.`;
}

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  try {
    switch (msg.type) {
      case 'init':
        dataPath = msg.dataPath;
        await init(msg.preferred, msg.wasmPath, msg.wasmThreads);
        break;
      case 'design':
        await runs.serially(() => runs.design(msg.key, msg.design, msg.moved));
        break;
      case 'restart':
        await runs.serially(() => runs.restart());
        break;
      case 'reset':
        await runs.serially(() => runs.reset());
        break;
      case 'handOver':
        await runs.serially(async () => post({ type: 'handOver', run: await runs.handOver() }));
        break;
      case 'start':
        runs.run(Number.POSITIVE_INFINITY);
        break;
      case 'step':
        runs.run(1);
        break;
      case 'pause':
        await runs.stop();
        break;
      case 'setLearningRate':
        runs.setLearningRate(msg.network, msg.learningRate);
        break;
      case 'evaluate':
        await runs.evaluate();
        break;
      case 'evalSettings':
        evals.configure(msg.settings);
        break;
      case 'importWeights':
        await runs.serially(() =>
          runs.importWeights(msg.key, msg.file, msg.weights).catch((e: unknown) =>
            post({ type: 'importFailed', key: msg.key, file: msg.file, message: e instanceof Error ? e.message : String(e) }),
          ),
        );
        break;
      case 'openRun':
        await runs.serially(() => runs.switchRun(msg.key, msg.design, () => runArchive.activate(msg.key, msg.runId)));
        break;
      case 'fork':
        await runs.serially(() =>
          runs.switchRun(msg.key, msg.design, async () => `Forked ${(await runArchive.fork(msg.key, msg.runId, msg.step, msg.design)).name}.`),
        );
        break;
      case 'latentSpace':
        await runs.serially(async () => post({ type: 'latentSpace', id: msg.id, ...runs.latentSpace() }));
        break;
      case 'explore':
        // After any rebuild queued before it, so the samples come from the run the page sees.
        await runs.serially(async () => {
          const result = await runs.explore({ latent: msg.latent, labels: msg.labels }).catch((e: unknown) => ({ ok: false as const, message: e instanceof Error ? e.message : String(e) }));
          post({ type: 'explored', id: msg.id, result });
        });
        break;
      case 'principal':
        await runs.serially(async () => {
          const result = await runs.principal(msg.count).catch((e: unknown) => ({ ok: false as const, message: e instanceof Error ? e.message : String(e) }));
          post({ type: 'principal', id: msg.id, result }, result.ok ? [result.directions.buffer as ArrayBuffer] : []);
        });
        break;
      case 'nearest':
        await runs.serially(async () => {
          const result = await runs.nearest({ latent: msg.latent, labels: msg.labels }).catch((e: unknown) => ({ ok: false as const, message: e instanceof Error ? e.message : String(e) }));
          post({ type: 'nearest', id: msg.id, result });
        });
        break;
      case 'images':
        images[msg.name] = msg.set;
        // Data sources are bound when the trainer is built: rebuild it on the new images, keeping the run — once
        // the last of sets sent together has come (a source reading two halves fails on one).
        if (!msg.more) await runs.serially(() => runs.rebuildKeepingWeights());
        break;
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
