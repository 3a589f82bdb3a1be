import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { browserDecoder } from '../../../components/training/decode-image';
import { checkImagePixels, ImageError, MAX_IMAGE_PIXELS, type ImageErrorCode } from '../../../lib/data/image-limits';
import { imageDimensions } from '../../../lib/data/image-size';
import { decodePng, encodePng } from '../../../templates/src/png';
import { concat, growth, ihdr, onePixel, pngOf, zlibZeros } from './build';

/**
 * Images whose headers or data would make a decoder reserve gigabytes: the exported TypeScript project's PNG decoder
 * (templates/src/png.ts), and the header check the app's browser decoder runs before createImageBitmap
 * (components/training/decode-image.ts, lib/data/image-size.ts). Each case names the ImageError code it must end in.
 */

const ROOT = join(import.meta.dirname, '../../..');
const codeOf = (e: unknown) => (e instanceof ImageError ? e.code : `not an ImageError: ${String(e)}`);
const u16le = (n: number) => Uint8Array.of(n & 0xff, n >> 8);
const u16be = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

type Case = { name: string; input: () => Uint8Array; code: ImageErrorCode };

/** PNG files for the exported project's decodePng. */
const pngCases: Case[] = [
  { name: 'a 20000 × 20000 header over a one-pixel image', input: () => pngOf(ihdr(20000, 20000, 8, 2), onePixel()), code: 'E_IMAGE_TOO_LARGE' },
  { name: 'a 4294967295 × 4294967295 header', input: () => pngOf(ihdr(0xffffffff, 0xffffffff), onePixel()), code: 'E_IMAGE_TOO_LARGE' },
  { name: 'a 1 × 1 header over 1 GiB of compressed zeros', input: () => pngOf(ihdr(1, 1), { type: 'IDAT', data: zlibZeros(1024) }), code: 'E_IMAGE_UNREADABLE' },
  { name: 'a 64 × 64 header whose data ends after one row', input: () => pngOf(ihdr(64, 64), { type: 'IDAT', data: new Uint8Array(deflateSync(new Uint8Array(65))) }), code: 'E_IMAGE_UNREADABLE' },
  { name: 'a zero-width header', input: () => pngOf(ihdr(0, 10), onePixel()), code: 'E_IMAGE_UNREADABLE' },
  { name: 'no IHDR at all', input: () => concat([encodePng(new Uint8Array(1), 1, 1, 1).subarray(0, 8), encodePng(new Uint8Array(1), 1, 1, 1).subarray(33)]), code: 'E_IMAGE_UNREADABLE' },
  { name: 'an IHDR of 4 bytes', input: () => pngOf(new Uint8Array(4), onePixel()), code: 'E_IMAGE_UNREADABLE' },
  { name: 'a chunk length of 4 GB in a 60-byte file', input: () => Uint8Array.from([...encodePng(new Uint8Array(1), 1, 1, 1).subarray(0, 8), 0xff, 0xff, 0xff, 0xf0, ...ascii('IHDR'), 0, 0, 0, 1]), code: 'E_IMAGE_UNREADABLE' },
  { name: 'image data that is not zlib', input: () => pngOf(ihdr(2, 2), { type: 'IDAT', data: Uint8Array.of(1, 2, 3, 4, 5) }), code: 'E_IMAGE_UNREADABLE' },
  { name: 'an unknown row filter', input: () => pngOf(ihdr(1, 1), { type: 'IDAT', data: new Uint8Array(deflateSync(Uint8Array.of(9, 0))) }), code: 'E_IMAGE_UNREADABLE' },
];

/** Other formats' headers, for the check the browser decoder makes before the browser's codecs see the file. */
const headerCases: Case[] = [
  { name: 'PNG: 20000 × 20000', input: () => pngOf(ihdr(20000, 20000, 8, 6), onePixel()), code: 'E_IMAGE_TOO_LARGE' },
  {
    name: 'JPEG: a 65535 × 65535 frame after an APP0 segment',
    input: () => concat([Uint8Array.of(0xff, 0xd8, 0xff, 0xe0), u16be(16), ascii('JFIF\0'), new Uint8Array(9), Uint8Array.of(0xff, 0xc0), u16be(17), Uint8Array.of(8), u16be(65535), u16be(65535), Uint8Array.of(3)]),
    code: 'E_IMAGE_TOO_LARGE',
  },
  {
    name: 'JPEG: a progressive (SOF2) 10000 × 10000 frame behind fill bytes',
    input: () => concat([Uint8Array.of(0xff, 0xd8, 0xff, 0xff, 0xff, 0xc2), u16be(17), Uint8Array.of(8), u16be(10000), u16be(10000), Uint8Array.of(3)]),
    code: 'E_IMAGE_TOO_LARGE',
  },
  { name: 'JPEG: start of scan before any frame header', input: () => Uint8Array.of(0xff, 0xd8, 0xff, 0xda, 0, 8, 1, 2, 3, 4, 5, 6), code: 'E_IMAGE_UNREADABLE' },
  {
    name: 'GIF: a 1 × 1 screen whose first frame is 65535 × 65535',
    input: () => concat([ascii('GIF89a'), u16le(1), u16le(1), Uint8Array.of(0, 0, 0), Uint8Array.of(0x21, 0xf9, 4, 0, 0, 0, 0, 0), Uint8Array.of(0x2c), u16le(0), u16le(0), u16le(65535), u16le(65535), Uint8Array.of(0)]),
    code: 'E_IMAGE_TOO_LARGE',
  },
  { name: 'WebP (VP8X): a 16384 × 16384 canvas', input: () => concat([ascii('RIFF'), new Uint8Array(4), ascii('WEBPVP8X'), new Uint8Array(8), Uint8Array.of(0xff, 0x3f, 0, 0xff, 0x3f, 0)]), code: 'E_IMAGE_TOO_LARGE' },
  { name: 'WebP (VP8L): 16384 × 16384', input: () => concat([ascii('RIFF'), new Uint8Array(4), ascii('WEBPVP8L'), new Uint8Array(4), Uint8Array.of(0x2f, 0xff, 0xff, 0xff, 0x0f)]), code: 'E_IMAGE_TOO_LARGE' },
  {
    name: 'BMP: 100000 × −100000 (top-down)',
    input: () => {
      const v = new DataView(new ArrayBuffer(54));
      v.setUint8(0, 0x42);
      v.setUint8(1, 0x4d);
      v.setUint32(14, 40, true);
      v.setInt32(18, 100_000, true);
      v.setInt32(22, -100_000, true);
      return new Uint8Array(v.buffer);
    },
    code: 'E_IMAGE_TOO_LARGE',
  },
  { name: 'a format the import does not take (AVIF, which a browser would sniff and decode)', input: () => concat([Uint8Array.of(0, 0, 0, 0x1c), ascii('ftypavif'), new Uint8Array(20)]), code: 'E_IMAGE_UNREADABLE' },
  { name: 'a PNG cut inside its header', input: () => pngOf(ihdr(10, 10), onePixel()).subarray(0, 20), code: 'E_IMAGE_UNREADABLE' },
  { name: 'an empty file', input: () => new Uint8Array(0), code: 'E_IMAGE_UNREADABLE' },
];

describe('hostile PNGs in the exported project (templates/src/png.ts)', () => {
  it.each(pngCases)('$name → $code, with memory bounded', async ({ input, code }) => {
    const bytes = input();
    const { result, arrayBuffersMB } = await growth(() => {
      try {
        decodePng(bytes, 'hostile.png');
        return 'decoded';
      } catch (e) {
        return e;
      }
    });
    expect(codeOf(result)).toBe(code);
    expect((result as Error).message).toContain('hostile.png');
    // Before: the 20000 × 20000 header reserved 1.2 GB of rows and 1.2 GB of pixels; the 1 × 1 header inflated 1 GiB.
    expect(arrayBuffersMB).toBeLessThan(16);
  });

  it('still decodes a large honest image: 2048 × 2048 grey', () => {
    const pixels = new Uint8Array(2048 * 2048).map((_, i) => i & 0xff);
    // Buffer.compare: vitest's deep equality enumerates a typed array's keys, 16 million strings.
    expect(Buffer.compare(Buffer.from(decodePng(encodePng(pixels, 2048, 2048, 1)).pixels), Buffer.from(pixels))).toBe(0);
  });
});

describe('hostile image headers, checked before the browser decodes (components/training/decode-image.ts)', () => {
  it.each(headerCases)('$name → $code', async ({ input, code }) => {
    // browserDecoder refuses before it reaches createImageBitmap, which Node does not have: a refusal is the only way out.
    const r = await browserDecoder(input(), { height: 8, width: 8, channels: 1 }).then(
      () => 'decoded',
      (e: unknown) => e,
    );
    expect(codeOf(r)).toBe(code);
  });

  it('reads the sizes each header declares (so the refusals above are for the right reason)', () => {
    expect(imageDimensions(encodePng(new Uint8Array(37 * 11 * 3), 37, 11, 3))).toEqual({ width: 37, height: 11, format: 'png' });
    const sizes = headerCases.slice(1).map((c) => imageDimensions(c.input()));
    expect(sizes.map((s) => s && [s.format, s.width, s.height])).toEqual([
      ['jpeg', 65535, 65535],
      ['jpeg', 10000, 10000],
      null,
      ['gif', 65535, 65535],
      ['webp', 16384, 16384],
      ['webp', 16384, 16384],
      ['bmp', 100000, 100000],
      null,
      null,
      null,
    ]);
  });

  it('the cap is 64 megapixels, and the PyTorch project’s images.py uses the same figure', () => {
    expect(MAX_IMAGE_PIXELS).toBe(64 * 1024 * 1024);
    expect(() => checkImagePixels(8192, 8192)).not.toThrow();
    expect(() => checkImagePixels(8192, 8193)).toThrow(/E_IMAGE_TOO_LARGE.*8,192 × 8,193|E_IMAGE_TOO_LARGE.*8192 × 8193/);
    const py = readFileSync(join(ROOT, 'templates/pytorch/images.py'), 'utf8');
    expect(Number(/^MAX_IMAGE_PIXELS = ([\d_]+)$/m.exec(py)?.[1]?.replace(/_/g, ''))).toBe(MAX_IMAGE_PIXELS);
    expect(py).toContain("warnings.simplefilter('error', Image.DecompressionBombWarning)");
  });
});

const PYTHON = '/usr/bin/python3';
const hasPillow = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import PIL'], { encoding: 'utf8' }).status === 0;
/** Lifts MAX_IMAGE_PIXELS and open_image out of images.py (which imports torch at the top) and opens each file. */
const HARNESS = `
import ast, json, os, sys, warnings
body = [n for n in ast.parse(open(sys.argv[1]).read()).body
        if (isinstance(n, ast.FunctionDef) and n.name == 'open_image') or (isinstance(n, ast.Assign) and n.targets[0].id == 'MAX_IMAGE_PIXELS')]
scope = {'os': os, 'warnings': warnings}
exec(compile(ast.Module(body=body, type_ignores=[]), 'images.py', 'exec'), scope)
out = []
for path in sys.argv[2:]:
    try:
        out.append(list(scope['open_image'](path, 'L').size))
    except SystemExit as e:
        out.append(str(e).split(':')[0])
print(json.dumps(out))
`;

describe('hostile images in the PyTorch project (templates/pytorch/images.py)', () => {
  it.skipIf(!hasPillow)(`refuses what PIL would decode into gigabytes, with a code (skipped without ${PYTHON} and pillow)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'gan-pil-'));
    const files = {
      'ok.png': encodePng(new Uint8Array(6), 3, 2, 1),
      'huge.png': pngOf(ihdr(20000, 20000, 8, 2), onePixel()),
      'just-over.png': pngOf(ihdr(9000, 9000), onePixel()), // 81 Mpx: where PIL itself only warns
      'junk.png': Uint8Array.of(1, 2, 3),
    };
    const paths = Object.entries(files).map(([name, bytes]) => {
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    });
    const r = spawnSync(PYTHON, ['-c', HARNESS, join(ROOT, 'templates/pytorch/images.py'), ...paths], { encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(r.stdout)).toEqual([[3, 2], 'E_IMAGE_TOO_LARGE', 'E_IMAGE_TOO_LARGE', 'E_IMAGE_UNREADABLE']);
  });
});
