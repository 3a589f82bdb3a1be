import * as tf from '@tensorflow/tfjs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKENDS, selectBackend, type BackendChoice } from './backend.js';
import { latestCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { runAsProgram } from './cli.js';
import { imageSets, sampleKind, settings } from './config.js';
import { loadImages } from './data.js';
import { MAX_NODE_THREADS } from './lib/tfjs/wasm-threads-node.js';
import { writeSample } from './sample.js';
import { createTraining, disposeTraining, sample, trainStep, type StepMetrics } from './trainer.js';

export { createTraining, trainStep, sample, disposeTraining } from './trainer.js';

/**
 * `npm run train -- [options]`: trains the design, writing a sample picture every `sampleEvery` steps and a checkpoint
 * at the end (and every --checkpoint-every steps). `npm run train -- --help` lists the options.
 */

const HELP = `usage: npm run train -- [options]
  --steps N             steps to train in this run (default: the design's ${settings.steps}, less any resumed)
  --backend NAME        auto (default), ${BACKENDS.join(', ')}
  --threads T           wasm's XNNPACK threads, 1 to ${MAX_NODE_THREADS}, or auto (default: the idle cores, at most 4; same numbers)
  --seed S              seed of every random draw (default ${settings.seed})
  --batch B             examples per update (default ${settings.batchSize})
  --resume [DIR]        continue from a checkpoint; without DIR, the newest under --out/checkpoints
  --out DIR             where samples/ and checkpoints/ go (default .)
  --sample-every K      steps between sample pictures (default ${settings.sampleEvery})
  --checkpoint-every K  steps between checkpoints (default: only at the end)
  --log-every K         steps between loss lines (default 10)
  --data DIR            your image folder, for designs that train on one
  --data-a DIR, --data-b DIR   your two folders, for two-domain designs
  --pairs DIR           your folder of pairs, A/ and B/ with matching names, for paired designs`;

type Options = {
  steps: number | null;
  backend: BackendChoice;
  threads: number | 'auto';
  seed: number;
  batch: number;
  resume: string | true | null;
  out: string;
  sampleEvery: number;
  checkpointEvery: number | null;
  logEvery: number;
  data: { folder?: string; folderA?: string; folderB?: string; pairs?: string };
};

export function parseOptions(argv: string[]): Options | 'help' {
  // --resume takes an optional value: a following argument that is not an option is its directory.
  const i = argv.indexOf('--resume');
  let resume: string | true | null = null;
  if (i >= 0) {
    const next = argv[i + 1];
    resume = next !== undefined && !next.startsWith('--') ? next : true;
    argv = [...argv.slice(0, i), ...argv.slice(i + (resume === true ? 1 : 2))];
  }
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      steps: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
      threads: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      out: { type: 'string', default: '.' },
      'sample-every': { type: 'string' },
      'checkpoint-every': { type: 'string' },
      'log-every': { type: 'string' },
      data: { type: 'string' },
      'data-a': { type: 'string' },
      'data-b': { type: 'string' },
      pairs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const int = (name: string, v: string | undefined, fallback: number, min: number): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}; got "${v}"`);
    return n;
  };
  const backend = values.backend as BackendChoice;
  if (backend !== 'auto' && !(BACKENDS as readonly string[]).includes(backend)) throw new Error(`--backend must be auto or one of ${BACKENDS.join(', ')}; got "${backend}"`);
  return {
    steps: values.steps === undefined ? null : int('steps', values.steps, 1, 1),
    backend,
    threads: values.threads === undefined || values.threads === 'auto' ? 'auto' : threadCount(values.threads, int('threads', values.threads, 1, 1)),
    seed: int('seed', values.seed, settings.seed, 0),
    batch: int('batch', values.batch, settings.batchSize, 1),
    resume,
    out: values.out,
    sampleEvery: int('sample-every', values['sample-every'], settings.sampleEvery, 1),
    checkpointEvery: values['checkpoint-every'] === undefined ? null : int('checkpoint-every', values['checkpoint-every'], 1, 1),
    logEvery: int('log-every', values['log-every'], 10, 1),
    data: { folder: values.data, folderA: values['data-a'], folderB: values['data-b'], pairs: values.pairs },
  };
}

function threadCount(v: string | undefined, n: number): number {
  if (n > MAX_NODE_THREADS) throw new Error(`--threads must be a whole number from 1 to ${MAX_NODE_THREADS}; got "${v}"`);
  return n;
}

const round = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
const pad = (step: number) => String(step).padStart(6, '0');

function formatStep(m: StepMetrics, seconds: number): string {
  const losses = Object.entries(m.losses).map(([k, v]) => `${k} ${round(v)}`).join('  ');
  return `step ${m.step}  ${losses}${m.wasserstein !== null ? `  W ${round(m.wasserstein)}` : ''}  (${seconds.toFixed(1)} s)`;
}

export async function main(argv: string[]): Promise<number> {
  const o = parseOptions(argv);
  if (o === 'help') {
    console.log(HELP);
    return 0;
  }
  await selectBackend(o.backend, console.log, o.threads);
  const images = await loadImages(imageSets, o.data);
  const t = createTraining({ images, settings: { seed: o.seed, batchSize: o.batch } });
  const out = resolve(o.out);
  const checkpoints = join(out, 'checkpoints');
  try {
    if (o.resume !== null) {
      const dir = o.resume === true ? await latestCheckpoint(checkpoints) : resolve(o.resume);
      if (!dir) throw new Error(`--resume: no checkpoint under ${checkpoints}`);
      const state = await loadCheckpoint(dir, t);
      console.log(`resumed from ${dir} at step ${state.step}${state.source === 'browser' ? ' (weights trained in the browser)' : ''}`);
    }
    const steps = o.steps ?? Math.max(0, t.settings.steps - t.step);
    const end = t.step + steps;
    const started = performance.now();
    const sampleCount = sampleKind.kind === 'points' ? 1024 : 16;
    const writeSamples = async () => {
      const { fake, real } = sample(t, sampleCount);
      const file = join(out, 'samples', `step-${pad(t.step)}.png`);
      await writeSample(file, sampleKind, fake, real);
      tf.dispose([fake, real ?? []]);
      return file;
    };
    console.log(`training for ${steps} steps (${t.step} → ${end}), batch ${t.settings.batchSize}, seed ${t.settings.seed}`);
    while (t.step < end) {
      const m = await trainStep(t);
      if (m.nonFinite) throw new Error(`the loss "${m.nonFinite}" became ${m.losses[m.nonFinite]} at step ${m.step}; lower the learning rate or check the design`);
      const seconds = (performance.now() - started) / 1000;
      if (m.step % o.logEvery === 0 || m.step === end) console.log(formatStep(m, seconds));
      if (m.step % o.sampleEvery === 0 && m.step !== end) console.log(`sample: ${await writeSamples()}`);
      if (o.checkpointEvery && m.step % o.checkpointEvery === 0 && m.step !== end) await saveCheckpoint(join(checkpoints, `step-${pad(m.step)}`), t);
    }
    console.log(`sample: ${await writeSamples()}`);
    const dir = join(checkpoints, `step-${pad(t.step)}`);
    await saveCheckpoint(dir, t);
    console.log(`checkpoint: ${dir}`);
    const seconds = (performance.now() - started) / 1000;
    console.log(`trained ${steps} steps on ${tf.getBackend()} in ${seconds.toFixed(1)} s (${((seconds * 1000) / Math.max(steps, 1)).toFixed(0)} ms/step)`);
    return 0;
  } finally {
    disposeTraining(t);
  }
}

runAsProgram(import.meta.url, main);
