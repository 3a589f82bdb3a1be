'use client';
import type { Decoder } from '../../lib/data/image-folder';

/** Decodes with the browser's own codecs and resizes on an OffscreenCanvas (no library, no upload). */
export const browserDecoder: Decoder = async (bytes, size) => {
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]));
  try {
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
