import { parseDesign } from '../graph/parse';
import type { Design } from '../graph/schema';
import type { DesignStore, DesignSummary, SavedDesign } from './types';

const CURRENT = 'current';

export function newRecordId(now = Date.now()): string {
  return `d${now.toString(36)}${Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0')}`;
}

/** A stored record, re-parsed (and migrated) like any other input: an old or damaged record reads as null. */
export function readRecord(value: unknown): SavedDesign | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Partial<SavedDesign>;
  if (typeof r.id !== 'string' || typeof r.name !== 'string') return null;
  const parsed = parseDesign(r.design);
  if (!parsed.ok) return null;
  return {
    id: r.id,
    name: r.name,
    design: parsed.design,
    scope: typeof r.scope === 'string' ? r.scope : 'training',
    createdAt: typeof r.createdAt === 'number' ? r.createdAt : 0,
    updatedAt: typeof r.updatedAt === 'number' ? r.updatedAt : 0,
  };
}

/** The designs the user has saved, newest first. */
export async function listDesigns(store: DesignStore): Promise<DesignSummary[]> {
  const out: DesignSummary[] = [];
  for (const v of await store.all()) {
    const r = readRecord(v);
    if (!r) continue;
    const nodes = r.design.training.nodes.length + r.design.networks.reduce((a, n) => a + n.nodes.length, 0);
    out.push({ id: r.id, name: r.name, createdAt: r.createdAt, updatedAt: r.updatedAt, networks: r.design.networks.length, nodes });
  }
  return out.sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function loadDesign(store: DesignStore, id: string): Promise<SavedDesign | null> {
  return readRecord(await store.get(id));
}

/** Stores a design as a new record and makes it the one that opens next time. */
export async function createDesign(store: DesignStore, design: Design, scope = 'training', now = Date.now()): Promise<SavedDesign> {
  const record: SavedDesign = { id: newRecordId(now), name: design.name, design, scope, createdAt: now, updatedAt: now };
  await store.put(record);
  await store.setMeta(CURRENT, record.id);
  return record;
}

export async function saveDesign(store: DesignStore, record: Omit<SavedDesign, 'updatedAt'>, now = Date.now()): Promise<void> {
  await store.put({ ...record, name: record.design.name, updatedAt: now });
}

export async function renameDesign(store: DesignStore, id: string, name: string, now = Date.now()): Promise<SavedDesign | null> {
  const r = await loadDesign(store, id);
  if (!r) return null;
  const next = { ...r, name, design: { ...r.design, name }, updatedAt: now };
  await store.put(next);
  return next;
}

export async function duplicateDesign(store: DesignStore, id: string, now = Date.now()): Promise<SavedDesign | null> {
  const r = await loadDesign(store, id);
  if (!r) return null;
  const name = `${r.name} (copy)`.slice(0, 200);
  const copy: SavedDesign = { ...r, id: newRecordId(now), name, design: { ...r.design, name }, createdAt: now, updatedAt: now };
  await store.put(copy);
  return copy;
}

/**
 * A name no saved design has: `name` itself when it is free, else "name (2)", "name (3)", … A trailing " (n)" is taken
 * for such a number, so a design already called "GAN (2)" comes in as "GAN (3)", not "GAN (2) (2)".
 */
export function uniqueName(name: string, taken: Iterable<string>, maxLength = 200): string {
  const used = new Set(taken);
  if (!used.has(name)) return name;
  const base = name.replace(/ \(\d+\)$/, '');
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${base.slice(0, maxLength - suffix.length)}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** The name an imported design is saved under: importing one file again and again gives "… (2)", "… (3)". */
export async function importName(store: DesignStore, name: string): Promise<string> {
  return uniqueName(name, (await listDesigns(store)).map((d) => d.name));
}

export const deleteDesign = (store: DesignStore, id: string): Promise<void> => store.delete(id);
export const currentDesignId = (store: DesignStore): Promise<string | null> => store.getMeta(CURRENT);
export const setCurrentDesign = (store: DesignStore, id: string): Promise<void> => store.setMeta(CURRENT, id);
