import { strFromU8, strToU8, zlibSync } from 'fflate';
import type { ErrorCode } from '../graph/problems';
import { MAX_DESIGN_BYTES } from '../graph/schema';
import { crc32 } from './crc32';
import { inflateLimited } from './inflate';

/**
 * A design travels inside a PNG as an iTXt text chunk (PNG spec §11.3.4) with this keyword, so an exported picture
 * of a design — or a sample grid from training — opens that design again when dropped on the editor. Image viewers
 * ignore the chunk; the pixels are untouched.
 */
export const DESIGN_KEYWORD = 'gan-studio-design';
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export type Chunk = { type: string; data: Uint8Array; crcOk: boolean };
/** The codes are ERROR_CODES' (lib/graph/problems.ts): E_PNG_UNREADABLE, E_PNG_NO_DESIGN, E_PNG_DAMAGED, E_TOO_LARGE. */
export type PngCode = Extract<ErrorCode, 'E_PNG_UNREADABLE' | 'E_PNG_NO_DESIGN' | 'E_PNG_DAMAGED' | 'E_TOO_LARGE'>;
export type Extracted = { ok: true; text: string } | { ok: false; code: PngCode; message: string };

/**
 * Latin-1 bytes (PNG's tEXt and zTXt, §11.3.4) as a string, a slice at a time: `String.fromCharCode(...bytes)` passes
 * every byte as an argument, and past ~120,000 of them the call overflows the stack — a 300 KB design in a tEXt chunk
 * would crash the import instead of opening. (TextDecoder's 'latin1' is windows-1252, which differs in 0x80–0x9f.)
 */
export function latin1Text(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Splits a PNG into its chunks, checking each CRC; throws on a truncated file (callers catch and explain). */
export function readChunks(png: Uint8Array): Chunk[] {
  if (!isPng(png)) throw new Error('not a PNG file (wrong signature)');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  let at = 8;
  while (at < png.length) {
    if (at + 12 > png.length) throw new Error('the PNG is truncated');
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > png.length) throw new Error('the PNG is truncated');
    const type = latin1Text(png.subarray(at + 4, at + 8));
    const crcOk = crc32(png, at + 4, at + 8 + length) === view.getUint32(at + 8 + length);
    chunks.push({ type, data: png.subarray(at + 8, at + 8 + length), crcOk });
    at = end;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR' || chunks[chunks.length - 1]?.type !== 'IEND') throw new Error('the PNG lacks its IHDR or IEND chunk');
  return chunks;
}

export function writeChunks(chunks: readonly { type: string; data: Uint8Array }[]): Uint8Array {
  const size = 8 + chunks.reduce((a, c) => a + 12 + c.data.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(PNG_SIGNATURE, 0);
  let at = 8;
  for (const c of chunks) {
    view.setUint32(at, c.data.length);
    for (let i = 0; i < 4; i++) out[at + 4 + i] = c.type.charCodeAt(i);
    out.set(c.data, at + 8);
    view.setUint32(at + 8 + c.data.length, crc32(out, at + 4, at + 8 + c.data.length));
    at += 12 + c.data.length;
  }
  return out;
}

const latin1 = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);

/** iTXt: keyword NUL, compression flag, method, language NUL, translated keyword NUL, then zlib'd UTF-8 text. */
export function itxtChunk(keyword: string, text: string): { type: 'iTXt'; data: Uint8Array } {
  const head = latin1(keyword);
  const body = zlibSync(strToU8(text), { level: 9 });
  const data = new Uint8Array(head.length + 5 + body.length);
  data.set(head, 0);
  // keyword NUL, compressed (1), method 0 (zlib), empty language tag NUL, empty translated keyword NUL
  data.set([0, 1, 0, 0, 0], head.length);
  data.set(body, head.length + 5);
  return { type: 'iTXt', data };
}

function keywordOf(data: Uint8Array): { keyword: string; rest: number } | null {
  const nul = data.indexOf(0);
  if (nul < 1 || nul > 79) return null;
  return { keyword: latin1Text(data.subarray(0, nul)), rest: nul + 1 };
}

const isDesignChunk = (c: { type: string; data: Uint8Array }) =>
  (c.type === 'iTXt' || c.type === 'zTXt' || c.type === 'tEXt') && keywordOf(c.data)?.keyword === DESIGN_KEYWORD;

/** The PNG with the design's JSON in an iTXt chunk just before IEND (replacing any design it already held). */
export function embedDesignInPng(png: Uint8Array, designJson: string): Uint8Array {
  const chunks = readChunks(png).filter((c) => !isDesignChunk(c));
  const iend = chunks.length - 1;
  return writeChunks([...chunks.slice(0, iend), itxtChunk(DESIGN_KEYWORD, designJson), ...chunks.slice(iend)]);
}

/**
 * The design text a PNG carries, from an iTXt, zTXt or tEXt chunk with the keyword; never throws. Bounded by what
 * comes out: compressed text is inflated as a stream and abandoned past MAX_DESIGN_BYTES (a 5 MB design), and
 * uncompressed text over that size is refused before it is decoded.
 */
export function extractDesignFromPng(bytes: Uint8Array): Extracted {
  const fail = (code: PngCode, message: string): Extracted => ({ ok: false, code, message });
  const tooLarge = (size: string) => fail('E_TOO_LARGE', `The PNG's design text is ${size}; a design is at most ${MAX_DESIGN_BYTES / 1024 / 1024} MB.`);
  let chunks: Chunk[];
  try {
    chunks = readChunks(bytes);
  } catch (e) {
    return fail('E_PNG_UNREADABLE', `This PNG cannot be read: ${e instanceof Error ? e.message : String(e)}.`);
  }
  const chunk = chunks.find(isDesignChunk);
  if (!chunk) return fail('E_PNG_NO_DESIGN', 'This PNG has no GAN Studio design in it. Export one with File › Export PNG.');
  if (!chunk.crcOk) return fail('E_PNG_DAMAGED', "This PNG's design chunk is damaged (its CRC does not match).");
  const { rest } = keywordOf(chunk.data)!;
  const d = chunk.data;
  const inflated = (body: Uint8Array): Uint8Array | Extracted => {
    const raw = inflateLimited(body, MAX_DESIGN_BYTES, 'zlib');
    if (raw instanceof Uint8Array) return raw;
    return raw.over ? tooLarge(`more than ${MAX_DESIGN_BYTES / 1024 / 1024} MB inflated`) : fail('E_PNG_DAMAGED', `The PNG design chunk does not decompress: ${raw.error}.`);
  };
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  let text: string;
  if (chunk.type === 'tEXt') {
    if (d.length - rest > MAX_DESIGN_BYTES) return tooLarge(mb(d.length - rest));
    text = latin1Text(d.subarray(rest));
  } else if (chunk.type === 'zTXt') {
    if (d[rest] !== 0) return fail('E_PNG_DAMAGED', 'Unknown compression method in the PNG design chunk.');
    const raw = inflated(d.subarray(rest + 1));
    if (!(raw instanceof Uint8Array)) return raw;
    text = latin1Text(raw);
  } else {
    const compressed = d[rest] === 1;
    if (d[rest + 1] !== 0) return fail('E_PNG_DAMAGED', 'Unknown compression method in the PNG design chunk.');
    const lang = d.indexOf(0, rest + 2);
    const translated = lang < 0 ? -1 : d.indexOf(0, lang + 1);
    if (translated < 0) return fail('E_PNG_DAMAGED', 'The PNG design chunk is malformed.');
    const body = d.subarray(translated + 1);
    if (compressed) {
      const raw = inflated(body);
      if (!(raw instanceof Uint8Array)) return raw;
      text = strFromU8(raw);
    } else {
      if (body.length > MAX_DESIGN_BYTES) return tooLarge(mb(body.length));
      text = strFromU8(body);
    }
  }
  return { ok: true, text };
}
