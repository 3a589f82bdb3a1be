import { deflateSync, strFromU8, strToU8 } from 'fflate';
import { parseDesignText } from '../graph/parse';
import { MAX_DESIGN_BYTES, type Design } from '../graph/schema';
import { fromBase64url, toBase64url } from './base64url';
import { inflateLimited } from './inflate';

/** Share links carry the whole design in the URL fragment, which never reaches a server: `#design=<deflate, base64url>`. */
export const FRAGMENT_KEY = 'design';

export type Decoded = { ok: true; design: Design } | { ok: false; message: string };

export function encodeDesignFragment(design: Design): string {
  return `${FRAGMENT_KEY}=${toBase64url(deflateSync(strToU8(JSON.stringify(design)), { level: 9 }))}`;
}

export function shareUrl(base: string, design: Design): string {
  return `${base.replace(/#.*$/, '')}#${encodeDesignFragment(design)}`;
}

/** The encoded design in a location hash (`#design=…`, other `&`-separated keys ignored), or null when there is none. */
export function fragmentPayload(hash: string): string | null {
  const h = hash.replace(/^#/, '');
  for (const part of h.split('&')) {
    const [k, ...v] = part.split('=');
    if (k === FRAGMENT_KEY) return v.join('=');
  }
  return null;
}

/** Decodes and validates like any other boundary: base64url → bounded inflate → UTF-8 → parseDesignText. Never throws. */
export function decodeDesignFragment(hash: string): Decoded {
  const payload = fragmentPayload(hash);
  if (payload === null) return { ok: false, message: 'The link has no design in it (#design=…).' };
  if (payload.length > MAX_DESIGN_BYTES) return { ok: false, message: 'The shared design is too large.' };
  const bytes = fromBase64url(payload);
  if (!bytes || bytes.length === 0) return { ok: false, message: 'The shared link is damaged: its design is not valid base64url. Was it cut off when copied?' };
  const raw = inflateLimited(bytes, MAX_DESIGN_BYTES);
  if (!(raw instanceof Uint8Array)) return { ok: false, message: `The shared link is damaged: its design does not decompress (${raw.error}). Was it cut off when copied?` };
  let text: string;
  try {
    text = strFromU8(raw);
  } catch {
    return { ok: false, message: 'The shared link is damaged: its design is not text.' };
  }
  const parsed = parseDesignText(text);
  if (!parsed.ok) return { ok: false, message: `The shared design cannot be opened: ${parsed.problems.map((p) => p.message).join(' ')}` };
  return { ok: true, design: parsed.design };
}
