import { getPreset } from '../../../lib/presets';
import type { Design } from '../../../lib/graph/schema';
import { validateText, type TextValidation } from '../../../lib/validate';

/** A deep copy of a preset's design, to mutate in a test. */
export function presetDesign(id: string): Design {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return structuredClone(p.design);
}

/** Validates a design as a user's file would be: serialised, then parsed at the boundary. */
export function check(design: unknown): TextValidation {
  return validateText(JSON.stringify(design));
}

export function codes(v: TextValidation): string[] {
  return v.problems.map((p) => p.code);
}

export function network(d: Design, id: string) {
  const n = d.networks.find((n) => n.id === id);
  if (!n) throw new Error(`no network ${id}`);
  return n;
}

export function node(nodes: Design['training']['nodes'], id: string) {
  const n = nodes.find((n) => n.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
}
