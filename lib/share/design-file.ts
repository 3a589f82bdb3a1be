import { strFromU8 } from 'fflate';
import { parseDesignText } from '../graph/parse';
import { MAX_DESIGN_BYTES, zDesignV1, type Design } from '../graph/schema';
import { extractDesignFromPng, isPng } from './png-chunk';

export type FileResult = { ok: true; design: Design } | { ok: false; message: string };

/** PNGs with a design are bigger than the design; their pixels are skipped, not parsed. */
const MAX_PNG_BYTES = 64 * 1024 * 1024;

/**
 * What a dropped or picked file holds: a `.gan.json` design, or a PNG with one embedded. Every failure is a sentence
 * for the user (prefixed with the file's name) and nothing else: the caller changes nothing unless `ok`.
 */
export function readDesignFile(name: string, bytes: Uint8Array): FileResult {
  const fail = (why: string): FileResult => ({ ok: false, message: `Could not open “${name}”: ${why}` });
  if (isPng(bytes)) {
    if (bytes.length > MAX_PNG_BYTES) return fail('the image is larger than 64 MB.');
    const x = extractDesignFromPng(bytes);
    if (!x.ok) return fail(x.message);
    return fromText(x.text, fail);
  }
  if (bytes.length > MAX_DESIGN_BYTES) {
    return fail(`the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; a design is at most ${MAX_DESIGN_BYTES / 1024 / 1024} MB. Is this really a .gan.json file?`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = strFromU8(bytes);
    if (!text.trimStart().startsWith('{')) return fail('it is not a text file. Open a .gan.json design or a PNG exported from GAN Studio.');
  }
  return fromText(text, fail);
}

function fromText(text: string, fail: (why: string) => FileResult): FileResult {
  const parsed = parseDesignText(text);
  if (parsed.ok) return parsed;
  const first = parsed.problems.slice(0, 3).map((p) => p.message);
  const more = parsed.problems.length > 3 ? ` (and ${parsed.problems.length - 3} more)` : '';
  const lead = parsed.problems[0]?.code === 'E_SCHEMA' ? 'it is not a valid design: ' : '';
  return fail(`${lead}${first.join('; ')}${more}`);
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
