import type { Design } from '../graph/schema';
import { checkpointStore, type RunRecord, type StoredCheckpoint } from './checkpoint-store';
import type { EvalResult } from './evaluation';
import { designBudgetDrops, RUN_LIMITS, runName, snapshotBytes, thinSavedSteps, type RunLimits, type RunMeta } from './run-archive';
import type { RunStore } from './run-host';
import type { Snapshot } from './trainer';

/**
 * Every run of every design, in IndexedDB (`gan-studio-runs`), for the worker (as its RunStore) and the page (the
 * Runs panel lists, compares and deletes). Three stores:
 * - `designs`: per design key, the run the design trains now (`active`, null after Reset until the next save) and the
 *   next run's number;
 * - `runs`: RunMeta, everything of a run but its weights (indexed by design key);
 * - `snapshots`: the weights at each saved step, keyed `${runId}@${step}`, thinned per run (RUN_LIMITS).
 * A design's checkpoint from before runs were kept (`gan-studio-checkpoints`) becomes its first run when the design is
 * first read here, and only then leaves the old store: nobody's run vanishes on upgrade.
 */
const DB = 'gan-studio-runs';
type DesignRecord = { key: string; active: string | null; next: number };
type SnapshotRecord = { id: string; runId: string; step: number; snapshot: Snapshot };
type Stores = { designs: IDBObjectStore; runs: IDBObjectStore; snapshots: IDBObjectStore };

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore('designs', { keyPath: 'key' });
      db.createObjectStore('runs', { keyPath: 'id' }).createIndex('designKey', 'designKey');
      db.createObjectStore('snapshots', { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB failed to open'));
  });
}

/** A request's result. Awaiting it keeps the transaction alive: its continuation runs as a microtask of `onsuccess`. */
function done<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Runs `fn` in one transaction over all three stores; resolves with its result once the transaction has committed. */
async function inTx<T>(mode: IDBTransactionMode, fn: (s: Stores) => Promise<T>): Promise<T> {
  const db = await openDb();
  try {
    const tx = db.transaction(['designs', 'runs', 'snapshots'], mode);
    const committed = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    let result: T;
    try {
      result = await fn({ designs: tx.objectStore('designs'), runs: tx.objectStore('runs'), snapshots: tx.objectStore('snapshots') });
    } catch (e) {
      tx.abort();
      await committed.catch(() => undefined);
      throw e;
    }
    await committed;
    return result;
  } finally {
    db.close();
  }
}

const snapshotId = (runId: string, step: number) => `${runId}@${step}`;
const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
const designOf = async (s: Stores, key: string) => ((await done(s.designs.get(key))) as DesignRecord | undefined) ?? { key, active: null, next: 1 };

/** Puts the weights at `snapshot.step` into `meta` and thins its saved steps to `limits`. */
function keepStep(s: Stores, meta: RunMeta, snapshot: Snapshot, limits: RunLimits) {
  const bytes = snapshotBytes(snapshot);
  meta.saved = [...meta.saved.filter((x) => x.step !== snapshot.step), { step: snapshot.step, bytes }].sort((a, b) => a.step - b.step);
  // Steps past this one belong to weights a roll-back (a fault) or an import left behind.
  const stale = meta.saved.filter((x) => x.step > snapshot.step).map((x) => x.step);
  meta.saved = meta.saved.filter((x) => x.step <= snapshot.step);
  const dropped = [...stale, ...thinSavedSteps(meta.saved, limits)];
  meta.saved = meta.saved.filter((x) => !dropped.includes(x.step));
  s.snapshots.put({ id: snapshotId(meta.id, snapshot.step), runId: meta.id, step: snapshot.step, snapshot: { step: snapshot.step, weights: snapshot.weights, shapes: snapshot.shapes, ...(snapshot.ema ? { ema: snapshot.ema } : {}) } } satisfies SnapshotRecord);
  for (const step of dropped) s.snapshots.delete(snapshotId(meta.id, step));
}

function newRun(d: DesignRecord, init: Omit<RunMeta, 'id' | 'designKey' | 'number' | 'name' | 'createdAt' | 'updatedAt' | 'saved'>): RunMeta {
  const now = Date.now();
  const number = d.next;
  d.next += 1;
  return { id: newId(), designKey: d.key, number, name: runName(number, init.parent), createdAt: now, updatedAt: now, saved: [], ...init };
}

const migrated = new Set<string>();

/** The design's checkpoint from before runs were kept becomes its first run (once; a no-op after). */
async function migrate(key: string): Promise<void> {
  if (migrated.has(key)) return;
  const old = await checkpointStore.load(key).catch(() => undefined);
  if (old) {
    const moved = await inTx('readwrite', async (s) => {
      // Another reader (the page, the worker) may have moved it already.
      if (await done(s.designs.get(key))) return false;
      const d = await designOf(s, key);
      const meta = newRun(d, { parent: null, design: old.design ?? null, step: old.step, history: old.history ?? [], evaluations: old.evaluations ?? [] });
      meta.createdAt = old.savedAt;
      keepStep(s, meta, old, RUN_LIMITS);
      s.runs.put(meta);
      s.designs.put({ ...d, active: meta.id });
      return true;
    });
    if (moved) await checkpointStore.remove(key);
  }
  migrated.add(key);
}

/** What a list of a design's runs holds: which one it trains now, and every run, oldest first. */
export type RunList = { active: string | null; runs: RunMeta[] };

async function save(key: string, snap: Snapshot, evaluations: readonly EvalResult[], record: RunRecord, limits: RunLimits): Promise<void> {
  await migrate(key);
  await inTx('readwrite', async (s) => {
    const d = await designOf(s, key);
    const current = d.active ? ((await done(s.runs.get(d.active))) as RunMeta | undefined) : undefined;
    const meta = current ?? newRun(d, { parent: null, design: null, step: 0, history: [], evaluations: [] });
    meta.step = snap.step;
    meta.updatedAt = Date.now();
    meta.evaluations = [...evaluations];
    if (record.history) meta.history = [...record.history];
    if (record.design) meta.design = record.design;
    keepStep(s, meta, snap, limits);
    await fitDesignBudget(s, meta);
    s.runs.put(meta);
    s.designs.put({ ...d, active: meta.id });
  });
}

/** Thins the design's runs (`meta` as just updated, not yet put) to DESIGN_BYTES together. */
async function fitDesignBudget(s: Stores, meta: RunMeta) {
  const all = ((await done(s.runs.index('designKey').getAll(meta.designKey))) as RunMeta[]).filter((r) => r.id !== meta.id);
  const runs = [...all, meta].sort((a, b) => a.number - b.number);
  for (const [id, steps] of designBudgetDrops(runs, meta.id)) {
    const r = runs.find((x) => x.id === id)!;
    r.saved = r.saved.filter((x) => !steps.includes(x.step));
    for (const step of steps) s.snapshots.delete(snapshotId(id, step));
    if (r !== meta) s.runs.put(r);
  }
}

export const runArchive = {
  /** Saves the weights into the design's current run, or a new run when it has none (after Reset or Restart). */
  async save(key: string, snap: Snapshot, evaluations: readonly EvalResult[] = [], record: RunRecord = {}): Promise<void> {
    try {
      await save(key, snap, evaluations, record, RUN_LIMITS);
    } catch (e) {
      // Out of quota: the run keeps only its latest weights rather than none.
      if (!(e instanceof DOMException && e.name === 'QuotaExceededError')) throw e;
      await save(key, snap, evaluations, record, { ...RUN_LIMITS, steps: 1 });
    }
  },
  /** The latest checkpoint of the run the design trains now. */
  async load(key: string): Promise<StoredCheckpoint | undefined> {
    await migrate(key);
    return inTx('readonly', async (s) => {
      const d = (await done(s.designs.get(key))) as DesignRecord | undefined;
      const meta = d?.active ? ((await done(s.runs.get(d.active))) as RunMeta | undefined) : undefined;
      const latest = meta?.saved.at(-1);
      if (!meta || !latest) return undefined;
      const rec = (await done(s.snapshots.get(snapshotId(meta.id, latest.step)))) as SnapshotRecord | undefined;
      if (!rec) return undefined;
      return { ...rec.snapshot, key, savedAt: meta.updatedAt, evaluations: meta.evaluations, history: meta.history, ...(meta.design ? { design: meta.design } : {}) };
    });
  },
  /** Ends the design's current run: it stays listed, and the next save starts a new one. Nothing is deleted. */
  async remove(key: string): Promise<void> {
    await migrate(key);
    await inTx('readwrite', async (s) => {
      const d = (await done(s.designs.get(key))) as DesignRecord | undefined;
      if (d) s.designs.put({ ...d, active: null });
    });
  },
  async list(key: string): Promise<RunList> {
    await migrate(key);
    return inTx('readonly', async (s) => {
      const d = (await done(s.designs.get(key))) as DesignRecord | undefined;
      const runs = (await done(s.runs.index('designKey').getAll(key))) as RunMeta[];
      return { active: d?.active ?? null, runs: runs.sort((a, b) => a.number - b.number) };
    });
  },
  /** Makes `runId` the run the design trains (Open); the worker then loads it. */
  async activate(key: string, runId: string): Promise<void> {
    await inTx('readwrite', async (s) => {
      const meta = (await done(s.runs.get(runId))) as RunMeta | undefined;
      if (!meta || meta.designKey !== key) throw new Error('that run is no longer kept');
      s.designs.put({ ...(await designOf(s, key)), active: runId });
    });
  },
  /**
   * A new run of `design` from the weights `runId` saved at `step`, with the curves and evaluations up to that step;
   * it becomes the design's current run. Resolves with it.
   */
  async fork(key: string, runId: string, step: number, design: Design): Promise<RunMeta> {
    return inTx('readwrite', async (s) => {
      const parent = (await done(s.runs.get(runId))) as RunMeta | undefined;
      const rec = (await done(s.snapshots.get(snapshotId(runId, step)))) as SnapshotRecord | undefined;
      if (!parent || parent.designKey !== key) throw new Error('that run is no longer kept');
      if (!rec) throw new Error(`${parent.name} no longer keeps the weights of step ${step.toLocaleString('en')}`);
      const d = await designOf(s, key);
      const meta = newRun(d, {
        parent: { runId, name: parent.name, step },
        design,
        step,
        history: parent.history.filter((h) => h.step <= step),
        evaluations: parent.evaluations.filter((e) => e.step <= step),
      });
      keepStep(s, meta, rec.snapshot, RUN_LIMITS);
      s.runs.put(meta);
      s.designs.put({ ...d, active: meta.id });
      return meta;
    });
  },
  /** Deletes a run and its weights; refused for the run the design trains now (Reset first). */
  async delete(key: string, runId: string): Promise<void> {
    await inTx('readwrite', async (s) => {
      const d = await designOf(s, key);
      if (d.active === runId) throw new Error('the run being trained cannot be deleted; Reset starts a new one first');
      const meta = (await done(s.runs.get(runId))) as RunMeta | undefined;
      if (!meta) return;
      for (const x of meta.saved) s.snapshots.delete(snapshotId(runId, x.step));
      s.runs.delete(runId);
    });
  },
} satisfies RunStore & Record<string, unknown>;
