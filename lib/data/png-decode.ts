import { checkImagePixels, ImageError } from './image-limits';

/**
 * The PNG decoder shared by the CLI (cli/png-decode.ts) and the exported TypeScript project (templates/src/png.ts),
 * following the W3C PNG specification (third edition). Node-only (Buffer); zlib's inflate is passed in so lib/ imports
 * no Node module and the project copies this file as it is.
 */

/** zlib's inflateSync with maxOutputLength: throws (code ERR_BUFFER_TOO_LARGE) past `maxOutputLength` bytes. */
export type Inflate = (data: Buffer, maxOutputLength: number) => Buffer;

const SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

export type DecodedImage = { width: number; height: number; channels: 1 | 2 | 3 | 4; pixels: Uint8Array };

/**
 * PNG bytes to 8-bit pixels: grey (1), grey + alpha (2), RGB (3) or RGBA (4) channels. Bounded by what the header
 * says, checked before anything is allocated: at most MAX_IMAGE_PIXELS (64 Mpx, lib/data/image-limits.ts), and the
 * image data is inflated with zlib's maxOutputLength set to exactly the size the header implies, so neither a
 * 20000 × 20000 header nor a 1 × 1 image with a gigabyte of compressed zeros gets more memory than its pixels need.
 * Errors are ImageErrors (E_IMAGE_TOO_LARGE, E_IMAGE_UNREADABLE) naming `name`.
 */
export function pngDecoder(inflate: Inflate): (bytes: Uint8Array, name?: string) => DecodedImage {
  return (bytes, name = 'the PNG') => decode(bytes, name, inflate);
}

function decode(bytes: Uint8Array, name: string, inflate: Inflate): DecodedImage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const unreadable = (why: string) => new ImageError('E_IMAGE_UNREADABLE', `${name}: ${why}`);
  if (buf.length < 8 || !SIGNATURE.every((b, i) => buf[i] === b)) throw unreadable('not a PNG file');
  let width = 0;
  let height = 0;
  let depth = 0;
  let colour = 0;
  let palette: Uint8Array | null = null;
  const data: Buffer[] = [];
  for (let at = 8; at + 8 <= buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > buf.length) throw unreadable(`the ${type} chunk runs past the end of the file (truncated?)`);
    const body = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      if (length < 13) throw unreadable('its header chunk is too short');
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8]!;
      colour = body[9]!;
      if (body[12] !== 0) throw unreadable('interlaced PNGs are not supported; save the image without interlacing');
    } else if (type === 'PLTE') palette = Uint8Array.from(body);
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  checkImagePixels(width, height, name);
  const samples = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colour];
  if (!samples || !(depth === 8 || depth === 16 || (colour === 3 && depth <= 8) || (colour === 0 && depth < 8))) {
    throw unreadable(`PNG colour type ${colour} with bit depth ${depth} is not supported`);
  }
  const bitsPerPixel = samples * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const expected = (stride + 1) * height;
  let raw: Buffer;
  try {
    raw = inflate(Buffer.concat(data), expected);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw unreadable(code === 'ERR_BUFFER_TOO_LARGE' ? `its image data inflates to more than the ${width} × ${height} pixels its header declares` : `its image data does not inflate (${e instanceof Error ? e.message : String(e)})`);
  }
  if (raw.length < expected) throw unreadable(`its image data ends early: ${raw.length} of ${expected} bytes`);
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = rows.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      const pred = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : NaN;
      if (Number.isNaN(pred)) throw unreadable(`row ${y} has the unknown filter ${filter}`);
      row[i] = (src[i]! + pred) & 0xff;
    }
  }
  // To 8-bit samples: 16-bit keeps the high byte; grey below 8 bits is scaled up; palette indices are looked up.
  const channels = (colour === 3 ? (palette ? 3 : 1) : samples) as 1 | 2 | 3 | 4;
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      if (depth === 16) {
        for (let s = 0; s < samples; s++) pixels[o + s] = rows[y * stride + (x * samples + s) * 2]!;
      } else if (depth === 8 && colour !== 3) {
        for (let s = 0; s < samples; s++) pixels[o + s] = rows[y * stride + x * samples + s]!;
      } else {
        const bit = x * depth;
        const v = (rows[y * stride + (bit >> 3)]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
        if (colour === 3 && palette) for (let s = 0; s < 3; s++) pixels[o + s] = palette[v * 3 + s] ?? 0;
        else pixels[o] = colour === 3 ? v : Math.round((v * 255) / ((1 << depth) - 1));
      }
    }
  }
  return { width, height, channels, pixels };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
