import { DESIGN_VERSION } from './schema';

/**
 * Forward migrations of the design document, in the manner of ComfyUI's migration.ts and tldraw's numbered
 * migrations: `MIGRATIONS[n]` turns a version-n document into version n+1, as a pure function of plain JSON.
 * Version 1 is the first published format, so the table is empty; a change to the format adds an entry here,
 * bumps DESIGN_VERSION, and keeps an old fixture under tests/fixtures so the chain stays tested.
 */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type MigrateResult = { ok: true; doc: Record<string, unknown> } | { ok: false; message: string };

export function migrate(
  doc: Record<string, unknown>,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  target: number = DESIGN_VERSION,
): MigrateResult {
  const v = doc['version'];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    return { ok: false, message: `"version" must be a whole number from 1 to ${target}; got ${JSON.stringify(v) ?? 'nothing'}.` };
  }
  if (v > target) {
    return { ok: false, message: `this design is version ${v}, made by a newer GAN Studio; this one reads up to version ${target}. Update GAN Studio to open it.` };
  }
  let current = doc;
  for (let from = v; from < target; from++) {
    const step = migrations[from];
    if (!step) return { ok: false, message: `no migration from version ${from} to ${from + 1}.` };
    current = { ...step(current), version: from + 1 };
  }
  return { ok: true, doc: current };
}
