import type * as tfType from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

type Tf = typeof tfType;

/** XNNPACK threads `--threads` accepts: tfjs's threaded build starts a pool of 8 pthreads (PTHREAD_POOL_SIZE). */
export const MAX_NODE_THREADS = 8;

/**
 * Threads for `--threads auto`: the cores idle when training starts (one-minute load average), at most 4. Threads pay
 * only on idle cores — `npm run bench -- threads` measured dcgan-mnist 1.42× faster on 2 threads of 2 cores beside two
 * low-priority processes, and the browser's 2 threads lost to 1 on a machine running ~8 other trainings — and they
 * never change the numbers. With `cores` and `load` given, for tests.
 */
export function autoThreads(cores = os.availableParallelism?.() ?? os.cpus().length, load = os.loadavg()[0] ?? 0): { threads: number; why: string } {
  const idle = Math.max(0, Math.min(cores, Math.round(cores - load)));
  const threads = Math.max(1, Math.min(idle, 4));
  return { threads, why: `${idle} of ${cores} cores idle, load average ${load.toFixed(1)}` };
}

const require = createRequire(import.meta.url);
const START_TIMEOUT_MS = 20_000;

/**
 * The pthread script tfjs hands Emscripten, made loadable by Node. tfjs 4.22 turns wasm threads off in Node
 * (flags_wasm.ts: `if (ENV.get('IS_NODE')) return false`, tfjs issue #3830) although the Emscripten glue of its threaded
 * build supports worker_threads: what fails is only that tfjs passes the pthread script as a blob: URL, and the glue's
 * main script as a Blob, neither of which a Node worker can load (backend_wasm.ts `locateFile`, `mainScriptUrlOrBlob`).
 * So each pthread gets the published worker script as source (`eval: true`), with its `importScripts` reading the
 * published glue from node_modules whatever it is handed. Null when the published script is not the one this was
 * written against (another tfjs): then threads stay off.
 */
function pthreadSource(): string | null {
  const dir = '@tensorflow/tfjs-backend-wasm/wasm-out/';
  const { wasmWorkerContents } = require(`${dir}tfjs-backend-wasm-threaded-simd.worker.js`) as { wasmWorkerContents?: unknown };
  const glue = require.resolve(`${dir}tfjs-backend-wasm-threaded-simd.js`);
  const importScripts = 'importScripts:function(f){(0,eval)(fs.readFileSync(f,"utf8")+"//# sourceURL="+f)}';
  if (typeof wasmWorkerContents !== 'string' || !wasmWorkerContents.includes(importScripts)) return null;
  // The script is a template literal's value: its "\n" escapes are real newlines, which tfjs re-escapes the same way.
  return wasmWorkerContents
    .replace(/\n/g, '\\n')
    .replace(importScripts, `importScripts:function(){(0,eval)(fs.readFileSync(${JSON.stringify(glue)},"utf8")+"//# sourceURL="+${JSON.stringify(glue)})}`);
}

type Pthreads = { runningWorkers: { unref(): void }[]; unusedWorkers: { unref(): void }[] };

/** Whether tfjs's wasm backend has already started in this process (its threads were fixed then). */
export function wasmStarted(tf: Tf): boolean {
  return 'wasm' in ((tf.engine() as unknown as { registry?: Record<string, unknown> }).registry ?? {});
}

/**
 * wasm's thread count for `asked` (a count, or 'auto': the cores idle now, with why). A process whose wasm has already
 * started (a second run in one process) keeps it as it is: 1 asked of it, no why.
 */
export function threadsFor(tf: Tf, asked: number | 'auto'): { threads: number; why: string | null } {
  if (asked !== 'auto') return { threads: asked, why: null };
  return wasmStarted(tf) ? { threads: 1, why: null } : autoThreads();
}

/**
 * Starts tfjs's wasm backend as its threaded SIMD build with `threads` XNNPACK threads (2…8), in Node. Call instead of
 * `tf.setBackend('wasm')`, before anything else initialises wasm. Throws, with why, when the threads cannot start (a
 * failed module cannot be re-initialised in this process: the user reruns with one thread).
 */
export async function startNodeWasmThreads(tf: Tf, threads: number): Promise<void> {
  // Imported here, so that importing this file for MAX_NODE_THREADS loads no wasm.
  const { getThreadsCount, setThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  if (wasmStarted(tf)) throw new Error('wasm has already started in this process; its threads are fixed when it starts');
  const source = pthreadSource();
  if (!source) throw new Error('this tfjs-backend-wasm is not the 4.22 build GAN Studio starts threads for');
  // The glue assigns worker_threads' Worker to the global `Worker` when it starts, and creates its pthreads with
  // `new Worker(url)`: the getter hands it one that runs the source above, whatever url it names.
  class PthreadWorker extends Worker {
    constructor() {
      super(source!, { eval: true });
    }
  }
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => PthreadWorker, set: () => undefined });
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  // XNNPACK's pool is min(requested, logical cores / 2) (backend.cc `init_with_threads_count`, assuming two
  // hyperthreads per core); the glue counts cores with os.cpus() once, while the module starts.
  const cpus = os.cpus;
  (os as { cpus: typeof os.cpus }).cpus = () => Array.from({ length: 2 * threads }, (_, i) => cpus()[i % Math.max(cpus().length, 1)]!);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // The module waits for every pthread to load, forever if one never does.
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not started after ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS)));
    const ok = await Promise.race([tf.setBackend('wasm'), timeout]);
    if (!ok || tf.getBackend() !== 'wasm') throw new Error('the threaded wasm build failed to initialise');
  } finally {
    clearTimeout(timer);
    (os as { cpus: typeof os.cpus }).cpus = cpus;
  }
  const got = getThreadsCount();
  // Emscripten refs a pthread's worker while it runs; XNNPACK's pool runs for the module's life, so without this the
  // process would never exit on its own.
  const pthreads = (tf.backend() as unknown as { wasm?: { PThread?: Pthreads } }).wasm?.PThread;
  for (const w of [...(pthreads?.runningWorkers ?? []), ...(pthreads?.unusedWorkers ?? [])]) w.unref();
  if (got !== threads) throw new Error(`asked for ${threads} wasm threads, XNNPACK runs ${got}`);
}
