'use client';
import type { Decoder } from '../../lib/data/image-folder';
import { checkImagePixels, ImageError } from '../../lib/data/image-limits';
import { imageDimensions } from '../../lib/data/image-size';

/**
 * Decodes with the browser's own codecs and resizes on an OffscreenCanvas (no library, no upload). The header's size
 * is checked first: createImageBitmap reserves width × height × 4 bytes for whatever a header claims, so a 100-byte
 * PNG saying 20000 × 20000 would take 1.6 GB before anything could refuse it. A file whose header this cannot read is
 * refused too — the browser would otherwise sniff and decode formats (AVIF, ICO) the check knows nothing about.
 */
export const browserDecoder: Decoder = async (bytes, size) => {
  const dims = imageDimensions(bytes);
  if (!dims) throw new ImageError('E_IMAGE_UNREADABLE', 'it is not a PNG, JPEG, GIF, WebP or BMP image, or its header is cut short.');
  checkImagePixels(dims.width, dims.height, `this ${dims.format.toUpperCase()}`);
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]));
  try {
    // The header is what the check read; what the codec produced is what counts.
    checkImagePixels(bitmap.width, bitmap.height, 'the decoded image');
    const canvas = new OffscreenCanvas(size.width, size.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas');
    ctx.drawImage(bitmap, 0, 0, size.width, size.height);
    const rgba = ctx.getImageData(0, 0, size.width, size.height).data;
    const out = new Uint8Array(size.width * size.height * size.channels);
    for (let i = 0; i < size.width * size.height; i++) {
      const [r, g, b] = [rgba[4 * i]!, rgba[4 * i + 1]!, rgba[4 * i + 2]!];
      if (size.channels === 1) out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b); // ITU-R BT.601 luma
      else out.set([r, g, b], 3 * i);
    }
    return out;
  } finally {
    bitmap.close();
  }
};
