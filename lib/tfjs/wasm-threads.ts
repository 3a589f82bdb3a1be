import type * as tfType from '@tensorflow/tfjs';
import type { KernelBackend } from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
// The Emscripten factory of the threaded SIMD build; the same module instance tfjs-backend-wasm's backend_wasm.js
// imports, so what is set on it here is what tfjs sees.
import * as threadedSimdModule from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';

type Tf = typeof tfType;

/** The unminified Emscripten glue of the threaded build, served next to the .wasm binaries (scripts/vendor-assets.mjs). */
export const THREADED_MAIN_SCRIPT = 'tfjs-backend-wasm-threaded-simd.js';

/** How the wasm backend runs: what the backend report shows when wasm is the backend. */
export type WasmRuntime = {
  /** XNNPACK's thread count (tfjs `getThreadsCount()`); 1 when single-threaded. */
  threads: number;
  threaded: boolean;
  simd: boolean;
  /** In words: which build runs, and when it is not the threaded one, why. */
  note: string;
};

/** What a worker or window offers that threads need, read from the global scope (a parameter, for tests). */
export type ThreadScope = Pick<WindowOrWorkerGlobalScope, 'crossOriginIsolated'> & {
  SharedArrayBuffer?: unknown;
  navigator?: { hardwareConcurrency?: number };
  addEventListener(type: 'error', listener: (ev: ErrorEvent) => void): void;
  removeEventListener(type: 'error', listener: (ev: ErrorEvent) => void): void;
};

/** Why wasm threads cannot run in `scope`, or null when they may. */
export function threadsBlocker(scope: Pick<ThreadScope, 'crossOriginIsolated' | 'SharedArrayBuffer'>): string | null {
  if (!scope.crossOriginIsolated) return 'the page is not cross-origin isolated (no COOP/COEP headers)';
  if (typeof scope.SharedArrayBuffer !== 'function') return 'SharedArrayBuffer is not available';
  return null;
}

/**
 * XNNPACK threads to ask for: every logical core, at most 4. tfjs's own default
 * is half the logical cores (it assumes two hyperthreads per core), which on a 2-core machine is 1 thread: no threading.
 */
export function defaultThreadCount(scope: Pick<ThreadScope, 'navigator'>): number {
  const cores = scope.navigator?.hardwareConcurrency ?? 1;
  return Math.min(Math.max(Math.floor(cores), 1), MAX_THREADS);
}
const MAX_THREADS = 4;
/** The pthreads the threaded build starts (PTHREAD_POOL_SIZE); XNNPACK may use that many. */
const POOL_SIZE = 8;

/** The Emscripten factory function of the threaded build (CommonJS `module.exports`, read as tfjs reads it). */
function threadedFactory(): object {
  const m = threadedSimdModule as unknown as { default?: object };
  return m.default ?? (threadedSimdModule as unknown as object);
}

/**
 * The source tfjs hands each pthread as its main script. tfjs 4.22 (backend_wasm.ts, `init`) always sets the factory's
 * `mainScriptUrlOrBlob` to `new Blob(['var WasmBackendModuleThreadedSimd = ' + factory.toString()])`; each pthread
 * imports that and calls `WasmBackendModuleThreadedSimd(Module)`. After a bundler minified the factory, its source
 * names variables of the module around it ("a is not defined"), so instead the blob imports the glue as published.
 */
export function pthreadMainScriptSource(url: string): string {
  return `(importScripts(${JSON.stringify(url)}), WasmBackendModuleThreadedSimd)`;
}

/** Makes tfjs's pthread blob load the unminified glue from `url` (absolute: a blob worker has no base URL). */
export function pointPthreadsAt(url: string, factory: object = threadedFactory()): void {
  const source = pthreadMainScriptSource(url);
  Object.defineProperty(factory, 'toString', { value: () => source, configurable: true, writable: true });
}

export type WasmThreadsOptions = {
  /** Absolute URL of the unminified threaded glue (`THREADED_MAIN_SCRIPT` in the wasm folder). */
  mainScriptUrl: string;
  scope: ThreadScope;
  /** Give up on threads when the threaded module has not started after this long. Default 20 s. */
  timeoutMs?: number;
  /** When false, do not try threads (single-threaded SIMD), and say so. */
  enabled?: boolean;
  /** XNNPACK threads for the threaded build (1 to 8: tfjs's pthread pool); default `defaultThreadCount(scope)`. */
  threads?: number;
};

/**
 * Lets tfjs-backend-wasm run its threaded SIMD build where the platform allows, with a fallback. Call after importing
 * '@tensorflow/tfjs-backend-wasm' and `setWasmPaths`, before the wasm backend initialises. It re-registers the 'wasm'
 * backend factory (same priority) around tfjs's own: where the scope is cross-origin isolated and tfjs's feature
 * probes pass, it tries the threaded build with pthreads loading the unminified glue (`pointPthreadsAt`); if that
 * throws, reports an uncaught pthread error or does not start within `timeoutMs`, it initialises single-threaded
 * SIMD wasm instead. Returns a function that tells how wasm runs once it has initialised (null before).
 */
export function installWasmThreads(tf: Tf, opts: WasmThreadsOptions): () => WasmRuntime | null {
  const original = tf.findBackendFactory('wasm');
  if (!original) throw new Error("installWasmThreads: import '@tensorflow/tfjs-backend-wasm' first.");
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const want = opts.threads === undefined ? defaultThreadCount(opts.scope) : Math.min(Math.max(Math.floor(opts.threads), 1), POOL_SIZE);
  const blocker =
    opts.enabled === false
      ? 'threads are turned off'
      : (threadsBlocker(opts.scope) ?? (opts.threads === undefined && want < 2 ? 'this device reports one CPU core' : null));
  if (blocker) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else pointPthreadsAt(opts.mainScriptUrl);
  let runtime: WasmRuntime | null = null;
  let pending: Promise<KernelBackend> | null = null;

  const start = async (): Promise<KernelBackend> => {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    const build = simd ? 'single-threaded SIMD wasm' : 'single-threaded wasm (no SIMD here)';
    if (!(simd && threads)) {
      setThreadsCount(-1);
      const backend = await original();
      const why = blocker ?? (simd ? 'this browser has no wasm threads' : 'the threaded build needs SIMD');
      runtime = { threads: getThreadsCount(), threaded: false, simd: Boolean(simd), note: `${build}: ${why}` };
      return backend;
    }
    try {
      setThreadsCount(want);
      const backend = await withLogicalCores(opts.scope.navigator, 2 * want, () => startOrFail(async () => original(), opts.scope, timeoutMs));
      const n = getThreadsCount();
      runtime = { threads: n, threaded: true, simd: true, note: `threaded SIMD wasm, ${n} thread${n === 1 ? '' : 's'}` };
      return backend;
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      console.warn(`wasm threads did not start (${why}); falling back to single-threaded SIMD wasm.`);
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      setThreadsCount(-1);
      // The failed module's other pthreads may still report their errors, during the fallback's start or later:
      // they concern a module nothing uses, so they stay here rather than reach the page as the worker's failure.
      opts.scope.addEventListener('error', (ev: ErrorEvent) => {
        if (isRethrownWorkerError(ev.error)) ev.preventDefault();
      });
      const backend = await startOrFail(async () => original(), null, timeoutMs);
      runtime = { threads: getThreadsCount(), threaded: false, simd: true, note: `${build}: threads failed to start (${why})` };
      return backend;
    }
  };
  // tfjs may call a backend's factory twice (`tf.findBackend` then `tf.setBackend` each initialise it, engine.ts),
  // which would start two wasm modules, each with its pool of pthreads: one start serves both, until it fails.
  const factory = (): Promise<KernelBackend> =>
    (pending ??= start().catch((e: unknown) => {
      pending = null;
      throw e;
    }));
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', factory, WASM_PRIORITY);
  return () => runtime;
}

/**
 * Runs `start` while `navigator.hardwareConcurrency` reads `cores`. tfjs-backend-wasm 4.22 caps XNNPACK's threads at
 * half the logical cores whatever `setThreadsCount` asks (backend.cc: `num_cores = emscripten_num_logical_cores() / 2`,
 * read once when the module starts, and `init_with_threads_count` takes the minimum), so on a 2-core machine the
 * threaded build would run one thread. Shadowing the getter on this worker's navigator while the module starts lets
 * the requested count through; the own property is removed when it has started.
 */
async function withLogicalCores<T>(nav: ThreadScope['navigator'], cores: number, start: () => Promise<T>): Promise<T> {
  if (!nav) return start();
  Object.defineProperty(nav, 'hardwareConcurrency', { value: cores, configurable: true });
  try {
    return await start();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** tfjs-backend-wasm's priority for 'wasm' (base.ts), kept when re-registering. */
const WASM_PRIORITY = 2;

/**
 * Runs `start`, failing on a rejection, after `timeoutMs` (the threaded module waits for all its pthreads to load,
 * forever if one never does), and, given a `scope`, on an uncaught error in it while `start` runs: Emscripten rethrows
 * a pthread's error event there, and it would otherwise reach the page as the training worker's failure.
 */
async function startOrFail<T>(start: () => Promise<T>, scope: ThreadScope | null, timeoutMs: number): Promise<T> {
  let onError: ((ev: ErrorEvent) => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<never>((_, reject) => {
    if (scope) {
      onError = (ev: ErrorEvent) => {
        ev.preventDefault();
        const inner = (ev.error as { message?: unknown } | null)?.message;
        reject(new Error(typeof inner === 'string' && inner ? inner : ev.message || 'a wasm thread failed'));
      };
      scope.addEventListener('error', onError);
    }
    timer = setTimeout(() => reject(new Error(`not started after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  const started = Promise.resolve().then(start);
  // A start that loses the race may still settle later; its rejection is expected, not unhandled.
  started.catch(() => undefined);
  try {
    return await Promise.race([started, failed]);
  } finally {
    if (scope && onError) scope.removeEventListener('error', onError);
    clearTimeout(timer);
  }
}

/** Emscripten's pthread `worker.onerror` rethrows the worker's ErrorEvent itself: an uncaught value no code throws. */
function isRethrownWorkerError(thrown: unknown): boolean {
  return typeof ErrorEvent !== 'undefined' && thrown instanceof ErrorEvent;
}
