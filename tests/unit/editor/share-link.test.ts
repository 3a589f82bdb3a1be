import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../../lib/share/base64url';
import { decodeDesignFragment, encodeDesignFragment, shareUrl } from '../../../lib/share/link';
import { PRESETS } from '../../../lib/presets';
import { preset } from './helpers';

describe('share links', () => {
  it.each(PRESETS.map((p) => ({ id: p.id })))('round-trips $id through the URL fragment', ({ id }) => {
    const d = preset(id);
    const url = shareUrl('http://localhost:3000/?x=1#old', d);
    expect(url).toMatch(/^http:\/\/localhost:3000\/\?x=1#design=[A-Za-z0-9_-]+$/);
    const back = decodeDesignFragment(new URL(url).hash);
    expect(back).toEqual({ ok: true, design: d });
  });

  it('compresses: a preset link is a few KB', () => {
    expect(encodeDesignFragment(preset('dcgan-mnist')).length).toBeLessThan(4000);
  });

  it('base64url round-trips every length and byte', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
    }
    expect(toBase64url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
  });

  const zipped = (text: string) => toBase64url(deflateSync(strToU8(text)));
  it.each([
    { name: 'no design key', hash: '#other=1', message: /no design/ },
    { name: 'not base64url', hash: '#design=@@@', message: /not valid base64url/ },
    { name: 'cut off', hash: `#${encodeDesignFragment(preset()).slice(0, 200)}`, message: /damaged|cannot be opened/ },
    { name: 'random bytes', hash: `#design=${toBase64url(Uint8Array.from({ length: 64 }, (_, i) => (i * 97) & 255))}`, message: /damaged/ },
    { name: 'not JSON', hash: `#design=${zipped('hello')}`, message: /not valid JSON/ },
    { name: 'wrong version', hash: `#design=${zipped(JSON.stringify({ ...preset(), version: 99 }))}`, message: /version 99/ },
    { name: 'not a design', hash: `#design=${zipped('{"version":1,"name":"x"}')}`, message: /networks/ },
    { name: 'a decompression bomb', hash: `#design=${toBase64url(deflateSync(new Uint8Array(8 * 1024 * 1024)))}`, message: /more than 5 MB/ },
  ])('a $name fragment is an error message, not a crash', ({ hash, message }) => {
    const r = decodeDesignFragment(hash);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
