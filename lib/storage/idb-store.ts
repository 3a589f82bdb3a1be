import type { DesignStore, SavedDesign } from './types';

const DB_NAME = 'gan-studio';
const DB_VERSION = 1;
const DESIGNS = 'designs';
const META = 'meta';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Saved designs in IndexedDB: one object store of records keyed by id, one of small meta values. */
export function idbDesignStore(factory: IDBFactory): DesignStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const r = factory.open(DB_NAME, DB_VERSION);
      r.onupgradeneeded = () => {
        const d = r.result;
        if (!d.objectStoreNames.contains(DESIGNS)) d.createObjectStore(DESIGNS, { keyPath: 'id' });
        if (!d.objectStoreNames.contains(META)) d.createObjectStore(META);
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('cannot open IndexedDB'));
      r.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    }));
  const run = async <T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const tx = (await open()).transaction(store, mode);
    const result = request(fn(tx.objectStore(store)));
    await done(tx);
    return result;
  };
  return {
    get: (id) => run(DESIGNS, 'readonly', (s) => s.get(id)),
    put: async (record: SavedDesign) => void (await run(DESIGNS, 'readwrite', (s) => s.put(record))),
    delete: async (id) => void (await run(DESIGNS, 'readwrite', (s) => s.delete(id))),
    all: () => run(DESIGNS, 'readonly', (s) => s.getAll()),
    getMeta: async (key) => {
      const v: unknown = await run(META, 'readonly', (s) => s.get(key));
      return typeof v === 'string' ? v : null;
    },
    setMeta: async (key, value) => void (await run(META, 'readwrite', (s) => s.put(value, key))),
  };
}
