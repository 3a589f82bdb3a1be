import { inflateSync } from 'node:zlib';
import { pngDecoder } from '../lib/data/png-decode';

export type { DecodedImage } from '../lib/data/png-decode';

/** PNG bytes to 8-bit pixels, for the CLI's own image folders: the exported project's decoder (lib/data/png-decode.ts). */
export const decodePng = pngDecoder((data, maxOutputLength) => inflateSync(data, { maxOutputLength }));
