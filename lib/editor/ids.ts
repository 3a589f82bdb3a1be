import { ID_PATTERN } from '../graph/schema';

/** Turns any text into something ID_PATTERN accepts: letters, digits, "_" and "-", starting with a letter. */
export function sanitizeId(text: string): string {
  let s = text.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z]+/, '');
  if (!s) s = 'node';
  return s.slice(0, 56);
}

/** `base` when free, else `base_2`, `base_3`, …: ids read like names in generated code. */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const b = sanitizeId(base);
  if (!taken.has(b)) return b;
  for (let i = 2; ; i++) {
    const id = `${b}_${i}`;
    if (!taken.has(id)) return id;
  }
}

export const isValidId = (id: string): boolean => ID_PATTERN.test(id);

/** Edge ids follow the preset builder's convention, so a drawn edge and a built one read alike. */
export function edgeId(c: { source: string; sourceHandle: string; target: string; targetHandle: string }): string {
  return `${c.source}.${c.sourceHandle}->${c.target}.${c.targetHandle}`;
}
