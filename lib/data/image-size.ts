/**
 * An image's width and height from its header, before any decoder sees it, so a file that claims 20000 × 20000
 * pixels is refused before gigabytes are reserved for them. Reads the formats the image import takes (PNG, JPEG, GIF,
 * WebP, BMP); anything else, or a header cut short, is null. Layouts: PNG's IHDR (W3C PNG §11.2.2), JPEG's SOFn
 * segment (ITU-T T.81 §B.2.2), GIF's logical screen and image descriptors (GIF89a §18, §20), WebP's VP8/VP8L/VP8X
 * chunks (RFC 9649), BMP's DIB header (BITMAPCOREHEADER or BITMAPINFOHEADER and later).
 */
export type Dimensions = { width: number; height: number; format: 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' };

export function imageDimensions(b: Uint8Array): Dimensions | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const has = (n: number) => b.length >= n;
  const ascii = (at: number, s: string) => has(at + s.length) && [...s].every((c, i) => b[at + i] === c.charCodeAt(0));
  if (has(24) && b[0] === 0x89 && ascii(1, 'PNG') && ascii(12, 'IHDR')) return { width: v.getUint32(16), height: v.getUint32(20), format: 'png' };
  if (has(4) && b[0] === 0xff && b[1] === 0xd8) return jpeg(b, v);
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return gif(b, v);
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return webp(b, v);
  if (ascii(0, 'BM') && has(26)) {
    const header = v.getUint32(14, true);
    if (header === 12) return { width: v.getUint16(18, true), height: v.getUint16(20, true), format: 'bmp' };
    if (header >= 40) return { width: Math.abs(v.getInt32(18, true)), height: Math.abs(v.getInt32(22, true)), format: 'bmp' };
  }
  return null;
}

/** The first start-of-frame marker's size; markers before it are skipped by their lengths. */
function jpeg(b: Uint8Array, v: DataView): Dimensions | null {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    // Standalone markers carry no length: TEM, RST0–7.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or start of scan before any frame header
    const length = v.getUint16(at + 2);
    if (length < 2) return null;
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > b.length) return null;
      return { width: v.getUint16(at + 7), height: v.getUint16(at + 5), format: 'jpeg' };
    }
    at += 2 + length;
  }
  return null;
}

/** The logical screen, widened to the first frame when that frame reaches past it (decoders allocate for both). */
function gif(b: Uint8Array, v: DataView): Dimensions | null {
  if (b.length < 13) return null;
  let width = v.getUint16(6, true);
  let height = v.getUint16(8, true);
  const flags = b[10]!;
  let at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  while (at < b.length) {
    const block = b[at]!;
    if (block === 0x2c) {
      if (at + 9 > b.length) return null;
      width = Math.max(width, v.getUint16(at + 1, true) + v.getUint16(at + 5, true));
      height = Math.max(height, v.getUint16(at + 3, true) + v.getUint16(at + 7, true));
      return { width, height, format: 'gif' };
    }
    if (block !== 0x21) break; // trailer or junk: the screen is all there is
    at += 2; // extension introducer and label, then sub-blocks until an empty one
    while (at < b.length && b[at] !== 0) at += b[at]! + 1;
    at++;
  }
  return { width, height, format: 'gif' };
}

function webp(b: Uint8Array, v: DataView): Dimensions | null {
  const chunk = String.fromCharCode(b[12] ?? 0, b[13] ?? 0, b[14] ?? 0, b[15] ?? 0);
  if (chunk === 'VP8X' && b.length >= 30) {
    const u24 = (at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
    return { width: u24(24) + 1, height: u24(27) + 1, format: 'webp' };
  }
  // Lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height.
  if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff, format: 'webp' };
  }
  // Lossless: the signature 0x2f, then width − 1 and height − 1 in 14 bits each.
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = v.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, format: 'webp' };
  }
  return null;
}
