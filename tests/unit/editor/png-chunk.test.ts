import { crc32 as nodeCrc32, deflateSync as nodeDeflate, inflateSync as nodeInflate } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../lib/share/crc32';
import { DESIGN_KEYWORD, embedDesignInPng, extractDesignFromPng } from '../../../lib/share/png-chunk';

/** A 2×1 greyscale PNG built by hand with node's zlib and CRC (an oracle independent of the code under test). */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(nodeCrc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0); // width
  ihdr.writeUInt32BE(1, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const idat = nodeDeflate(Buffer.from([0, 10, 200])); // filter 0, two pixels
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]));
}

/** Walks a PNG independently, checking every CRC with node's zlib. */
function chunks(png: Uint8Array): { type: string; data: Buffer; crcOk: boolean }[] {
  const b = Buffer.from(png);
  const out = [];
  for (let at = 8; at < b.length; ) {
    const len = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const data = b.subarray(at + 8, at + 8 + len);
    out.push({ type, data, crcOk: nodeCrc32(b.subarray(at + 4, at + 8 + len)) === b.readUInt32BE(at + 8 + len) });
    at += 12 + len;
  }
  return out;
}

describe('PNG design chunk', () => {
  const design = JSON.stringify({ version: 1, name: 'Ünïcode ✓ design', networks: [], training: { nodes: [], edges: [] } });

  it('crc32 matches zlib', () => {
    const bytes = new TextEncoder().encode('IEND');
    expect(crc32(bytes)).toBe(0xae426082);
    expect(crc32(bytes)).toBe(nodeCrc32(Buffer.from(bytes)));
  });

  it('embeds an iTXt chunk before IEND with correct CRCs, leaving the image chunks untouched', () => {
    const png = tinyPng();
    const out = embedDesignInPng(png, design);
    const cs = chunks(out);
    expect(cs.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'iTXt', 'IEND']);
    expect(cs.every((c) => c.crcOk)).toBe(true);
    expect(cs.slice(0, 2)).toEqual(chunks(png).slice(0, 2));
    const itxt = cs[2]!.data;
    const nul = itxt.indexOf(0);
    expect(itxt.toString('latin1', 0, nul)).toBe(DESIGN_KEYWORD);
    expect([itxt[nul + 1], itxt[nul + 2], itxt[nul + 3], itxt[nul + 4]]).toEqual([1, 0, 0, 0]); // compressed, zlib, no language, no translation
    expect(nodeInflate(itxt.subarray(nul + 5)).toString('utf8')).toBe(design);
  });

  it('round-trips, and embedding again replaces the design', () => {
    const once = embedDesignInPng(tinyPng(), design);
    expect(extractDesignFromPng(once)).toEqual({ ok: true, text: design });
    const twice = embedDesignInPng(once, '{"second":true}');
    expect(chunks(twice).filter((c) => c.type === 'iTXt')).toHaveLength(1);
    expect(extractDesignFromPng(twice)).toEqual({ ok: true, text: '{"second":true}' });
  });

  it('reads tEXt and zTXt chunks written by other tools', () => {
    const png = tinyPng();
    const withChunk = (type: string, data: Buffer) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(nodeCrc32(body));
      const b = Buffer.from(png);
      return new Uint8Array(Buffer.concat([b.subarray(0, b.length - 12), len, body, crc, b.subarray(b.length - 12)]));
    };
    const key = Buffer.from(`${DESIGN_KEYWORD}\0`, 'latin1');
    expect(extractDesignFromPng(withChunk('tEXt', Buffer.concat([key, Buffer.from('{"a":1}', 'latin1')])))).toEqual({ ok: true, text: '{"a":1}' });
    expect(extractDesignFromPng(withChunk('zTXt', Buffer.concat([key, Buffer.from([0]), nodeDeflate(Buffer.from('{"b":2}'))])))).toEqual({ ok: true, text: '{"b":2}' });
  });

  it.each([
    { name: 'no design in it', bytes: () => tinyPng(), message: /no GAN Studio design/ },
    { name: 'not a PNG', bytes: () => new TextEncoder().encode('GIF89a…'), message: /not a PNG/ },
    { name: 'truncated', bytes: () => embedDesignInPng(tinyPng(), design).slice(0, 60), message: /truncated/ },
    {
      name: 'a damaged design chunk (CRC mismatch)',
      bytes: () => {
        const b = embedDesignInPng(tinyPng(), design);
        const at = Buffer.from(b).indexOf('iTXt') + 30;
        b[at] = b[at]! ^ 0xff;
        return b;
      },
      message: /CRC/,
    },
  ])('$name → a message, not a crash', ({ bytes, message }) => {
    const r = extractDesignFromPng(bytes());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('refuses to embed into something that is not a PNG', () => {
    expect(() => embedDesignInPng(new Uint8Array(10), design)).toThrow(/not a PNG/);
  });
});
