import * as tf from '@tensorflow/tfjs';
import { zipSync, zlibSync } from 'fflate';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairImagesFor, pngDecoder, readPairFolder } from '../../../cli/pair-folder';
import { folderPairsBlock, folderPairsSource, type FolderPairsParams } from '../../../lib/blocks/sources/folder-pairs';
import { buildPairedFolder, pairSummary } from '../../../lib/data/folder-pairs';
import type { RawFile } from '../../../lib/data/image-folder';
import type { ImageSet } from '../../../lib/data/image-set';
import type { Design } from '../../../lib/graph/schema';
import { mulberry32 } from '../../../lib/rng';
import { writeChunks } from '../../../lib/share/png-chunk';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A real 8-bit grey PNG (no filter), every pixel `v` unless `px` gives them. */
function png(width: number, height: number, v: number, px?: number[]): Uint8Array {
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header[8] = 8;
  header[9] = 0;
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = px ? px[y * width + x]! : v;
  return writeChunks([
    { type: 'IHDR', data: header },
    { type: 'IDAT', data: zlibSync(raw) },
    { type: 'IEND', data: new Uint8Array() },
  ]);
}

const SIZES = { a: { height: 2, width: 2, channels: 1 as const }, b: { height: 4, width: 4, channels: 1 as const } };
const file = (path: string, bytes: Uint8Array): RawFile => ({ path, bytes });
const decoder = () => pngDecoder(tf);

describe('a folder of pairs (A/ and B/ with matching names)', () => {
  it('pairs A/x with B/x in name order, across extensions and under a common folder, at each side’s size', async () => {
    const built = await buildPairedFolder(
      [
        file('facades/B/2.png', png(4, 4, 20)),
        file('facades/A/1.png', png(2, 2, 1)),
        file('facades/A/2.png', png(2, 2, 2)),
        file('facades/B/1.PNG', png(4, 4, 10)),
        file('facades/A/sub/3.png', png(2, 2, 3)),
        file('facades/B/sub/3.png', png(4, 4, 30)),
      ],
      decoder(),
      SIZES,
    );
    expect(built.problem).toBeNull();
    expect(built.names).toEqual(['1', '2', 'sub/3']);
    expect([built.a.count, built.b.count]).toEqual([3, 3]);
    expect([built.a.height, built.a.width, built.b.height, built.b.width]).toEqual([2, 2, 4, 4]);
    expect([...built.a.pixels]).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect([0, 16, 32].map((i) => built.b.pixels[i])).toEqual([10, 20, 30]);
    expect(built.unmatched).toEqual({ count: 0, first: [] });
    expect(pairSummary(built)).toBe('3 pairs, every file matched');
  });

  it('reports files without a partner — counted, the first few named — and leaves out a pair whose half is unreadable', async () => {
    const files = [file('A/1.png', png(2, 2, 1)), file('B/1.png', png(4, 4, 1)), file('A/bad.png', Uint8Array.from([1, 2, 3])), file('B/bad.png', png(4, 4, 9))];
    for (let i = 0; i < 4; i++) files.push(file(`A/only-a-${i}.png`, png(2, 2, 5)));
    files.push(file('B/only-b.png', png(4, 4, 5)), file('stray.png', png(2, 2, 5)), file('A/notes.txt', Uint8Array.from([65])));
    const built = await buildPairedFolder(files, decoder(), SIZES);
    expect(built.names).toEqual(['1']);
    expect(built.unmatched.count).toBe(6);
    expect(built.unmatched.first).toEqual(['A/only-a-0.png', 'A/only-a-1.png', 'A/only-a-2.png', 'A/only-a-3.png', 'B/only-b.png']);
    expect(pairSummary(built)).toBe('1 pair; 6 files without a partner of the same name: A/only-a-0.png, A/only-a-1.png, A/only-a-2.png, A/only-a-3.png, B/only-b.png, and 1 more');
    const reason = (path: string) => built.skipped.filter((s) => s.path === path).map((s) => `${s.code}: ${s.reason}`);
    expect(reason('B/only-b.png')).toEqual(['E_PAIR_UNMATCHED: A/ has no image named only-b']);
    expect(reason('stray.png')).toEqual(['E_PAIR_UNMATCHED: it is in neither an A/ nor a B/ folder']);
    expect(reason('A/notes.txt')).toEqual(['E_NOT_IMAGE: not an image (.txt)']);
    expect(reason('A/bad.png')).toEqual(['E_IMAGE_UNREADABLE: The image cannot be decoded. the command line reads PNG images only; convert it to PNG.']);
    expect(reason('B/bad.png')).toEqual(['E_PAIR_UNMATCHED: its partner A/bad.png could not be read']);
  });

  it('says what is missing when there is no A/ or no B/, and reads pairs from a zip', async () => {
    const flat = await buildPairedFolder([file('x/1.png', png(2, 2, 1)), file('B/1.png', png(4, 4, 1))], decoder(), SIZES);
    expect(flat.a.count).toBe(0);
    expect(flat.problem).toBe('paired images go in two sub-folders, A/ (inputs) and B/ (targets), with matching file names; this folder has no images in A/.');
    const zip = zipSync({ 'pairs/A/1.png': png(2, 2, 7), 'pairs/B/1.png': png(4, 4, 8), '__MACOSX/pairs/A/._1.png': Uint8Array.from([0]) });
    const zipped = await buildPairedFolder([file('pairs.zip', zip)], decoder(), SIZES);
    expect(zipped.names).toEqual(['1']);
    expect(zipped.skipped).toEqual([]);
    expect([zipped.a.pixels[0], zipped.b.pixels[0]]).toEqual([7, 8]);
  });

  it('resizes and converts to the design’s size (bilinear, grey → RGB)', async () => {
    const built = await buildPairedFolder([file('A/1.png', png(4, 4, 0, [0, 0, 200, 200, 0, 0, 200, 200, 0, 0, 200, 200, 0, 0, 200, 200])), file('B/1.png', png(2, 2, 60))], decoder(), {
      a: { height: 2, width: 2, channels: 1 },
      b: { height: 2, width: 2, channels: 3 },
    });
    expect([...built.a.pixels]).toEqual([0, 200, 0, 200]);
    expect([...built.b.pixels]).toEqual(new Array(12).fill(60));
  });
});

describe('the Paired folder source block', () => {
  const p: FolderPairsParams = folderPairsBlock.params.parse({ aHeight: 4, aWidth: 4, bHeight: 8, bWidth: 8, range: '[0,1]' }) as FolderPairsParams;
  const set = (h: number, w: number, values: number[]): ImageSet => ({ pixels: Uint8Array.from(values.flatMap((v) => new Array<number>(h * w).fill(v))), labels: null, count: values.length, height: h, width: w, channels: 1, classNames: [] });

  it('infers its shapes from its params and asks for the two halves', () => {
    expect(folderPairsBlock.inferShape({}, p, { networks: new Map() })).toEqual({ ok: true, outputs: { a: [null, 4, 4, 1], b: [null, 8, 8, 1] } });
    expect(folderPairsBlock.source!.imageSets!(p)).toEqual([
      { name: 'pairsA', height: 4, width: 4, channels: 1 },
      { name: 'pairsB', height: 8, width: 8, channels: 1 },
    ]);
  });

  it('draws both halves of a pair with one index', () => {
    const src = folderPairsSource(tf, p, { pairsA: set(4, 4, [10, 20, 30]), pairsB: set(8, 8, [10, 20, 30]) });
    const { a, b } = src.sample(16, mulberry32(2));
    expect([a!.shape, b!.shape]).toEqual([[16, 4, 4, 1], [16, 8, 8, 1]]);
    const firstA = tf.reshape(a!, [16, 16]).arraySync() as number[][];
    const firstB = tf.reshape(b!, [16, 64]).arraySync() as number[][];
    expect(new Set(firstA.map((r) => r[0])).size).toBeGreaterThan(1);
    firstA.forEach((r, i) => expect(r[0]).toBeCloseTo(firstB[i]![0]!, 6));
  });

  it('refuses sets of another size or count, saying what it found', () => {
    expect(() => folderPairsSource(tf, p, { pairsA: set(4, 4, [1]), pairsB: set(4, 4, [1]) })).toThrow('the B/ (target) images are 4×4×1; the design expects 8×8×1. Load the folder again.');
    expect(() => folderPairsSource(tf, p, { pairsA: set(4, 4, [1, 2]), pairsB: set(8, 8, [1]) })).toThrow("the paired folder's A/ has 2 images and B/ 1; they must pair one to one");
    expect(() => folderPairsSource(tf, p, {})).toThrow('the paired folder needs the "pairsA" images, which were not loaded.');
  });
});

describe('gan train --pairs DIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-pairs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const put = (path: string, bytes: Uint8Array) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  };
  const design = { training: { nodes: [{ id: 'data', type: 'folderPairs', params: { aHeight: 4, aWidth: 4, bHeight: 8, bWidth: 8 }, position: { x: 0, y: 0 } }], edges: [] } } as unknown as Design;

  it('reads the folder from disk, and says what it needs when it is not given', async () => {
    put('A/1.png', png(2, 2, 3));
    put('B/1.png', png(4, 4, 4));
    put('B/2.png', png(4, 4, 4));
    put('.DS_Store', Uint8Array.from([0]));
    const built = await readPairFolder(tf, dir, SIZES);
    expect(pairSummary(built)).toBe('1 pair; 1 file without a partner of the same name: B/2.png');
    const images = await pairImagesFor(tf, design, dir);
    expect([images['pairsA']?.count, images['pairsB']?.count]).toEqual([1, 1]);
    await expect(pairImagesFor(tf, design, undefined)).rejects.toThrow('pass the folder with --pairs DIR');
    await expect(pairImagesFor(tf, design, join(dir, 'nowhere'))).rejects.toThrow('cannot read the paired folder');
  });
});
