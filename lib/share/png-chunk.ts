import { strFromU8, strToU8, zlibSync } from 'fflate';
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
export type Extracted = { ok: true; text: string } | { ok: false; message: string };

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
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
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
  return { keyword: String.fromCharCode(...data.subarray(0, nul)), rest: nul + 1 };
}

const isDesignChunk = (c: { type: string; data: Uint8Array }) =>
  (c.type === 'iTXt' || c.type === 'zTXt' || c.type === 'tEXt') && keywordOf(c.data)?.keyword === DESIGN_KEYWORD;

/** The PNG with the design's JSON in an iTXt chunk just before IEND (replacing any design it already held). */
export function embedDesignInPng(png: Uint8Array, designJson: string): Uint8Array {
  const chunks = readChunks(png).filter((c) => !isDesignChunk(c));
  const iend = chunks.length - 1;
  return writeChunks([...chunks.slice(0, iend), itxtChunk(DESIGN_KEYWORD, designJson), ...chunks.slice(iend)]);
}

/** The design text a PNG carries, from an iTXt, zTXt or tEXt chunk with the keyword; never throws. */
export function extractDesignFromPng(bytes: Uint8Array): Extracted {
  let chunks: Chunk[];
  try {
    chunks = readChunks(bytes);
  } catch (e) {
    return { ok: false, message: `This PNG cannot be read: ${e instanceof Error ? e.message : String(e)}.` };
  }
  const chunk = chunks.find(isDesignChunk);
  if (!chunk) return { ok: false, message: 'This PNG has no GAN Studio design in it. Export one with File › Export PNG.' };
  if (!chunk.crcOk) return { ok: false, message: "This PNG's design chunk is damaged (its CRC does not match)." };
  const { rest } = keywordOf(chunk.data)!;
  const d = chunk.data;
  let text: string;
  if (chunk.type === 'tEXt') {
    text = String.fromCharCode(...d.subarray(rest));
  } else if (chunk.type === 'zTXt') {
    if (d[rest] !== 0) return { ok: false, message: 'Unknown compression method in the PNG design chunk.' };
    const raw = inflateLimited(d.subarray(rest + 1), MAX_DESIGN_BYTES, 'zlib');
    if (!(raw instanceof Uint8Array)) return { ok: false, message: `The PNG design chunk does not decompress: ${raw.error}.` };
    text = Array.from(raw, (b) => String.fromCharCode(b)).join('');
  } else {
    const compressed = d[rest] === 1;
    if (d[rest + 1] !== 0) return { ok: false, message: 'Unknown compression method in the PNG design chunk.' };
    const lang = d.indexOf(0, rest + 2);
    const translated = lang < 0 ? -1 : d.indexOf(0, lang + 1);
    if (translated < 0) return { ok: false, message: 'The PNG design chunk is malformed.' };
    const body = d.subarray(translated + 1);
    if (compressed) {
      const raw = inflateLimited(body, MAX_DESIGN_BYTES, 'zlib');
      if (!(raw instanceof Uint8Array)) return { ok: false, message: `The PNG design chunk does not decompress: ${raw.error}.` };
      text = strFromU8(raw);
    } else {
      text = strFromU8(body);
    }
  }
  return { ok: true, text };
}
