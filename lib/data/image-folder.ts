import type { ImageSet } from './image-set';
import { formatBytes, ImageError, MAX_ZIP_ENTRY_BYTES, MAX_ZIP_TOTAL_BYTES, type ImageErrorCode } from './image-limits';
import { inflateZipEntries, zipDirectory, type ZipEntry } from './zip-reader';

/** A file the user gave us: from a dropped folder (webkitRelativePath) or from inside a zip. */
export type RawFile = { path: string; bytes: Uint8Array };
export type Size = { height: number; width: number; channels: 1 | 3 };
/** Decodes one image and resizes it to `size`, returning height × width × channels bytes; throws when it cannot. */
export type Decoder = (bytes: Uint8Array, size: Size) => Promise<Uint8Array>;
/** A file left out of the set: `code` is stable (lib/data/image-limits.ts IMAGE_ERRORS), `reason` is for the user. */
export type Skipped = { path: string; code: ImageErrorCode; reason: string };

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp'] as const;
export const MAX_IMAGES = 100_000;
export const MAX_ZIP_BYTES = 512 * 1024 * 1024;
/** Files a zip's directory may list (images, folders, metadata): past this it is not an image set we could take. */
export const MAX_ZIP_ENTRIES = 2 * MAX_IMAGES;
/** Inflated bytes: per file in a zip, and for all the zips of one import together (lib/data/image-limits.ts). */
export type ZipLimits = { entry: number; total: number };
export const ZIP_LIMITS: ZipLimits = { entry: MAX_ZIP_ENTRY_BYTES, total: MAX_ZIP_TOTAL_BYTES };

const extensionOf = (path: string) => (path.includes('.') ? (path.split('.').pop() ?? '').toLowerCase() : '');
const isImagePath = (path: string) => (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(path));
/** Folders, macOS metadata (`__MACOSX/`, `._x.png`) and hidden files: left out without a word, as before. */
const isClutter = (name: string) => name.endsWith('/') || name.startsWith('__MACOSX/') || name.split('/').some((p) => p.startsWith('.'));

/**
 * Expands zips among the files (one level), dropping macOS metadata and folders. Bounded by what comes out, not what
 * goes in: the zip's directory is read first, and an entry declaring more than MAX_ZIP_ENTRY_BYTES (64 MB), or more
 * than is left of MAX_ZIP_TOTAL_BYTES (1 GB for all the zips of one import), is refused without inflating a byte;
 * then each accepted entry is stream-inflated into a buffer of its declared size and stopped the moment it would
 * outgrow it, since a directory can lie. Entries that are not images are skipped unread.
 */
export function expandZips(files: readonly RawFile[], skipped: Skipped[], limits: ZipLimits = ZIP_LIMITS): RawFile[] {
  const out: RawFile[] = [];
  let budget = limits.total;
  const skip = (path: string, code: ImageErrorCode, reason: string) => skipped.push({ path, code, reason });
  for (const f of files) {
    if (!f.path.toLowerCase().endsWith('.zip')) {
      out.push(f);
      continue;
    }
    if (f.bytes.byteLength > MAX_ZIP_BYTES) {
      skip(f.path, 'E_ZIP_TOO_LARGE', `the zip is ${formatBytes(f.bytes.byteLength)}; the limit is ${formatBytes(MAX_ZIP_BYTES)}. Split it into smaller zips.`);
      continue;
    }
    let listed: ZipEntry[] | null;
    try {
      listed = zipDirectory(f.bytes, MAX_ZIP_ENTRIES);
    } catch {
      skip(f.path, 'E_ZIP_UNREADABLE', 'not a readable zip file');
      continue;
    }
    if (!listed) {
      skip(f.path, 'E_TOO_MANY_IMAGES', `the zip lists more than ${MAX_ZIP_ENTRIES.toLocaleString('en')} files; an import takes at most ${MAX_IMAGES.toLocaleString('en')} images.`);
      continue;
    }
    const entries = listed;
    const want = new Set<number>();
    entries.forEach((e, i) => {
      const path = `${f.path}/${e.name}`;
      if (isClutter(e.name)) return;
      if (!isImagePath(e.name)) skip(path, 'E_NOT_IMAGE', extensionOf(e.name) ? `not an image (.${extensionOf(e.name)})` : 'not an image');
      else if (e.compression !== 0 && e.compression !== 8) skip(path, 'E_ZIP_METHOD', `it is compressed with method ${e.compression}; the import reads stored and deflated files. Re-zip it with a standard zip tool.`);
      else if (e.declared > limits.entry) skip(path, 'E_ZIP_ENTRY_TOO_LARGE', `it inflates to ${formatBytes(e.declared)}; one image may be at most ${formatBytes(limits.entry)}.`);
      else if (e.declared > budget) skip(path, 'E_ZIP_TOTAL_TOO_LARGE', `the zips of one import may inflate to at most ${formatBytes(limits.total)} together, and this file would pass that. Import fewer images at once.`);
      else {
        want.add(i);
        budget -= e.declared;
      }
    });
    const inflated = inflateZipEntries(f.bytes, entries, want);
    for (const i of want) {
      const r = inflated.get(i)!;
      if (r.ok) out.push({ path: entries[i]!.name, bytes: r.bytes });
      else {
        skip(`${f.path}/${entries[i]!.name}`, r.code, r.reason);
        budget += entries[i]!.declared;
      }
    }
  }
  return out;
}

/**
 * Turns a folder of images into an ImageSet at the design's size. Labels come from sub-folder names
 * (`cats/1.png`, `dogs/2.png` → classes cats, dogs), as torchvision's ImageFolder does; images directly in the root
 * are one unlabelled class. Anything that is not a decodable image is skipped with a reason, never a crash.
 */
export async function buildImageSet(files: readonly RawFile[], decode: Decoder, size: Size): Promise<{ set: ImageSet; skipped: Skipped[] }> {
  const skipped: Skipped[] = [];
  const all = expandZips(files, skipped);
  // A common leading folder (the dropped folder itself) is not a class.
  const parts = all.map((f) => f.path.split('/').filter(Boolean));
  const common = parts.length > 0 && parts.every((p) => p.length > 1 && p[0] === parts[0]![0]) ? 1 : 0;
  const per = size.height * size.width * size.channels;
  const pixels: Uint8Array[] = [];
  const classOf: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const f = all[i]!;
    const p = parts[i]!.slice(common);
    const ext = extensionOf(f.path);
    if (!isImagePath(f.path)) {
      skipped.push({ path: f.path, code: 'E_NOT_IMAGE', reason: ext ? `not an image (.${ext})` : 'not an image' });
      continue;
    }
    if (pixels.length >= MAX_IMAGES) {
      skipped.push({ path: f.path, code: 'E_TOO_MANY_IMAGES', reason: `more than ${MAX_IMAGES.toLocaleString('en')} images` });
      continue;
    }
    try {
      const img = await decode(f.bytes, size);
      if (img.length !== per) throw new Error('wrong size after decoding');
      pixels.push(img);
      classOf.push(p.length > 1 ? p[0]! : '');
    } catch (e) {
      // A decoder's own refusal (too many pixels, an unknown header) says more than "could not be decoded".
      if (e instanceof ImageError) skipped.push({ path: f.path, code: e.code, reason: e.message.slice(e.code.length + 2) });
      else skipped.push({ path: f.path, code: 'E_IMAGE_UNREADABLE', reason: 'could not be decoded as an image' });
    }
  }
  const classNames = [...new Set(classOf)].sort();
  const labelled = classNames.length > 1 || (classNames.length === 1 && classNames[0] !== '');
  const data = new Uint8Array(pixels.length * per);
  pixels.forEach((p, i) => data.set(p, i * per));
  return {
    set: {
      pixels: data,
      labels: labelled ? Uint8Array.from(classOf, (c) => classNames.indexOf(c)) : null,
      count: pixels.length,
      ...size,
      classNames: labelled ? classNames : [],
    },
    skipped,
  };
}

/**
 * Which of the files the user picked to read at all, from their sizes alone (File.size, before any byte is read): a
 * zip up to MAX_ZIP_BYTES, any other file up to MAX_ZIP_ENTRY_BYTES (no image within MAX_IMAGE_PIXELS is larger), and
 * no more than MAX_ZIP_TOTAL_BYTES together. The rest are skipped with a reason, so a stray 20 GB file in a folder costs
 * nothing.
 */
export function filesToRead(files: readonly { path: string; size: number }[]): { read: number[]; skipped: Skipped[] } {
  const read: number[] = [];
  const skipped: Skipped[] = [];
  let total = 0;
  files.forEach((f, i) => {
    const zip = f.path.toLowerCase().endsWith('.zip');
    const limit = zip ? MAX_ZIP_BYTES : MAX_ZIP_ENTRY_BYTES;
    if (f.size > limit) skipped.push({ path: f.path, code: zip ? 'E_ZIP_TOO_LARGE' : 'E_IMAGE_TOO_LARGE', reason: `${formatBytes(f.size)}; a ${zip ? 'zip' : 'file'} may be at most ${formatBytes(limit)}` });
    else if (total + f.size > MAX_ZIP_TOTAL_BYTES) skipped.push({ path: f.path, code: 'E_ZIP_TOTAL_TOO_LARGE', reason: `the files already read come to ${formatBytes(total)}; one import reads at most ${formatBytes(MAX_ZIP_TOTAL_BYTES)}` });
    else {
      total += f.size;
      read.push(i);
    }
  });
  return { read, skipped };
}
