import { codedErrorClass } from '../coded-error';

/**
 * How large an image import may grow, and the errors when a file is over. Every cap counts what comes OUT of a
 * decoder, not what goes in: a 6 MB zip can hold six 1 GiB files of zeros, and a 100-byte PNG can declare
 * 20000 × 20000 pixels. Imported by the app's import (lib/data/image-folder.ts, the browser decoder) and by the
 * exported TypeScript project's PNG decoder (templates/src/png.ts); the PyTorch project's images.py repeats
 * MAX_IMAGE_PIXELS (a test keeps the two equal).
 */

/**
 * Pixels in one image: 64 Mpx (2^26) takes the largest camera photos (61 MP) and stops a decoder from reserving
 * gigabytes for a header's claim (RGBA at the cap is 256 MB). PIL's own default is 89 Mpx.
 */
export const MAX_IMAGE_PIXELS = 64 * 1024 * 1024;
/** One file inside a zip, inflated: no PNG, JPEG, GIF, WebP or BMP a photo library writes at the pixel cap is larger. */
export const MAX_ZIP_ENTRY_BYTES = 64 * 1024 * 1024;
/**
 * Everything the zips of one import inflate to, together: the files are held in the tab's memory before they are
 * decoded, and 1 GiB is what a browser tab can spare next to the decoded set. It takes a MAX_IMAGES (100,000) set
 * of 10 KB images — CelebA's 64 × 64 crops or MNIST-sized PNGs are far smaller — with room to spare.
 */
export const MAX_ZIP_TOTAL_BYTES = 1024 * 1024 * 1024;

export const IMAGE_ERRORS = {
  E_NOT_IMAGE: 'The file is not an image of a kind the import reads (.png, .jpg, .gif, .webp, .bmp)',
  E_TOO_MANY_IMAGES: 'The import already holds the most images it takes',
  E_IMAGE_UNREADABLE: 'The image cannot be decoded',
  E_IMAGE_TOO_LARGE: 'The image has more pixels than the limit',
  E_ZIP_UNREADABLE: 'The file is not a readable zip',
  E_ZIP_TOO_LARGE: 'The zip file is larger than the limit',
  E_ZIP_ENTRY_TOO_LARGE: 'A file in the zip inflates to more than the limit for one file',
  E_ZIP_TOTAL_TOO_LARGE: 'The files in the zips inflate to more than the limit for one import',
  E_ZIP_DAMAGED: 'A file in the zip is damaged or is not what its directory says',
  E_ZIP_METHOD: 'A file in the zip is compressed with a method the import cannot read',
  E_PAIR_UNMATCHED: 'The file has no partner of the same name in the other folder of a pair (A/, B/)',
} as const;

export type ImageErrorCode = keyof typeof IMAGE_ERRORS;

export class ImageError extends codedErrorClass('ImageError', IMAGE_ERRORS) {}

/** Sizes for messages: "64 MB", "1 GB", "1.5 KB". */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** Refuses dimensions over MAX_IMAGE_PIXELS (or none at all) before anything is allocated for the pixels. */
export function checkImagePixels(width: number, height: number, what = 'the image'): void {
  if (!(width > 0 && height > 0)) throw new ImageError('E_IMAGE_UNREADABLE', `${what} says it is ${width} × ${height} pixels.`);
  const pixels = width * height;
  if (pixels > MAX_IMAGE_PIXELS) {
    throw new ImageError(
      'E_IMAGE_TOO_LARGE',
      `${what} is ${width} × ${height} = ${pixels.toLocaleString('en')} pixels; the limit is ${MAX_IMAGE_PIXELS.toLocaleString('en')} (64 megapixels). Scale it down first.`,
    );
  }
}
