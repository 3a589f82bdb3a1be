import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildImageSet, type Decoder } from '../../../lib/data/image-folder';

const size = { height: 2, width: 2, channels: 1 as const };
/** A stand-in decoder: "images" are files whose first byte is 0x89; their 4 pixels are that file's next bytes. */
const decode: Decoder = async (bytes) => {
  if (bytes[0] !== 0x89) throw new Error('bad image');
  return bytes.subarray(1, 5);
};
const img = (...px: number[]) => Uint8Array.from([0x89, ...px]);

describe('user image folders', () => {
  it('labels from sub-folders, skips what is not an image with a reason', async () => {
    const { set, skipped } = await buildImageSet(
      [
        { path: 'pets/cats/a.png', bytes: img(1, 2, 3, 4) },
        { path: 'pets/dogs/b.jpg', bytes: img(5, 6, 7, 8) },
        { path: 'pets/dogs/c.jpeg', bytes: img(9, 9, 9, 9) },
        { path: 'pets/notes.txt', bytes: Uint8Array.from([1]) },
        { path: 'pets/dogs/broken.png', bytes: Uint8Array.from([0, 1, 2]) },
      ],
      decode,
      size,
    );
    expect(set.count).toBe(3);
    expect(set.classNames).toEqual(['cats', 'dogs']);
    expect([...set.labels!]).toEqual([0, 1, 1]);
    expect([...set.pixels]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9]);
    expect(skipped).toEqual([
      { path: 'pets/notes.txt', code: 'E_NOT_IMAGE', reason: 'not an image (.txt)' },
      { path: 'pets/dogs/broken.png', code: 'E_IMAGE_UNREADABLE', reason: 'could not be decoded as an image' },
    ]);
  });

  it('reads zips, ignores macOS metadata, and leaves a flat folder unlabelled', async () => {
    const zip = zipSync({ 'x.png': img(1, 1, 1, 1), 'y.png': img(2, 2, 2, 2), '__MACOSX/._x.png': Uint8Array.from([0]) });
    const { set, skipped } = await buildImageSet([{ path: 'digits.zip', bytes: zip }, { path: 'junk.zip', bytes: Uint8Array.from([1, 2, 3]) }], decode, size);
    expect(set.count).toBe(2);
    expect(set.labels).toBeNull();
    expect(skipped).toEqual([{ path: 'junk.zip', code: 'E_ZIP_UNREADABLE', reason: 'not a readable zip file' }]);
  });
});

describe('filesToRead: sizes before bytes', () => {
  it('skips a file too large to be an image, a zip over its limit, and whatever passes the total', async () => {
    const { filesToRead } = await import('../../../lib/data/image-folder');
    const GB = 1024 ** 3;
    const plan = filesToRead([
      { path: 'a.png', size: 10_000 },
      { path: 'movie.mkv', size: 20 * GB },
      { path: 'huge.zip', size: GB },
      { path: 'b.zip', size: 500 * 1024 ** 2 },
      { path: 'c.zip', size: 500 * 1024 ** 2 },
      { path: 'd.zip', size: 100 * 1024 ** 2 },
    ]);
    expect(plan.read).toEqual([0, 3, 4]);
    expect(plan.skipped.map((s) => [s.path, s.code])).toEqual([
      ['movie.mkv', 'E_IMAGE_TOO_LARGE'],
      ['huge.zip', 'E_ZIP_TOO_LARGE'],
      ['d.zip', 'E_ZIP_TOTAL_TOO_LARGE'],
    ]);
    expect(plan.skipped[0]!.reason).toMatch(/20 GB; a file may be at most 64 MB/);
  });
});
