import { strFromU8 } from 'fflate';
import { parseDesignText } from '../graph/parse';
import type { ErrorCode } from '../graph/problems';
import { MAX_DESIGN_BYTES, zDesignV1, type Design } from '../graph/schema';
import { extractDesignFromPng, isPng } from './png-chunk';

/** A failure's `code` is ERROR_CODES' (lib/graph/problems.ts), the first problem's when the design does not parse. */
export type FileResult = { ok: true; design: Design } | { ok: false; code: ErrorCode; message: string };
type Fail = (code: ErrorCode, why: string) => FileResult;

/** PNGs with a design are bigger than the design; their pixels are skipped, not parsed. */
export const MAX_PNG_BYTES = 64 * 1024 * 1024;

/**
 * A file too large to be a design or a PNG carrying one, refused from its size alone, so the caller need not read
 * a multi-gigabyte file into memory to be told so. Null when the size is fine.
 */
export function refuseBySize(name: string, size: number): FileResult | null {
  if (size <= MAX_PNG_BYTES) return null;
  return { ok: false, code: 'E_TOO_LARGE', message: `Could not open “${name}”: the file is ${(size / 1024 / 1024).toFixed(0)} MB; a design, or a PNG with one, is at most ${MAX_PNG_BYTES / 1024 / 1024} MB.` };
}

/**
 * What a dropped or picked file holds: a `.gan.json` design, or a PNG with one embedded. Every failure is a sentence
 * for the user (prefixed with the file's name) and a stable code, and nothing else: the caller changes nothing unless
 * `ok`. Never throws: text is decoded without spreading bytes into calls, and inflated text is capped.
 */
export function readDesignFile(name: string, bytes: Uint8Array): FileResult {
  const fail: Fail = (code, why) => ({ ok: false, code, message: `Could not open “${name}”: ${why}` });
  if (isPng(bytes)) {
    if (bytes.length > MAX_PNG_BYTES) return fail('E_TOO_LARGE', 'the image is larger than 64 MB.');
    const x = extractDesignFromPng(bytes);
    if (!x.ok) return fail(x.code, x.message);
    return fromText(x.text, fail);
  }
  if (bytes.length > MAX_DESIGN_BYTES) {
    return fail('E_TOO_LARGE', `the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; a design is at most ${MAX_DESIGN_BYTES / 1024 / 1024} MB. Is this really a .gan.json file?`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = strFromU8(bytes);
    if (!text.trimStart().startsWith('{')) return fail('E_JSON', 'it is not a text file. Open a .gan.json design or a PNG exported from GAN Studio.');
  }
  return fromText(text, fail);
}

function fromText(text: string, fail: Fail): FileResult {
  const parsed = parseDesignText(text);
  if (parsed.ok) return parsed;
  const first = parsed.problems.slice(0, 3).map((p) => p.message);
  const more = parsed.problems.length > 3 ? ` (and ${parsed.problems.length - 3} more)` : '';
  const lead = parsed.problems[0]?.code === 'E_SCHEMA' ? 'it is not a valid design: ' : '';
  return fail(parsed.problems[0]?.code ?? 'E_SCHEMA', `${lead}${first.join('; ')}${more}`);
}

/**
 * The `.gan.json` text GAN Studio writes: keys in the schema's order (what parsing produces, so export → import →
 * export is byte-identical whatever built the design), two-space indent, final newline.
 */
export function designToJson(design: Design): string {
  const canonical = zDesignV1.safeParse(design);
  return `${JSON.stringify(canonical.success ? canonical.data : design, null, 2)}\n`;
}

/** A file name from a design name: "Vanilla GAN (MLP)" → "vanilla-gan-mlp". */
export function fileStem(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'design';
}
