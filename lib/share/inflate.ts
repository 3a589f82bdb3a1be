import { Inflate, Unzlib } from 'fflate';

/**
 * Inflates at most `limit` bytes: a few KB of deflate can expand to gigabytes, so untrusted input (a shared link,
 * a dropped PNG) is decompressed as a stream and abandoned once it outgrows what a design can be. Input goes in
 * 16 KB at a time, so the most ever held is `limit` plus one push's output (deflate's ratio is at most ~1032:1).
 */
export function inflateLimited(data: Uint8Array, limit: number, format: 'raw' | 'zlib' = 'raw'): Uint8Array | { error: string; over: boolean } {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  const onData = (chunk: Uint8Array) => {
    size += chunk.length;
    if (size > limit) over = true;
    else chunks.push(chunk);
  };
  try {
    const stream = format === 'raw' ? new Inflate(onData) : new Unzlib(onData);
    const step = 16 * 1024;
    for (let i = 0; i < data.length && !over; i += step) stream.push(data.subarray(i, i + step), i + step >= data.length);
    if (data.length === 0) stream.push(new Uint8Array(0), true);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e), over: false };
  }
  if (over) return { error: `it expands to more than ${(limit / 1024 / 1024).toFixed(0)} MB`, over: true };
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
