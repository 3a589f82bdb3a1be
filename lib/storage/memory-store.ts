import type { DesignStore, SavedDesign } from './types';

/** A DesignStore in memory, for tests and for browsers where IndexedDB is unavailable (private windows). */
export function memoryDesignStore(): DesignStore {
  const records = new Map<string, SavedDesign>();
  const meta = new Map<string, string>();
  return {
    get: async (id) => structuredClone(records.get(id)),
    put: async (r) => void records.set(r.id, structuredClone(r)),
    delete: async (id) => void records.delete(id),
    all: async () => [...records.values()].map((r) => structuredClone(r)),
    getMeta: async (k) => meta.get(k) ?? null,
    setMeta: async (k, v) => void meta.set(k, v),
  };
}
