import fc from 'fast-check';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../../lib/graph/problems';
import { MAX_DESIGN_BYTES } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import { MAX_PNG_BYTES, readDesignFile, refuseBySize } from '../../../lib/share/design-file';
import { DESIGN_KEYWORD, embedDesignInPng, latin1Text } from '../../../lib/share/png-chunk';
import { concat, growth, ihdr, onePixel, pngOf, textChunk, zlibZeros } from './build';

/**
 * Design files a user might drop on the editor (lib/share/design-file.ts readDesignFile): it never throws, and every
 * refusal carries an ERROR_CODES code. `code: null` is a file that must open. The examples from issue #15: a 300 KB
 * design in an uncompressed tEXt chunk overflowed the stack (String.fromCharCode(...bytes)); a zTXt of a gigabyte of
 * zeros must stop at the 5 MB a design may be.
 */

const enc = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const png = (...chunks: { type: string; data: Uint8Array }[]) => pngOf(ihdr(1, 1), onePixel(), ...chunks);
/** The design as ASCII JSON (non-ASCII as `\uXXXX` escapes), so that it survives Latin-1 text chunks unchanged. */
const designJson = JSON.stringify(getPreset('dcgan-mnist')!.design).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** A valid design padded with JSON whitespace to about `kb` KB. */
const bigDesign = (kb: number) => `{${' '.repeat(kb * 1024)}${designJson.slice(1)}`;
const MB = 1024 * 1024;

type Case = { name: string; input: () => Uint8Array; code: ErrorCode | null };

const cases: Case[] = [
  { name: 'a 300 KB design in an uncompressed tEXt chunk', input: () => png(textChunk.tEXt(DESIGN_KEYWORD, latin1(bigDesign(300)))), code: null },
  { name: 'a 2 MB design in an uncompressed iTXt chunk', input: () => png(textChunk.iTXt(DESIGN_KEYWORD, enc(bigDesign(2048)), false)), code: null },
  { name: 'a 300 KB design in a zTXt chunk', input: () => png(textChunk.zTXt(DESIGN_KEYWORD, new Uint8Array(deflateSync(latin1(bigDesign(300)))))), code: null },
  { name: 'a zTXt chunk of 1 GiB of compressed zeros', input: () => png(textChunk.zTXt(DESIGN_KEYWORD, zlibZeros(1024))), code: 'E_TOO_LARGE' },
  { name: 'a compressed iTXt chunk of 1 GiB of zeros', input: () => png(textChunk.iTXt(DESIGN_KEYWORD, zlibZeros(1024), true)), code: 'E_TOO_LARGE' },
  { name: 'a 6 MB uncompressed tEXt chunk', input: () => png(textChunk.tEXt(DESIGN_KEYWORD, new Uint8Array(6 * MB).fill(0x20))), code: 'E_TOO_LARGE' },
  { name: 'a 6 MB uncompressed iTXt chunk', input: () => png(textChunk.iTXt(DESIGN_KEYWORD, new Uint8Array(6 * MB).fill(0x20), false)), code: 'E_TOO_LARGE' },
  { name: 'a zTXt chunk with an unknown compression method', input: () => png(textChunk.zTXt(DESIGN_KEYWORD, new Uint8Array(deflateSync(enc('{}'))), 7)), code: 'E_PNG_DAMAGED' },
  { name: 'a zTXt chunk that is not zlib', input: () => png(textChunk.zTXt(DESIGN_KEYWORD, Uint8Array.of(1, 2, 3, 4, 5, 6))), code: 'E_PNG_DAMAGED' },
  { name: 'an iTXt chunk without its language and keyword terminators', input: () => png({ type: 'iTXt', data: concat([latin1(DESIGN_KEYWORD), Uint8Array.of(0, 0, 0, 0x41)]) }), code: 'E_PNG_DAMAGED' },
  {
    name: 'a design chunk whose CRC does not match',
    input: () => {
      const b = embedDesignInPng(png(), designJson);
      b[b.length - 14] = b[b.length - 14]! ^ 0xff; // inside the iTXt, just before IEND
      return b;
    },
    code: 'E_PNG_DAMAGED',
  },
  { name: 'a chunk length of 4 GB', input: () => concat([png().subarray(0, 8), Uint8Array.of(0xff, 0xff, 0xff, 0xff), latin1('tEXt'), new Uint8Array(32)]), code: 'E_PNG_UNREADABLE' },
  { name: 'a PNG cut in the middle of a chunk', input: () => png(textChunk.tEXt(DESIGN_KEYWORD, latin1(designJson))).subarray(0, 120), code: 'E_PNG_UNREADABLE' },
  { name: 'a PNG without IHDR', input: () => concat([png().subarray(0, 8), png().subarray(33)]), code: 'E_PNG_UNREADABLE' },
  { name: 'a PNG with no design', input: () => png(textChunk.tEXt('Comment', latin1('hello'))), code: 'E_PNG_NO_DESIGN' },
  { name: 'a keyword of 200 characters', input: () => png(textChunk.tEXt('k'.repeat(200), latin1(designJson))), code: 'E_PNG_NO_DESIGN' },
  { name: '300 KB of binary that is not a PNG', input: () => Uint8Array.from({ length: 300 * 1024 }, (_, i) => (i * 131 + 7) & 0xff), code: 'E_JSON' },
  { name: 'a 6 MB .gan.json', input: () => new Uint8Array(6 * MB).fill(0x20), code: 'E_TOO_LARGE' },
];

describe('hostile design files', () => {
  it.each(cases)('$name → $code', async ({ input, code }) => {
    const bytes = input();
    const { result: r, arrayBuffersMB } = await growth(() => readDesignFile('hostile.png', bytes));
    if (code === null) {
      expect(r).toMatchObject({ ok: true, design: { name: getPreset('dcgan-mnist')!.design.name } });
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe(code);
      if (!r.ok) expect(r.message).toMatch(/^Could not open “hostile\.png”: /);
    }
    // Inflated text stops at the 5 MB a design may be: the gigabyte of zeros never exists.
    expect(arrayBuffersMB).toBeLessThan(48);
  });

  it('refuses a file over 64 MB from its size, before anything reads it', () => {
    expect(refuseBySize('huge.png', 4 * 1024 * MB)).toMatchObject({ ok: false, code: 'E_TOO_LARGE', message: expect.stringMatching(/4096 MB; .* at most 64 MB/) as unknown });
    expect(refuseBySize('fine.png', MAX_PNG_BYTES)).toBeNull();
    expect(MAX_DESIGN_BYTES).toBe(5 * MB);
  });

  it('decodes Latin-1 of any length without spreading it into a call', () => {
    const bytes = Uint8Array.from({ length: 1_000_003 }, (_, i) => i & 0xff);
    const s = latin1Text(bytes);
    expect(s.length).toBe(bytes.length);
    expect(s.charCodeAt(255)).toBe(255);
    expect(s.charCodeAt(1_000_002)).toBe(1_000_002 & 0xff);
  });

  it('never throws, whatever bytes of a design PNG are changed or cut', () => {
    const base = embedDesignInPng(png(), designJson);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(base.length),
        (edits, cut) => {
          const b = base.slice(0, Math.max(cut, 1));
          for (const [at, v] of edits) if (at < b.length) b[at] = v;
          const r = readDesignFile('fuzzed.png', b);
          if (!r.ok) expect(Object.keys(ERROR_CODES)).toContain(r.code);
        },
      ),
      { numRuns: 300, seed: 15 },
    );
  });
});
