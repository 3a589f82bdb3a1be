import { deflateSync, inflateSync } from 'node:zlib';
import { pngDecoder } from './lib/data/png-decode.js';

/**
 * A tiny PNG codec on node:zlib, so the project needs no image library: `encodePng` writes the sample grids, and
 * `decodePng` reads image folders (8- and 16-bit grey, grey + alpha, RGB, RGBA and palette images, not interlaced).
 * The format is the W3C PNG specification (third edition): a signature, then chunks of length, type, data, CRC-32.
 */

const SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit grey (1 channel) or RGB (3 channels) image, row-major, as PNG bytes. */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Buffer {
  if (pixels.length !== width * height * channels) throw new Error(`encodePng: ${pixels.length} bytes for a ${width}×${height}×${channels} image`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = channels === 1 ? 0 : 2; // colour type: grey or truecolour
  // Each row starts with its filter type; 0 (none) keeps the encoder trivial, and deflate does the rest.
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]);
}

export type { DecodedImage } from './lib/data/png-decode.js';

/**
 * PNG bytes to 8-bit pixels (lib/data/png-decode.ts, shared with the GAN Studio CLI): bounded by the header, checked
 * before anything is allocated, inflated with zlib's maxOutputLength set to exactly the size the header implies.
 */
export const decodePng = pngDecoder((data, maxOutputLength) => inflateSync(data, { maxOutputLength }));
