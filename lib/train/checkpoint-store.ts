import type { Design } from '../graph/schema';
import type { EvalResult } from './evaluation';
import type { StepMetrics } from './step-metrics';
import type { Snapshot } from './trainer';

/**
 * Checkpoints in IndexedDB, keyed by design: the weights of every network and the step, so a reload resumes where
 * training stopped. Works in a window and in a worker (both have indexedDB).
 */
const DB = 'gan-studio-checkpoints';
const STORE = 'checkpoints';

/**
 * `evaluations`: the run's evaluation history, a few hundred bytes each (absent in checkpoints saved before it existed).
 * `ema` (Snapshot): the generators' moving averages, per network in the weights' order and shapes; a checkpoint without
 * them (saved before they were kept) restores the shadows from the weights.
 * `history`: the run's step metrics (thinned as the dashboard thins them), so the curves come back with the weights.
 * `design`: the design the weights were trained on, which may differ from the saved design after an edit the user has
 * not yet restarted with. Both are absent in checkpoints saved before they existed.
 */
export type StoredCheckpoint = Snapshot & { key: string; savedAt: number; evaluations?: EvalResult[]; history?: StepMetrics[]; design?: Design };

/** What a checkpoint carries besides the weights and evaluations. */
export type RunRecord = { history?: readonly StepMetrics[]; design?: Design };

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB failed to open'));
  });
}

function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = fn(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(req.result);
        };
        tx.onerror = () => {
          db.close();
          reject(tx.error ?? new Error('IndexedDB transaction failed'));
        };
      }),
  );
}

export const checkpointStore = {
  save: (key: string, s: Snapshot, evaluations: readonly EvalResult[] = [], record: RunRecord = {}) =>
    run('readwrite', (st) =>
      st.put({
        ...s,
        key,
        savedAt: Date.now(),
        evaluations: [...evaluations],
        ...(record.history ? { history: [...record.history] } : {}),
        ...(record.design ? { design: record.design } : {}),
      } satisfies StoredCheckpoint),
    ).then(() => undefined),
  load: (key: string) => run<StoredCheckpoint | undefined>('readonly', (st) => st.get(key) as IDBRequest<StoredCheckpoint | undefined>),
  remove: (key: string) => run('readwrite', (st) => st.delete(key)).then(() => undefined),
};
