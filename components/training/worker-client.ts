'use client';
import type { BackendName } from '../../lib/train/backends';
import type { FromWorker, ToWorker } from '../../lib/train/protocol';
import { initialRunState, runReducer, type RunState } from '../../lib/train/run-state';

/**
 * The page's one handle on the training worker: it starts the worker once, folds every report into a RunState with
 * the pure reducer, and lets React subscribe (useSyncExternalStore). The page sends commands and renders state.
 */
type Listener = () => void;

let worker: Worker | null = null;
let state: RunState = initialRunState;
const listeners = new Set<Listener>();

type ImportReply = Extract<FromWorker, { type: 'imported' | 'importFailed' }>;
/** The import waiting for the worker's answer (one at a time: the panel's control is busy meanwhile). */
let pendingImport: ((m: ImportReply) => void) | null = null;

function emit(m: FromWorker) {
  state = runReducer(state, m);
  if ((m.type === 'imported' || m.type === 'importFailed') && pendingImport) {
    const settle = pendingImport;
    pendingImport = null;
    settle(m);
  }
  for (const l of listeners) l();
}

function ensure(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../../lib/train/training.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (ev: MessageEvent<FromWorker>) => emit(ev.data);
  worker.onerror = (ev) => emit({ type: 'error', message: ev.message || 'the training worker failed to start' });
  const preferred = readPreferred();
  const wasmThreads = readWasmThreads();
  worker.postMessage({ type: 'init', wasmPath: '/vendor/tfjs-wasm/', dataPath: '/vendor/', ...(preferred ? { preferred } : {}), ...(wasmThreads === true ? {} : { wasmThreads }) } satisfies ToWorker);
  return worker;
}

const PREF_KEY = 'gan-studio:backend';
function readPreferred(): BackendName | undefined {
  const v = typeof localStorage === 'undefined' ? null : localStorage.getItem(PREF_KEY);
  return v === 'webgpu' || v === 'webgl' || v === 'wasm' || v === 'cpu' ? v : undefined;
}

/**
 * wasm runs threaded where it can, a thread per core; `localStorage['gan-studio:wasm-threads']` = `off` keeps it
 * single-threaded, a number from 1 to 8 sets the thread count.
 */
const THREADS_KEY = 'gan-studio:wasm-threads';
function readWasmThreads(): boolean | number {
  const v = typeof localStorage === 'undefined' ? null : localStorage.getItem(THREADS_KEY);
  if (v === 'off') return false;
  return v !== null && /^[1-8]$/.test(v) ? Number(v) : true;
}

export const trainingClient = {
  subscribe(l: Listener): () => void {
    ensure();
    listeners.add(l);
    return () => listeners.delete(l);
  },
  getState: (): RunState => state,
  getServerState: (): RunState => initialRunState,
  send(m: ToWorker): void {
    ensure().postMessage(m);
  },
  /**
   * Sends checked weights to become the design's checkpoint (their buffers are transferred, not copied) and resolves
   * with the worker's answer: imported, or refused and why.
   */
  importWeights(m: Extract<ToWorker, { type: 'importWeights' }>): Promise<ImportReply> {
    const w = ensure();
    pendingImport?.({ type: 'importFailed', key: m.key, file: m.file, message: 'another import started' });
    const reply = new Promise<ImportReply>((resolve) => (pendingImport = resolve));
    const arrays = [...Object.values(m.weights.weights), ...Object.values(m.weights.ema)].flat();
    w.postMessage(m, [...new Set(arrays.map((a) => a.buffer))]);
    return reply;
  },
  /** Restarts the worker on another backend (a user's override), remembered across reloads. */
  chooseBackend(b: BackendName | null): void {
    if (b) localStorage.setItem(PREF_KEY, b);
    else localStorage.removeItem(PREF_KEY);
    worker?.terminate();
    worker = null;
    pendingImport?.({ type: 'importFailed', key: '', file: '', message: 'the training worker restarted' });
    pendingImport = null;
    state = { ...initialRunState };
    for (const l of listeners) l();
    ensure();
  },
};
