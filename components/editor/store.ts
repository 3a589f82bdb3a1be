'use client';
import { idbDesignStore } from '../../lib/storage/idb-store';
import { memoryDesignStore } from '../../lib/storage/memory-store';
import type { DesignStore } from '../../lib/storage/types';

let store: DesignStore | null = null;

/** The browser's saved-designs store: IndexedDB, or memory where IndexedDB is missing (then nothing outlives the tab). */
export function designStore(): { store: DesignStore; persistent: boolean } {
  if (store) return { store, persistent: typeof indexedDB !== 'undefined' };
  store = typeof indexedDB !== 'undefined' ? idbDesignStore(indexedDB) : memoryDesignStore();
  return { store, persistent: typeof indexedDB !== 'undefined' };
}

/** After IndexedDB fails at runtime (a private window, a full disk), keep working in memory. */
export function fallBackToMemory(): DesignStore {
  store = memoryDesignStore();
  return store;
}
