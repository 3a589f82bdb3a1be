import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, encodePng } from '../../../templates/src/png';
import { mulberry32 } from '../../../lib/rng';

/** The exported project's PNG codec (templates/src/png.ts): sample grids out, image folders in. */

const pixels = (n: number, seed: number) => {
  const rng = mulberry32(seed);
  return Uint8Array.from({ length: n }, () => rng.int(256));
};

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** A PNG whose rows use each of the five filter types in turn, as other encoders write them. */
function filteredPng(data: Uint8Array, width: number, height: number, channels: 3 | 4): Buffer {
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    raw[y * (stride + 1)] = filter;
    for (let i = 0; i < stride; i++) {
      const x = data[y * stride + i]!;
      const a = i >= channels ? data[y * stride + i - channels]! : 0;
      const b = y > 0 ? data[(y - 1) * stride + i]! : 0;
      const c = i >= channels && y > 0 ? data[(y - 1) * stride + i - channels]! : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter]!;
      raw[y * (stride + 1) + 1 + i] = (x - pred) & 0xff;
    }
  }
  const png = encodePng(new Uint8Array(width * height), width, height, 1);
  // Reuse the encoder's chunk layout: swap in our IHDR colour type and IDAT.
  const chunks: Buffer[] = [png.subarray(0, 8)];
  const chunk = (type: string, body: Buffer) => {
    const out = Buffer.alloc(12 + body.length);
    out.writeUInt32BE(body.length, 0);
    out.write(type, 4, 'latin1');
    body.copy(out, 8);
    // decodePng does not check CRCs; write zeros.
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 3 ? 2 : 6;
  chunks.push(chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(chunks);
}

describe('PNG codec', () => {
  it.each([1, 3] as const)('round-trips %i-channel images', (channels) => {
    const data = pixels(37 * 11 * channels, channels);
    const png = encodePng(data, 37, 11, channels);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(decodePng(png)).toEqual({ width: 37, height: 11, channels, pixels: data });
  });

  it.each([3, 4] as const)('undoes every filter type (%i channels)', (channels) => {
    const data = pixels(13 * 10 * channels, 7 + channels);
    expect(decodePng(filteredPng(data, 13, 10, channels))).toEqual({ width: 13, height: 10, channels, pixels: data });
  });

  it('refuses what is not a PNG', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3]))).toThrow(/not a PNG/);
  });
});
