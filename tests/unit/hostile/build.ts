import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { crc32 } from '../../../lib/share/crc32';
import { writeChunks } from '../../../lib/share/png-chunk';

/**
 * Builders for the hostile corpus: every input is made here, at test time, from a few lines — no binary is committed,
 * and the "gigabyte" inputs stay small in memory (a GiB of zeros deflates to ~1 MB).
 */

const MiB = 1024 * 1024;
/** One MiB of zeros, deflated and ended with a sync flush: a non-final block that later blocks can follow. */
const ZERO_MIB = deflateRawSync(Buffer.alloc(MiB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
/** A final empty block (fixed Huffman: BFINAL 1, BTYPE 01, end-of-block). */
const FINAL = Uint8Array.of(0x03, 0x00);

/** Raw deflate of `mib` MiB of zeros, without ever holding them: the same flushed block, repeated. */
export function deflatedZeros(mib: number): Uint8Array {
  const out = new Uint8Array(ZERO_MIB.length * mib + FINAL.length);
  for (let i = 0; i < mib; i++) out.set(ZERO_MIB, i * ZERO_MIB.length);
  out.set(FINAL, ZERO_MIB.length * mib);
  return out;
}

/** The same zeros as a zlib stream (RFC 1950: header, deflate, Adler-32 — whose value nobody checks before the end). */
export function zlibZeros(mib: number): Uint8Array {
  const body = deflatedZeros(mib);
  const out = new Uint8Array(2 + body.length + 4);
  out.set([0x78, 0xda], 0);
  out.set(body, 2);
  return out;
}

export type ZipItem = {
  name: string;
  /** The bytes stored in the archive: raw for method 0, raw deflate for method 8. */
  data: Uint8Array;
  method?: number;
  /** The uncompressed size the headers declare; the truth is whatever `data` inflates to. */
  declared: number;
  crc?: number;
};

/** A zip archive (APPNOTE 6.3: local headers and data, the central directory, its end record), written by hand so
 * that sizes and methods can lie. Names are flagged UTF-8. */
export function zipOf(items: readonly ZipItem[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const it of items) {
    const name = enc.encode(it.name);
    const method = it.method ?? 8;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true);
    local.setUint16(8, method, true);
    local.setUint32(14, it.crc ?? 0, true);
    local.setUint32(18, it.data.length, true);
    local.setUint32(22, it.declared, true);
    local.setUint16(26, name.length, true);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(8, 0x0800, true);
    cd.setUint16(10, method, true);
    cd.setUint32(16, it.crc ?? 0, true);
    cd.setUint32(20, it.data.length, true);
    cd.setUint32(24, it.declared, true);
    cd.setUint16(28, name.length, true);
    cd.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, it.data);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + it.data.length;
  }
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, items.length, true);
  end.setUint16(10, items.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  return concat([...parts, ...central, new Uint8Array(end.buffer)]);
}

/** A well-formed zip entry holding `bytes`, deflated, with the true size and CRC. */
export const honest = (name: string, bytes: Uint8Array): ZipItem => ({ name, data: deflateRawSync(bytes), declared: bytes.length, crc: crc32(bytes) });

/**
 * A zip whose end record points (through a ZIP64 locator) at a ZIP64 end record claiming `count` entries over an
 * empty directory: a reader that believes the count walks billions of garbage entries.
 */
export function zip64CountBomb(count: number): Uint8Array {
  const rec = new DataView(new ArrayBuffer(56 + 20 + 22));
  rec.setUint32(0, 0x06064b50, true); // ZIP64 end of central directory record, at offset 0
  rec.setBigUint64(4, 44n, true);
  rec.setBigUint64(24, BigInt(count), true); // entries on this disk
  rec.setBigUint64(32, BigInt(count), true); // entries in all
  rec.setBigUint64(48, 0n, true); // directory offset
  rec.setUint32(56, 0x07064b50, true); // ZIP64 locator
  rec.setBigUint64(56 + 8, 0n, true); // where the ZIP64 record is
  rec.setUint32(56 + 16, 1, true);
  const end = 56 + 20;
  rec.setUint32(end, 0x06054b50, true);
  rec.setUint16(end + 8, 0xffff, true);
  rec.setUint16(end + 10, 0xffff, true);
  rec.setUint32(end + 16, 0xffffffff, true);
  return new Uint8Array(rec.buffer);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** An IHDR chunk's 13 bytes. */
export function ihdr(width: number, height: number, depth = 8, colour = 0, interlace = 0): Uint8Array {
  const v = new DataView(new ArrayBuffer(13));
  v.setUint32(0, width);
  v.setUint32(4, height);
  v.setUint8(8, depth);
  v.setUint8(9, colour);
  v.setUint8(12, interlace);
  return new Uint8Array(v.buffer);
}

/** A PNG from its chunks, with true CRCs (lib/share/png-chunk's writer), IHDR first and IEND last. */
export function pngOf(header: Uint8Array, ...chunks: { type: string; data: Uint8Array }[]): Uint8Array {
  return writeChunks([{ type: 'IHDR', data: header }, ...chunks, { type: 'IEND', data: new Uint8Array(0) }]);
}

/** A 1 × 1 grey image's IDAT. */
export const onePixel = () => ({ type: 'IDAT', data: new Uint8Array(deflateSync(Uint8Array.of(0, 0x80))) });

/** Text chunks as PNG §11.3.4 lays them out. */
export const textChunk = {
  tEXt: (keyword: string, text: Uint8Array) => ({ type: 'tEXt', data: concat([latin1(keyword), Uint8Array.of(0), text]) }),
  zTXt: (keyword: string, zlib: Uint8Array, method = 0) => ({ type: 'zTXt', data: concat([latin1(keyword), Uint8Array.of(0, method), zlib]) }),
  iTXt: (keyword: string, body: Uint8Array, compressed: boolean) => ({ type: 'iTXt', data: concat([latin1(keyword), Uint8Array.of(0, compressed ? 1 : 0, 0, 0, 0), body]) }),
};

/**
 * How much a call grows the process: the ArrayBuffer memory (where every inflated byte lives) and the resident set,
 * read straight after it returns — garbage not yet collected counts, so this bounds from above what it kept.
 */
export async function growth<T>(fn: () => T | Promise<T>): Promise<{ result: T; arrayBuffersMB: number; rssMB: number }> {
  // Collected before each reading, so the figure is what is still alive (the result, and whatever leaked), not garbage
  // the collector had not reached yet: a decoder's discarded 16 KB chunks once pushed an honest 48 MB entry to 91 MB.
  collect();
  const before = process.memoryUsage();
  const result = await fn();
  collect();
  const after = process.memoryUsage();
  return { result, arrayBuffersMB: (after.arrayBuffers - before.arrayBuffers) / MiB, rssMB: (after.rss - before.rss) / MiB };
}

let gc: (() => void) | null = null;
function collect(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
