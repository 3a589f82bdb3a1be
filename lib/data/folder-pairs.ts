import type { ImageSet } from './image-set';
import { expandZips, IMAGE_EXTENSIONS, MAX_IMAGES, type Decoder, type RawFile, type Size, type Skipped } from './image-folder';
import { ImageError } from './image-limits';

/**
 * A user's folder of aligned pairs for image-to-image training (pix2pix's A/ and B/ layout, Isola 2017): `A/x.png`
 * is the input whose target is `B/x.png`. Pairs are matched by their path under A/ and B/ without the extension (so
 * `A/x.png` pairs with `B/x.jpg`); a file without a partner is reported — counted, and the first few named — never
 * silently dropped. Zips and the per-import budgets are the image folder's (lib/data/image-folder.ts).
 */

/** The two sets, index i of one paired with index i of the other, and what was left out and why. */
export type PairedFolder = {
  a: ImageSet;
  b: ImageSet;
  /** Pair names (path under A/ and B/ without extension), in set order. */
  names: string[];
  skipped: Skipped[];
  /** Files without a partner of the same name in the other folder: how many, and the first few. */
  unmatched: { count: number; first: string[] };
  /** Why no pair could be made at all (no A/ or B/ folder), for the user; null when the folder has the layout. */
  problem: string | null;
};

/** How many unmatched names a report lists before "and N more". */
export const UNMATCHED_LISTED = 5;

const extensionOf = (path: string) => (path.includes('.') ? (path.split('.').pop() ?? '').toLowerCase() : '');
const withoutExtension = (path: string) => (path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : path);
const isImagePath = (path: string) => (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(path));
const isClutter = (path: string) => path.split('/').some((p) => p.startsWith('.') || p === '__MACOSX');

/** Which side a file is on and its pair name, from its path: the first folder named A or B (any case) decides. */
function sideOf(path: string): { side: 'A' | 'B'; name: string } | null {
  const parts = path.split('/').filter(Boolean);
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]!.toUpperCase();
    if (p === 'A' || p === 'B') return { side: p, name: withoutExtension(parts.slice(i + 1).join('/')) };
  }
  return null;
}

/**
 * Builds the two aligned sets at their sizes (`sizes.a` for the inputs, `sizes.b` for the targets). Pairs come in
 * the order of their names; a pair whose A or B cannot be decoded is left out whole, with the reason on the file at
 * fault and its partner. At most MAX_IMAGES pairs.
 */
export async function buildPairedFolder(files: readonly RawFile[], decode: Decoder, sizes: { a: Size; b: Size }): Promise<PairedFolder> {
  const skipped: Skipped[] = [];
  const all = expandZips(files, skipped).filter((f) => !isClutter(f.path));
  const sides = { A: new Map<string, RawFile>(), B: new Map<string, RawFile>() };
  const outside: RawFile[] = [];
  for (const f of all) {
    if (!isImagePath(f.path)) {
      const ext = extensionOf(f.path);
      skipped.push({ path: f.path, code: 'E_NOT_IMAGE', reason: ext ? `not an image (.${ext})` : 'not an image' });
      continue;
    }
    const at = sideOf(f.path);
    if (!at) outside.push(f);
    else if (sides[at.side].has(at.name)) skipped.push({ path: f.path, code: 'E_PAIR_UNMATCHED', reason: `${at.side}/ already has an image named ${at.name} (${sides[at.side].get(at.name)!.path})` });
    else sides[at.side].set(at.name, f);
  }
  for (const f of outside) skipped.push({ path: f.path, code: 'E_PAIR_UNMATCHED', reason: 'it is in neither an A/ nor a B/ folder' });
  const problem =
    sides.A.size === 0 || sides.B.size === 0
      ? `paired images go in two sub-folders, A/ (inputs) and B/ (targets), with matching file names; this folder has ${sides.A.size === 0 ? 'no images in A/' : ''}${sides.A.size === 0 && sides.B.size === 0 ? ' and ' : ''}${sides.B.size === 0 ? 'no images in B/' : ''}.`
      : null;

  const unmatchedPaths: string[] = [];
  for (const [side, other] of [['A', 'B'], ['B', 'A']] as const) {
    for (const [name, f] of sides[side]) {
      if (sides[other].has(name)) continue;
      unmatchedPaths.push(f.path);
      skipped.push({ path: f.path, code: 'E_PAIR_UNMATCHED', reason: `${other}/ has no image named ${name}` });
    }
  }
  unmatchedPaths.push(...outside.map((f) => f.path));

  const names = [...sides.A.keys()].filter((n) => sides.B.has(n)).sort();
  const per = { a: sizes.a.height * sizes.a.width * sizes.a.channels, b: sizes.b.height * sizes.b.width * sizes.b.channels };
  const kept: { name: string; a: Uint8Array; b: Uint8Array }[] = [];
  for (const name of names) {
    const fa = sides.A.get(name)!;
    const fb = sides.B.get(name)!;
    if (kept.length >= MAX_IMAGES) {
      for (const f of [fa, fb]) skipped.push({ path: f.path, code: 'E_TOO_MANY_IMAGES', reason: `more than ${MAX_IMAGES.toLocaleString('en')} pairs` });
      continue;
    }
    const a = await decodeOne(fa, decode, sizes.a, per.a, skipped);
    const b = a ? await decodeOne(fb, decode, sizes.b, per.b, skipped) : null;
    if (a && b) kept.push({ name, a, b });
    else {
      // The pair goes whole: one side alone would shift every later pair.
      const partner = a ? fa : fb;
      skipped.push({ path: partner.path, code: 'E_PAIR_UNMATCHED', reason: `its partner ${a ? fb.path : fa.path} could not be read` });
    }
  }
  const set = (side: 'a' | 'b'): ImageSet => {
    const pixels = new Uint8Array(kept.length * per[side]);
    kept.forEach((k, i) => pixels.set(k[side], i * per[side]));
    return { pixels, labels: null, count: kept.length, ...sizes[side], classNames: [] };
  };
  return {
    a: set('a'),
    b: set('b'),
    names: kept.map((k) => k.name),
    skipped,
    unmatched: { count: unmatchedPaths.length, first: unmatchedPaths.slice(0, UNMATCHED_LISTED) },
    problem,
  };
}

async function decodeOne(f: RawFile, decode: Decoder, size: Size, per: number, skipped: Skipped[]): Promise<Uint8Array | null> {
  try {
    const img = await decode(f.bytes, size);
    if (img.length !== per) throw new Error('wrong size after decoding');
    return img;
  } catch (e) {
    // A decoder's own refusal (too many pixels, an unknown header) says more than "could not be decoded".
    if (e instanceof ImageError) skipped.push({ path: f.path, code: e.code, reason: e.message.slice(e.code.length + 2) });
    else skipped.push({ path: f.path, code: 'E_IMAGE_UNREADABLE', reason: 'could not be decoded as an image' });
    return null;
  }
}

/** One line for the user: how many pairs, and the files without a partner (counted, the first few named). */
export function pairSummary(p: Pick<PairedFolder, 'a' | 'unmatched' | 'problem'>): string {
  if (p.problem) return p.problem;
  const { count, first } = p.unmatched;
  const pairs = `${p.a.count.toLocaleString('en')} pair${p.a.count === 1 ? '' : 's'}`;
  if (count === 0) return `${pairs}, every file matched`;
  const more = count > first.length ? `, and ${(count - first.length).toLocaleString('en')} more` : '';
  return `${pairs}; ${count.toLocaleString('en')} file${count === 1 ? '' : 's'} without a partner of the same name: ${first.join(', ')}${more}`;
}
