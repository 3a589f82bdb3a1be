import { unzipSync } from 'fflate';
import type { ImageSet } from './image-set';

/** A file the user gave us: from a dropped folder (webkitRelativePath) or from inside a zip. */
export type RawFile = { path: string; bytes: Uint8Array };
export type Size = { height: number; width: number; channels: 1 | 3 };
/** Decodes one image and resizes it to `size`, returning height × width × channels bytes; throws when it cannot. */
export type Decoder = (bytes: Uint8Array, size: Size) => Promise<Uint8Array>;
export type Skipped = { path: string; reason: string };

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp'] as const;
export const MAX_IMAGES = 100_000;
export const MAX_ZIP_BYTES = 512 * 1024 * 1024;

/** Expands zips among the files (one level), dropping macOS metadata and folders. */
export function expandZips(files: readonly RawFile[], skipped: Skipped[]): RawFile[] {
  const out: RawFile[] = [];
  for (const f of files) {
    if (!f.path.toLowerCase().endsWith('.zip')) {
      out.push(f);
      continue;
    }
    if (f.bytes.byteLength > MAX_ZIP_BYTES) {
      skipped.push({ path: f.path, reason: `zip larger than ${MAX_ZIP_BYTES / 1024 / 1024} MB` });
      continue;
    }
    try {
      const entries = unzipSync(f.bytes);
      for (const [name, bytes] of Object.entries(entries)) {
        if (name.endsWith('/') || name.startsWith('__MACOSX/') || name.split('/').some((p) => p.startsWith('.'))) continue;
        out.push({ path: name, bytes });
      }
    } catch {
      skipped.push({ path: f.path, reason: 'not a readable zip file' });
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
    const ext = f.path.split('.').pop()?.toLowerCase() ?? '';
    if (!(IMAGE_EXTENSIONS as readonly string[]).includes(ext)) {
      skipped.push({ path: f.path, reason: ext ? `not an image (.${ext})` : 'not an image' });
      continue;
    }
    if (pixels.length >= MAX_IMAGES) {
      skipped.push({ path: f.path, reason: `more than ${MAX_IMAGES.toLocaleString('en')} images` });
      continue;
    }
    try {
      const img = await decode(f.bytes, size);
      if (img.length !== per) throw new Error('wrong size after decoding');
      pixels.push(img);
      classOf.push(p.length > 1 ? p[0]! : '');
    } catch {
      skipped.push({ path: f.path, reason: 'could not be decoded as an image' });
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
