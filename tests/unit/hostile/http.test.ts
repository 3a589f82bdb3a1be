import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_EXPORTS, POST } from '../../../app/api/export/route';
import { nestedText, preset, PROTOTYPE_NAMES, renameIds, type HostileCase } from './corpus';

/** One request to POST /api/export, as a browser or a script would send it. */
type HttpInput = { body: BodyInit; headers?: Record<string, string>; query?: string };

const send = ({ body, headers = {}, query = 'preview=1' }: HttpInput) =>
  POST(new Request(`http://localhost:3000/api/export?${query}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers }, duplex: 'half' } as RequestInit));

/** ring8-2d with G's hidden layers this wide: 10⁸ parameters at 10,000 × 10,000. */
function wideRing(units: number) {
  const d = preset('ring8-2d');
  for (const n of d.networks[0]!.nodes) if (n.id === 'fc1' || n.id === 'fc2') n.params = { ...n.params, units };
  return d;
}
const ring = () => preset('ring8-2d');
/** ring8-2d with one node's params replaced by raw JSON text (for values JSON.stringify cannot build). */
function withRawParams(raw: string): string {
  const d = ring();
  d.networks[0]!.nodes[1]!.params = '@@RAW@@' as never;
  return JSON.stringify(d).replace('"@@RAW@@"', raw);
}
/** G and D called `constructor` and `toString`. */
const prototypeNamed = () => renameIds(ring(), { G: 'constructor', D: 'toString' });

const cases: HostileCase<HttpInput>[] = [
  { name: 'a text/plain body (a form or no-cors fetch from any page)', input: () => ({ body: JSON.stringify(ring()), headers: { 'Content-Type': 'text/plain' } }), code: '415 E_CONTENT_TYPE' },
  { name: 'no Content-Type', input: () => ({ body: JSON.stringify(ring()), headers: { 'Content-Type': '' } }), code: '415 E_CONTENT_TYPE' },
  { name: 'a request from another origin', input: () => ({ body: JSON.stringify(ring()), headers: { Origin: 'http://evil.example' } }), code: '403 E_CROSS_SITE' },
  { name: 'a request another site made (Sec-Fetch-Site)', input: () => ({ body: JSON.stringify(ring()), headers: { 'Sec-Fetch-Site': 'cross-site' } }), code: '403 E_CROSS_SITE' },
  { name: 'an Origin that is not a URL', input: () => ({ body: JSON.stringify(ring()), headers: { Origin: 'null' } }), code: '403 E_CROSS_SITE' },
  { name: 'a body nested 100,000 deep', input: () => ({ body: `{"design":${nestedText(100_000)}}` }), code: '400 E_NESTING' },
  { name: 'params nested 1,000 deep', input: () => ({ body: withRawParams(nestedText(1000)) }), code: '400 E_NESTING' },
  { name: 'a design of 10¹² parameters', input: () => ({ body: JSON.stringify(wideRing(1_000_000)) }), code: '400 E_INVALID_DESIGN' },
  { name: 'a 4.5 KB body naming a 10⁸-parameter model with no weights for it', input: () => ({ body: JSON.stringify({ design: wideRing(10_000), weights: { networks: { G: [], D: [] } } }) }), code: '400 E_WEIGHTS' },
  { name: 'weights for a network the design lacks, named constructor', input: () => ({ body: JSON.stringify({ design: ring(), weights: { networks: { constructor: [] } } }) }), code: '400 E_WEIGHTS' },
  { name: 'no weights for a network named constructor', input: () => ({ body: JSON.stringify({ design: prototypeNamed(), weights: { networks: {} } }) }), code: '400 E_WEIGHTS' },
  { name: 'weights under __proto__', input: () => ({ body: `{"design":${JSON.stringify(ring())},"weights":{"networks":{"__proto__":[{"shape":[1],"data":"AAAAAA=="}]}}}` }), code: '400 E_WEIGHTS' },
  { name: 'weights whose shapes and data disagree', input: () => ({ body: JSON.stringify({ design: ring(), weights: { networks: { G: [{ shape: [1_000_000, 1000], data: '' }], D: [] } } }) }), code: '400 E_WEIGHTS' },
  { name: 'a body that is not UTF-8', input: () => ({ body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }), code: '400 E_ENCODING' },
  { name: 'a body that is not JSON', input: () => ({ body: '{"design": ' }), code: '400 E_JSON' },
  { name: 'an unknown target', input: () => ({ body: JSON.stringify(ring()), query: 'target=constructor' }), code: '400 E_TARGET' },
  { name: '6 MB of body', input: () => ({ body: `{"pad":"${'x'.repeat(6 * 1024 * 1024)}"}` }), code: '413 E_TOO_LARGE' },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('hostile requests to POST /api/export', () => {
  it.each(cases)('$name → $code', async ({ input, code }) => {
    const res = await send(input());
    const body = (await res.json()) as { code: string; error: string };
    expect(`${res.status} ${body.code}`).toBe(code);
    expect(body.error.length).toBeGreaterThan(10);
    expect(body.error).not.toMatch(/\n\s+at /);
  });

  it('refuses a weights payload that does not fit before building the model: no 400 MB for 10⁸ parameters', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const res = await send({ body: JSON.stringify({ design: wideRing(10_000), weights: { networks: { G: [{ shape: [8, 10_000], data: '' }], D: [] } } }) });
    const grew = process.memoryUsage().rss - before;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/network "G" has 100,\d{3},\d{3} parameters; the weights hold 0 values \(their shapes say 80,000\)/);
    expect(grew).toBeLessThan(100 * 1024 * 1024);
  });

  it('serves this app itself: same origin, JSON with a charset', async () => {
    const res = await send({ body: JSON.stringify(ring()), headers: { Origin: 'http://localhost:3000', 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json; charset=utf-8' } });
    expect(res.status).toBe(200);
  });

  it.each(['typescript', 'pytorch'])('exports a design whose networks and nodes are named after Object.prototype (%s)', async (target) => {
    const names = Object.fromEntries([['G', 'constructor'], ['D', 'toString'], ['fc1', 'hasOwnProperty'], ['fc2', 'valueOf'], ['G_call', 'isPrototypeOf'], ['loss', 'toLocaleString']]);
    expect(Object.values(names).every((n) => (PROTOTYPE_NAMES as readonly string[]).includes(n))).toBe(true);
    const res = await send({ body: JSON.stringify(renameIds(ring(), names)), query: `preview=1&target=${target}` });
    expect(res.status).toBe(200);
    const files = ((await res.json()) as { files: { path: string; contents: string }[] }).files;
    expect(files.map((f) => f.contents).join('\n')).toContain('constructor');
  });

  it(`answers 429 with Retry-After while ${MAX_CONCURRENT_EXPORTS} exports run`, async () => {
    // Bodies that are still arriving hold their export open.
    const releases: (() => void)[] = [];
    const slow = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(JSON.stringify(ring())));
          releases.push(() => c.close());
        },
      });
    const open = Array.from({ length: MAX_CONCURRENT_EXPORTS }, () => send({ body: slow() }));
    await new Promise((r) => setTimeout(r, 50));
    const busy = await send({ body: JSON.stringify(ring()) });
    expect(busy.status).toBe(429);
    expect(busy.headers.get('Retry-After')).toBe('1');
    expect(((await busy.json()) as { code: string }).code).toBe('E_BUSY');
    for (const r of releases) r();
    for (const res of await Promise.all(open)) expect(res.status).toBe(200);
    // And the slots come back.
    expect((await send({ body: JSON.stringify(ring()) })).status).toBe(200);
  });
});
