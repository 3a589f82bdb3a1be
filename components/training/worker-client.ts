'use client';
import type { BackendName } from '../../lib/train/backends';
import type { ExploreResult, FromWorker, LatentInfo, NearestResult, PrincipalResult, RunTransfer, ToWorker } from '../../lib/train/protocol';
import { initialRunState, runReducer, type RunState } from '../../lib/train/run-state';

/**
 * The page's one handle on the training worker: it starts the worker once, folds every report into a RunState with
 * the pure reducer, and lets React subscribe (useSyncExternalStore). The page sends commands and renders state.
 */
type Listener = () => void;

let worker: Worker | null = null;
/** Counts the workers started: a new one (another backend) needs the design sent again. */
let generation = 0;
let state: RunState = initialRunState;
const listeners = new Set<Listener>();

type ImportReply = Extract<FromWorker, { type: 'imported' | 'importFailed' }>;
/** The import waiting for the worker's answer (one at a time: the panel's control is busy meanwhile). */
let pendingImport: ((m: ImportReply) => void) | null = null;
/** A backend switch waiting for the old worker to hand its run over. */
let pendingHandOver: ((run: RunTransfer | null) => void) | null = null;
/** The run handed over, for the new worker's first design message (null: there was none to hand over). */
let moving: { run: RunTransfer | null } | null = null;

type ExplorerReply = Extract<FromWorker, { type: 'latentSpace' | 'explored' | 'principal' | 'nearest' }>;
/** The explorer's requests waiting for their answers, by id (the worker answers each, in order). */
const pendingExplorer = new Map<number, (m: ExplorerReply | null) => void>();
let explorerId = 0;

/** Sends an explorer request and resolves with the worker's answer, or null when the worker was replaced first. */
function ask(make: (id: number) => ToWorker, transfer: Transferable[] = []): Promise<ExplorerReply | null> {
  const id = ++explorerId;
  const reply = new Promise<ExplorerReply | null>((resolve) => pendingExplorer.set(id, resolve));
  ensure().postMessage(make(id), transfer);
  return reply;
}

function notify() {
  for (const l of listeners) l();
}

function emit(m: FromWorker) {
  state = runReducer(state, m);
  if ((m.type === 'imported' || m.type === 'importFailed') && pendingImport) {
    const settle = pendingImport;
    pendingImport = null;
    settle(m);
  }
  if (m.type === 'latentSpace' || m.type === 'explored' || m.type === 'principal' || m.type === 'nearest') {
    pendingExplorer.get(m.id)?.(m);
    pendingExplorer.delete(m.id);
    return;
  }
  if (m.type === 'handOver' && pendingHandOver) {
    const settle = pendingHandOver;
    pendingHandOver = null;
    settle(m.run);
  }
  notify();
}

function ensure(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('../../lib/train/training.worker.ts', import.meta.url), { type: 'module' });
  worker = w;
  generation++;
  // A worker being replaced may still report; only the current one's messages count.
  w.onmessage = (ev: MessageEvent<FromWorker>) => {
    if (worker === w || ev.data.type === 'handOver') emit(ev.data);
  };
  w.onerror = (ev) => {
    if (worker === w) emit({ type: 'error', message: ev.message || 'the training worker failed to start' });
  };
  const preferred = readPreferred();
  const wasmThreads = readWasmThreads();
  w.postMessage({ type: 'init', wasmPath: '/vendor/tfjs-wasm/', dataPath: '/vendor/', ...(preferred ? { preferred } : {}), ...(wasmThreads === true ? {} : { wasmThreads }) } satisfies ToWorker);
  return w;
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

/** A worker busy for longer than this (a stuck backend) is replaced anyway; the run then comes back from its checkpoint. */
const HAND_OVER_MS = 30_000;

/** Asks `w` for its run, paused, as plain arrays; null when it has none or does not answer in time. */
function handOver(w: Worker): Promise<RunTransfer | null> {
  pendingHandOver?.(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => settle(null), HAND_OVER_MS);
    const settle = (run: RunTransfer | null) => {
      clearTimeout(timer);
      if (pendingHandOver === settle) pendingHandOver = null;
      resolve(run);
    };
    pendingHandOver = settle;
    w.postMessage({ type: 'handOver' } satisfies ToWorker);
  });
}

/** Switches follow one another: the second waits until the first has its new worker. */
let switching: Promise<void> = Promise.resolve();

/**
 * Moves the run to a worker on another backend: the old worker pauses and hands over its weights as arrays (a
 * snapshot), it is replaced, and the new one restores them on its backend when the design reaches it
 * (useTraining sends it again for the new worker) and says what it did.
 */
async function moveTo(): Promise<void> {
  const old = worker;
  // A run handed over but not yet delivered (a second switch right after the first) is the one to move.
  if (!moving) moving = { run: old ? await handOver(old) : null };
  old?.terminate();
  if (worker === old) worker = null;
  pendingImport?.({ type: 'importFailed', key: '', file: '', message: 'the training worker restarted' });
  pendingImport = null;
  for (const settle of pendingExplorer.values()) settle(null);
  pendingExplorer.clear();
  // The dashboard keeps showing the run (its curves and samples) while it moves; the controls wait.
  state = { ...state, backend: null, phase: 'loading', message: 'moving the run', stepsPerSecond: 0, notice: null };
  notify();
  ensure();
}

export const trainingClient = {
  subscribe(l: Listener): () => void {
    ensure();
    listeners.add(l);
    return () => listeners.delete(l);
  },
  getState: (): RunState => state,
  getServerState: (): RunState => initialRunState,
  /** Which worker the state comes from; changes when the backend is switched. */
  generation: (): number => generation,
  send(m: ToWorker): void {
    if (m.type === 'design' && moving) {
      // The new worker's first design: it restores the handed-over run (when it is this design's) on its backend.
      m = { ...m, moved: moving };
      moving = null;
    }
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
  /** The loaded run's latent input for the explorer, or why it has none (in a sentence). */
  async latentSpace(): Promise<{ key: string | null; info: LatentInfo | string }> {
    const m = await ask((id) => ({ type: 'latentSpace', id }));
    return m?.type === 'latentSpace' ? { key: m.key, info: m.info } : { key: null, info: 'The training worker restarted; open the explorer again.' };
  },
  /** G's samples for noise vectors (and labels), as a sample frame, or why not. The arrays are transferred. */
  async explore(latent: Float32Array, labels?: Int32Array): Promise<ExploreResult> {
    const m = await ask((id) => ({ type: 'explore', id, latent, ...(labels ? { labels } : {}) }), [latent.buffer as ArrayBuffer, ...(labels ? [labels.buffer as ArrayBuffer] : [])]);
    return m?.type === 'explored' ? m.result : { ok: false, message: 'The training worker restarted; draw again.' };
  },
  /** The first `count` principal directions of the loaded run's G, or why not. */
  async principal(count: number): Promise<PrincipalResult> {
    const m = await ask((id) => ({ type: 'principal', id, count }));
    return m?.type === 'principal' ? m.result : { ok: false, message: 'The training worker restarted; open the explorer again.' };
  },
  /** The training images nearest to G's sample for one noise vector (and label), or why not. The arrays are transferred. */
  async nearest(latent: Float32Array, labels?: Int32Array): Promise<NearestResult> {
    const m = await ask((id) => ({ type: 'nearest', id, latent, ...(labels ? { labels } : {}) }), [latent.buffer as ArrayBuffer, ...(labels ? [labels.buffer as ArrayBuffer] : [])]);
    return m?.type === 'nearest' ? m.result : { ok: false, message: 'The training worker restarted; ask again.' };
  },
  /** Moves the run to another backend (a user's override, remembered across reloads); null goes back to automatic. */
  chooseBackend(b: BackendName | null): void {
    if (b) localStorage.setItem(PREF_KEY, b);
    else localStorage.removeItem(PREF_KEY);
    switching = switching.then(moveTo, moveTo);
  },
};
