import type { Design } from '../graph/schema';

/** One saved design: the document, which graph was open, and when it was made and last changed. */
export type SavedDesign = {
  id: string;
  name: string;
  design: Design;
  /** The open graph as a scope key ("training" or "network:G"), so a reload reopens it. */
  scope: string;
  createdAt: number;
  updatedAt: number;
};

export type DesignSummary = Pick<SavedDesign, 'id' | 'name' | 'createdAt' | 'updatedAt'> & { networks: number; nodes: number };

/** Where saved designs live: IndexedDB in the browser, a Map in tests. Values are untrusted on the way out. */
export interface DesignStore {
  get(id: string): Promise<unknown>;
  put(record: SavedDesign): Promise<void>;
  delete(id: string): Promise<void>;
  all(): Promise<unknown[]>;
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
}
