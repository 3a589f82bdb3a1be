import { describe, expect, it } from 'vitest';
import { expandZips, MAX_ZIP_ENTRIES, type RawFile, type Skipped, type ZipLimits } from '../../../lib/data/image-folder';
import { MAX_ZIP_ENTRY_BYTES, MAX_ZIP_TOTAL_BYTES, type ImageErrorCode } from '../../../lib/data/image-limits';
import { deflatedZeros, growth, honest, zip64CountBomb, zipOf } from './build';

/**
 * Zips in an image import (lib/data/image-folder.ts expandZips): whatever a zip holds or claims, the import inflates
 * no more than the caps (64 MB a file, 1 GB an import) and never more than a file's directory entry declares. Each
 * case names the code its hostile entry must be skipped with.
 */

const GiB = 1024;
const image = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);
const one: RawFile[] = [];

type Case = { name: string; input: () => RawFile[]; code: ImageErrorCode; limits?: ZipLimits; maxArrayBuffersMB: number };

const cases: Case[] = [
  {
    name: 'six entries of 1 GiB of zeros (a 6 MB zip that unzipSync inflates to 6 GiB)',
    input: () => {
      const gib = deflatedZeros(GiB);
      return [{ path: 'bomb.zip', bytes: zipOf(Array.from({ length: 6 }, (_, i) => ({ name: `z${i}.png`, data: gib, declared: GiB * 1024 * 1024 }))) }];
    },
    code: 'E_ZIP_ENTRY_TOO_LARGE',
    maxArrayBuffersMB: 8,
  },
  {
    name: 'an entry whose directory declares 1 KB and which inflates to 1 GiB (a size that lies)',
    input: () => [{ path: 'liar.zip', bytes: zipOf([{ name: 'small.png', data: deflatedZeros(GiB), declared: 1024 }]) }],
    code: 'E_ZIP_DAMAGED',
    maxArrayBuffersMB: 40,
  },
  {
    name: 'an entry declaring 48 MB that holds 1 KB (a size that lies the other way)',
    input: () => [{ path: 'short.zip', bytes: zipOf([{ ...honest('a.png', image(1024)), declared: 48 * 1024 * 1024 }]) }],
    code: 'E_ZIP_DAMAGED',
    maxArrayBuffersMB: 80,
  },
  {
    name: 'a stored (method 0) entry longer than its declared size',
    input: () => [{ path: 'stored.zip', bytes: zipOf([{ name: 'a.png', data: image(4096), method: 0, declared: 100 }]) }],
    code: 'E_ZIP_DAMAGED',
    maxArrayBuffersMB: 8,
  },
  {
    name: 'entries that together pass the import total (several zips share one budget)',
    input: () => [
      { path: 'a.zip', bytes: zipOf([honest('1.png', image(600)), honest('2.png', image(600))]) },
      { path: 'b.zip', bytes: zipOf([honest('3.png', image(600))]) },
    ],
    limits: { entry: 1000, total: 1500 },
    code: 'E_ZIP_TOTAL_TOO_LARGE',
    maxArrayBuffersMB: 8,
  },
  {
    name: 'an entry just over the per-file cap',
    input: () => [{ path: 'big.zip', bytes: zipOf([honest('big.png', image(1001))]) }],
    limits: { entry: 1000, total: 10_000 },
    code: 'E_ZIP_ENTRY_TOO_LARGE',
    maxArrayBuffersMB: 8,
  },
  {
    name: 'a ZIP64 directory claiming four billion entries',
    input: () => [{ path: 'count.zip', bytes: zip64CountBomb(4_000_000_000) }],
    code: 'E_TOO_MANY_IMAGES',
    maxArrayBuffersMB: 8,
  },
  {
    name: 'an entry compressed with LZMA (method 14)',
    input: () => [{ path: 'lzma.zip', bytes: zipOf([{ name: 'a.png', data: image(64), method: 14, declared: 64 }]) }],
    code: 'E_ZIP_METHOD',
    maxArrayBuffersMB: 8,
  },
  {
    name: 'deflate data that is not deflate',
    input: () => [{ path: 'junk.zip', bytes: zipOf([{ name: 'a.png', data: Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff), declared: 64 }]) }],
    code: 'E_ZIP_DAMAGED',
    maxArrayBuffersMB: 8,
  },
  {
    name: 'a file named .zip that is not one',
    input: () => [{ path: 'photos.zip', bytes: new TextEncoder().encode('PK but not really') }],
    code: 'E_ZIP_UNREADABLE',
    maxArrayBuffersMB: 8,
  },
  {
    name: 'a text file inside a zip',
    input: () => [{ path: 'mixed.zip', bytes: zipOf([honest('notes.txt', image(10))]) }],
    code: 'E_NOT_IMAGE',
    maxArrayBuffersMB: 8,
  },
];

describe('hostile zips in an image import', () => {
  it.each(cases)('$name → $code', async ({ input, code, limits, maxArrayBuffersMB }) => {
    const files = input();
    const skipped: Skipped[] = [];
    const { result: out, arrayBuffersMB } = await growth(() => expandZips(files, skipped, limits));
    expect(skipped.map((s) => s.code)).toContain(code);
    for (const s of skipped) expect(s.reason.length).toBeGreaterThan(10);
    // Whatever the zip claims, nothing bigger than the cap came out, and memory grew by little more than that.
    for (const f of out) expect(f.bytes.length).toBeLessThanOrEqual(limits?.entry ?? MAX_ZIP_ENTRY_BYTES);
    expect(arrayBuffersMB).toBeLessThan(maxArrayBuffersMB);
  });

  it('the figures are what the messages say', () => {
    expect(MAX_ZIP_ENTRY_BYTES).toBe(64 * 1024 * 1024);
    expect(MAX_ZIP_TOTAL_BYTES).toBe(1024 * 1024 * 1024);
    const skipped: Skipped[] = [];
    expandZips([{ path: 'bomb.zip', bytes: zipOf([{ name: 'z.png', data: deflatedZeros(65), declared: 65 * 1024 * 1024 }]) }], skipped);
    expect(skipped).toEqual([{ path: 'bomb.zip/z.png', code: 'E_ZIP_ENTRY_TOO_LARGE', reason: 'it inflates to 65 MB; one image may be at most 64 MB.' }]);
    expect(MAX_ZIP_ENTRIES).toBeGreaterThan(100_000);
  });

  it('keeps the honest entries of a zip that also holds hostile ones, in directory order', () => {
    const a = image(300);
    const b = image(200).reverse();
    const skipped: Skipped[] = [];
    const zip = zipOf([honest('set/a.png', a), { name: 'set/liar.png', data: deflatedZeros(16), declared: 10 }, honest('set/b.png', b)]);
    const out = expandZips([{ path: 'set.zip', bytes: zip }, ...one], skipped);
    expect(out).toEqual([
      { path: 'set/a.png', bytes: a },
      { path: 'set/b.png', bytes: b },
    ]);
    expect(skipped.map((s) => [s.path, s.code])).toEqual([['set.zip/set/liar.png', 'E_ZIP_DAMAGED']]);
  });

  it('inflates an honest entry near the cap, holding about its size and no more', async () => {
    const mib = 48;
    const skipped: Skipped[] = [];
    const zip = zipOf([{ name: 'zeros.png', data: deflatedZeros(mib), declared: mib * 1024 * 1024 }]);
    const { result: out, arrayBuffersMB } = await growth(() => expandZips([{ path: 'z.zip', bytes: zip }], skipped));
    expect(skipped).toEqual([]);
    expect(out[0]!.bytes.length).toBe(mib * 1024 * 1024);
    expect(out[0]!.bytes.every((v) => v === 0)).toBe(true);
    // The entry's own buffer, plus at most a few 16 KB pushes' output not yet collected.
    expect(arrayBuffersMB).toBeLessThan(mib + 40);
  });
});
