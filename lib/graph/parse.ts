import type { z } from 'zod';
import { problem, type Problem } from './problems';
import { migrate, MIGRATIONS, type Migration } from './migrations';
import { MAX_DESIGN_BYTES, zDesignV1, type Design } from './schema';
import { depthBeyond, MAX_JSON_DEPTH } from './nesting';

export type ParseResult = { ok: true; design: Design } | { ok: false; problems: Problem[] };

/** JSON path as users read it: `networks[0].nodes[3].params.units`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : `${out ? '.' : ''}${String(k)}`;
  return out || '(root)';
}

/** Parses the text of a `*.gan.json` file: size limit, JSON, version, migrations, schema. Never throws. */
export function parseDesignText(text: string, maxBytes = MAX_DESIGN_BYTES): ParseResult {
  // UTF-16 length bounds the byte size from below well enough to refuse huge inputs before any parsing work.
  if (text.length > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return fail('E_TOO_LARGE', `the design is ${mb(text.length)} MB; the limit is ${mb(maxBytes)} MB. Is this really a .gan.json file?`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return fail('E_JSON', `the file is not valid JSON (${detail}). Open it in a text editor, or export it again from GAN Studio.`);
  }
  return parseDesign(value);
}

/** Parses an already-decoded JSON value. */
export function parseDesign(value: unknown, migrations: Readonly<Record<number, Migration>> = MIGRATIONS): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('E_SCHEMA', 'a design is a JSON object with "version", "name", "networks" and "training".');
  }
  if (depthBeyond(value) !== null) return fail('E_NESTING', `the design nests objects and arrays more than ${MAX_JSON_DEPTH} deep; a GAN Studio design needs fewer than 10. Is this really a .gan.json file?`);
  const migrated = migrate(value as Record<string, unknown>, migrations);
  if (!migrated.ok) return fail('E_VERSION', migrated.message, 'version');
  const parsed = zDesignV1.safeParse(migrated.doc);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  return { ok: true, design: parsed.data };
}

export function zodProblems(error: z.ZodError, prefix: readonly PropertyKey[] = []): Problem[] {
  return error.issues.slice(0, 50).map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    return problem('E_SCHEMA', `${path}: ${issue.message}`, { path });
  });
}

function fail(code: 'E_TOO_LARGE' | 'E_JSON' | 'E_SCHEMA' | 'E_VERSION' | 'E_NESTING', message: string, path?: string): ParseResult {
  return { ok: false, problems: [problem(code, message, path ? { path } : {})] };
}
