import { Unzip, UnzipInflate, unzipSync, type AsyncFlateStreamHandler, type UnzipDecoder } from 'fflate';
import { formatBytes, type ImageErrorCode } from './image-limits';

/** One file as the zip's central directory lists it. */
export type ZipEntry = { name: string; declared: number; compression: number };
/** What became of one listed entry: its bytes, or why it was refused. */
export type ZipOutcome = { ok: true; bytes: Uint8Array } | { ok: false; code: ImageErrorCode; reason: string };

class TooManyEntries extends Error {}

/**
 * The zip's directory — names, declared sizes, compression — read without inflating anything: fflate's unzipSync
 * hands each central-directory entry to the filter, which says no to all of them. A directory that lists more than
 * `maxEntries` files is abandoned at once (returns null): its count field is 32 bits in ZIP64, and fflate would
 * otherwise walk four billion entries of garbage. Throws when the file is not a zip.
 */
export function zipDirectory(bytes: Uint8Array, maxEntries: number): ZipEntry[] | null {
  const entries: ZipEntry[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        if (entries.length >= maxEntries) throw new TooManyEntries();
        entries.push({ name: f.name, declared: f.originalSize, compression: f.compression });
        return false;
      },
    });
  } catch (e) {
    if (e instanceof TooManyEntries) return null;
    throw e;
  }
  return entries;
}

/**
 * fflate's streaming inflate for a zip entry, with a working stop: UnzipInflate has no terminate, so an entry over
 * its limit would go on inflating to its end (seconds of CPU for a gigabyte of zeros) with nowhere to put it.
 */
class StoppableInflate implements UnzipDecoder {
  static readonly compression = 8;
  ondata: AsyncFlateStreamHandler = () => undefined;
  private stopped = false;
  private readonly inner = new UnzipInflate();
  constructor() {
    this.inner.ondata = (err, data, final) => {
      if (!this.stopped) this.ondata(err, data, final);
    };
  }
  push(chunk: Uint8Array, final: boolean): void {
    if (!this.stopped) this.inner.push(chunk, final);
  }
  terminate = (): void => {
    this.stopped = true;
  };
}

/** Compressed bytes per push: deflate expands at most ~1032:1, so no single output chunk exceeds ~16 MB. */
const PUSH_BYTES = 16 * 1024;

/**
 * Inflates the entries `want` picks (by index into `entries`), each into a buffer of its declared size — which
 * the caller has checked against its caps — and never past it: an entry that inflates to more than its directory
 * says is stopped there and refused, however much more it holds. Entries are found by name in the local headers as
 * fflate's streaming Unzip meets them; a wanted entry that never turns up, ends short or fails to inflate is refused
 * as damaged. Returns an outcome for every wanted index.
 */
export function inflateZipEntries(bytes: Uint8Array, entries: readonly ZipEntry[], want: ReadonlySet<number>): Map<number, ZipOutcome> {
  const out = new Map<number, ZipOutcome>();
  const damaged = (i: number, why: string) => out.set(i, { ok: false, code: 'E_ZIP_DAMAGED', reason: why });
  // The same name may be listed twice: the n-th local header of a name is the n-th directory entry of it.
  const byName = new Map<string, number[]>();
  for (const i of [...want].sort((a, b) => a - b)) {
    const name = entries[i]!.name;
    const list = byName.get(name) ?? [];
    list.push(i);
    byName.set(name, list);
  }
  const unzip = new Unzip((file) => {
    const i = byName.get(file.name)?.shift();
    if (i === undefined) return; // not wanted, or not listed: never started, never inflated
    const declared = entries[i]!.declared;
    const buf = new Uint8Array(declared);
    let size = 0;
    file.ondata = (err, data, final) => {
      if (out.has(i)) return;
      if (err) {
        damaged(i, `it does not inflate (${err.message}).`);
      } else if (size + data.length > declared) {
        file.terminate();
        damaged(i, `it inflates to more than the ${formatBytes(declared)} its directory entry declares; the zip is damaged or crafted.`);
      } else {
        buf.set(data, size);
        size += data.length;
        if (final && size === declared) out.set(i, { ok: true, bytes: buf });
        else if (final) damaged(i, `it inflates to ${formatBytes(size)}, not the ${formatBytes(declared)} its directory entry declares.`);
      }
    };
    file.start();
  });
  unzip.register(StoppableInflate);
  try {
    for (let at = 0; at < bytes.length; at += PUSH_BYTES) unzip.push(bytes.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= bytes.length);
  } catch {
    // A local header that cuts the archive short; what was read stays, the rest is refused below.
  }
  for (const i of want) if (!out.has(i)) damaged(i, 'its data is missing or cut short in the zip.');
  return out;
}
