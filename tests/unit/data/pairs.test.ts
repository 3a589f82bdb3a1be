import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { pairInput } from '../../../lib/data/pairs';
import { pairedSource } from '../../../lib/blocks/sources/pairs';
import { mulberry32 } from '../../../lib/rng';
import type { ImageSet } from '../../../lib/data/image-set';

/** One 28×28 digit: a filled 6×4 block of ink (255) at rows 10–15, columns 12–15, on a 0 background. */
function block(): ImageSet {
  const pixels = new Uint8Array(28 * 28);
  for (let r = 10; r < 16; r++) for (let c = 12; c < 16; c++) pixels[r * 28 + c] = 255;
  return { count: 1, height: 28, width: 28, channels: 1, pixels, labels: null, classNames: [] };
}

describe('paired MNIST inputs', () => {
  it('a 4× low-resolution copy holds 4×4 box means', () => {
    const a = pairInput('mnist-lowres-7', block(), 0);
    expect(a).toHaveLength(49);
    // Box (row 2, col 3) covers rows 8–11, cols 12–15: 2 ink rows of 4 → 8 of 16 pixels.
    expect(a[2 * 7 + 3]).toBe(127.5);
    expect(a[3 * 7 + 3]).toBe(255);
    expect(a.reduce((s, v) => s + v, 0) * 16).toBe(24 * 255);
  });

  it('an outline keeps the ink pixels that touch the background, and no others', () => {
    const a = pairInput('mnist-outline', block(), 0);
    const at = (r: number, c: number) => a[r * 28 + c];
    expect(at(10, 12)).toBe(255);
    expect(at(12, 15)).toBe(255);
    expect(at(12, 13)).toBe(0);
    expect(at(9, 12)).toBe(0);
    // A 6×4 block's border: 2·6 + 2·4 − 4 = 16 pixels.
    expect(a.filter((v) => v === 255)).toHaveLength(16);
  });

  it('a quarter turn moves (r, c) to (c, w − 1 − r)', () => {
    const set = block();
    const a = pairInput('mnist-quarter-turn', set, 0);
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) expect(a[c * 28 + (27 - r)]).toBe(set.pixels[r * 28 + c]);
  });

  it('the source draws aligned pairs: each A is computed from the B beside it', async () => {
    await tf.setBackend('cpu');
    // Three different digits: the block, its quarter turn and an empty image.
    const one = block();
    const pixels = new Uint8Array(3 * 784);
    pixels.set(one.pixels, 0);
    pixels.set(Uint8Array.from(pairInput('mnist-quarter-turn', one, 0)), 784);
    const set = { ...one, count: 3, pixels };
    const { a, b } = pairedSource(tf, { pair: 'mnist-lowres-14', range: '[0,1]' }, { mnist: set }).sample(12, mulberry32(3));
    expect(a!.shape).toEqual([12, 14, 14, 1]);
    const pooled = tf.avgPool(b as tf.Tensor4D, 2, 2, 'valid');
    expect(tf.max(tf.abs(tf.sub(pooled, a!))).dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([a!, b!, pooled]);
  });
});
