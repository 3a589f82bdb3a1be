import * as tf from '@tensorflow/tfjs';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '../../../app/api/export/route';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import { encodeFloats } from '../../../lib/codegen/initial-checkpoint';
import { PROJECT_FILES } from '../../../lib/codegen/generate';
import { TORCH_PROJECT_FILES } from '../../../lib/codegen/python/generate';
import { MNIST_FILES } from '../../../lib/data/mnist';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';
import { weightsPayload } from '../../../components/export/api';
import { presetDesign } from './helpers';

const URL_ = 'http://localhost/api/export';
const post = (body: BodyInit, { preview = false, target, headers = {} }: { preview?: boolean; target?: string; headers?: Record<string, string> } = {}) => {
  const query = new URLSearchParams({ ...(target === undefined ? {} : { target }), ...(preview ? { preview: '1' } : {}) }).toString();
  return POST(new Request(`${URL_}${query ? `?${query}` : ''}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers }, duplex: 'half' } as RequestInit));
};
type PreviewBody = { slug: string; target: string; files: { path: string; contents: string; binary?: boolean }[] };
const IDX_BYTES = { 'train-images-idx3-ubyte': 60_000 * 28 * 28 + 16, 'train-labels-idx1-ubyte': 60_000 + 8 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('POST /api/export', () => {
  it('returns the project as a zip named after the design, under one folder', async () => {
    const res = await post(JSON.stringify(presetDesign('dcgan-mnist')));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/zip');
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="dcgan-on-mnist.zip"; filename*=UTF-8''dcgan-on-mnist.zip`);
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    for (const f of PROJECT_FILES) expect(Object.keys(entries), f).toContain(`dcgan-on-mnist/${f}`);
    expect(strFromU8(entries['dcgan-on-mnist/src/models.ts']!)).toContain('export function buildG()');
  });

  it('with ?preview=1 returns the files as JSON', async () => {
    const res = await post(JSON.stringify(presetDesign('ring8-2d')), { preview: true });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { slug: string; files: { path: string; contents: string }[] };
    expect(body.slug).toBe('ring-of-8-gaussians-2-d');
    expect(body.files.map((f) => f.path)).toEqual(expect.arrayContaining([...PROJECT_FILES]));
  });

  it('sanitises the name it puts in the file name', async () => {
    const d = presetDesign('ring8-2d');
    d.name = '../../evil"\r\nSet-Cookie: a=1; x.zip';
    const res = await post(JSON.stringify(d));
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="evil-set-cookie-a-1-x-zip.zip"; filename*=UTF-8''evil-set-cookie-a-1-x-zip.zip`);
    expect(Object.keys(unzipSync(new Uint8Array(await res.arrayBuffer()))).every((p) => p.startsWith('evil-set-cookie-a-1-x-zip/'))).toBe(true);
  });

  it.each([
    ['malformed JSON', () => '{"version": 1,', 'E_JSON'],
    ['not a design', () => '[1, 2]', 'E_SCHEMA'],
    ['a schema error', () => JSON.stringify({ ...presetDesign('ring8-2d'), networks: 'x' }), 'E_SCHEMA'],
    [
      'a design with shape errors',
      () => {
        const d = presetDesign('dcgan-mnist');
        d.networks[0]!.nodes.find((n) => n.id === 'project')!.params['units'] = 5;
        return JSON.stringify(d);
      },
      'E_INVALID_DESIGN',
    ],
    ['weights that do not fit', () => JSON.stringify({ design: presetDesign('ring8-2d'), weights: { step: 1, networks: { G: [] , D: [] } } }), 'E_WEIGHTS'],
    ['a body that is not UTF-8', () => new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'E_ENCODING'],
  ])('refuses %s with HTTP 400 and a JSON message', async (_what, body, code) => {
    const res = await post(body());
    expect(res.status).toBe(400);
    const j = (await res.json()) as { error: string; code: string };
    expect(j.code).toBe(code);
    expect(j.error.length).toBeGreaterThan(5);
  });

  it('refuses bodies over 5 MB with HTTP 413: by Content-Length, and by the bytes actually sent', async () => {
    const big = `{"pad":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    const declared = await post('{}', { headers: { 'Content-Length': String(6 * 1024 * 1024) } });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { code: string }).code).toBe('E_TOO_LARGE');
    // A stream has no Content-Length: only counting the bytes can catch it.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        const bytes = new TextEncoder().encode(big);
        for (let i = 0; i < bytes.length; i += 65536) c.enqueue(bytes.subarray(i, i + 65536));
        c.close();
      },
    });
    const streamed = await post(stream);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { code: string }).code).toBe('E_TOO_LARGE');
  });

  it('writes browser weights as the initial checkpoint, in the tfjs format', async () => {
    const design = presetDesign('ring8-2d');
    const report = validateDesign(design);
    const networks: Record<string, { shape: number[]; data: string }[]> = {};
    for (const net of design.networks) {
      const m = buildNetwork(tf, net, report.networks[net.id]!, blocks);
      networks[net.id] = m.getWeights().map((w) => ({ shape: w.shape, data: encodeFloats(Float32Array.from(w.dataSync(), (_, i) => i / 1000)) }));
      m.dispose();
    }
    const res = await post(JSON.stringify({ design, weights: { step: 120, networks } }));
    expect(res.status).toBe(200);
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const root = 'ring-of-8-gaussians-2-d/checkpoints/initial';
    expect(JSON.parse(strFromU8(entries[`${root}/training.json`]!))).toMatchObject({ step: 120, source: 'browser' });
    const modelJson = JSON.parse(strFromU8(entries[`${root}/G/model.json`]!)) as { modelTopology: object; weightsManifest: { paths: string[]; weights: { name: string }[] }[] };
    expect(modelJson.modelTopology).toBeTruthy();
    expect(modelJson.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(modelJson.weightsManifest[0]!.weights.map((w) => w.name)).toEqual(['fc1/kernel', 'fc1/bias', 'fc2/kernel', 'fc2/bias', 'point/kernel', 'point/bias']);
    const bin = entries[`${root}/G/weights.bin`]!;
    expect(new Float32Array(bin.buffer, bin.byteOffset, 3)).toEqual(Float32Array.from([0, 0.001, 0.002]));
  });

  it('takes ?target=typescript explicitly, the same as no target', async () => {
    const res = await post(JSON.stringify(presetDesign('ring8-2d')), { preview: true, target: 'typescript' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PreviewBody;
    expect(body).toMatchObject({ slug: 'ring-of-8-gaussians-2-d', target: 'typescript' });
    expect(body.files.map((f) => f.path)).toEqual(expect.arrayContaining([...PROJECT_FILES]));
  });

  it.each(['tensorflow', 'PyTorch', ''])('refuses the target %j with HTTP 400 E_TARGET, naming the allowed values', async (target) => {
    const res = await post(JSON.stringify(presetDesign('ring8-2d')), { preview: true, target });
    expect(res.status).toBe(400);
    const j = (await res.json()) as { error: string; code: string };
    expect(j.code).toBe('E_TARGET');
    expect(j.error).toMatch(/typescript or pytorch/);
  });
});

describe('POST /api/export?target=pytorch', () => {
  it('with ?preview=1 lists the PyTorch files, and MNIST\'s IDX files as binary for an MNIST design', async () => {
    const res = await post(JSON.stringify(presetDesign('dcgan-mnist')), { preview: true, target: 'pytorch' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PreviewBody;
    expect(body).toMatchObject({ slug: 'dcgan-on-mnist-pytorch', target: 'pytorch' });
    const byPath = new Map(body.files.map((f) => [f.path, f]));
    for (const f of TORCH_PROJECT_FILES) expect([...byPath.keys()], f).toContain(f);
    expect(byPath.get('models.py')!.contents).toMatch(/^class \w+\(nn\.Module\):/m);
    expect(byPath.has('src/models.ts')).toBe(false);
    for (const f of Object.values(MNIST_FILES.train)) {
      expect(byPath.get(`data/mnist/${f}`), f).toEqual({ path: `data/mnist/${f}`, contents: `(binary, ${IDX_BYTES[f].toLocaleString('en')} bytes)`, binary: true });
    }
  });

  it('leaves MNIST out of a design that does not read it', async () => {
    const body = (await (await post(JSON.stringify(presetDesign('ring8-2d')), { preview: true, target: 'pytorch' })).json()) as PreviewBody;
    expect(body.files.map((f) => f.path)).toEqual(expect.arrayContaining([...TORCH_PROJECT_FILES]));
    expect(body.files.some((f) => f.path.startsWith('data/'))).toBe(false);
  });

  it('returns the project as a zip named <slug>-pytorch, under a folder of that name', async () => {
    const started = performance.now();
    const res = await post(JSON.stringify(presetDesign('dcgan-mnist')), { target: 'pytorch' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/zip');
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="dcgan-on-mnist-pytorch.zip"; filename*=UTF-8''dcgan-on-mnist-pytorch.zip`);
    const zip = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('Content-Length'))).toBe(zip.byteLength);
    console.log(`dcgan-mnist PyTorch zip: ${(zip.byteLength / 1024 / 1024).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms`);
    const entries = unzipSync(zip);
    expect(Object.keys(entries).every((p) => p.startsWith('dcgan-on-mnist-pytorch/'))).toBe(true);
    for (const f of TORCH_PROJECT_FILES) expect(Object.keys(entries), f).toContain(`dcgan-on-mnist-pytorch/${f}`);
    expect(strFromU8(entries['dcgan-on-mnist-pytorch/train.py']!)).toContain('DistributedDataParallel');
    for (const f of Object.values(MNIST_FILES.train)) expect(entries[`dcgan-on-mnist-pytorch/data/mnist/${f}`]?.byteLength, f).toBe(IDX_BYTES[f]);
  }, 120_000);

  it('passes the weights of a browser snapshot to the project (weights/initial.json and .bin)', async () => {
    const design = presetDesign('ring8-2d');
    const report = validateDesign(design);
    const trainer = Trainer.create(tf, design, report, { images: {}, seed: 1, batchSize: 8, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
    await trainer.trainStep();
    const snap = await trainer.snapshot();
    trainer.dispose();
    // The payload exactly as the export dialog sends it (components/export/api.ts).
    const res = await post(JSON.stringify({ design, weights: weightsPayload(snap) }), { preview: true, target: 'pytorch' });
    expect(res.status).toBe(200);
    const files = new Map(((await res.json()) as PreviewBody).files.map((f) => [f.path, f]));
    const index = JSON.parse(files.get('weights/initial.json')!.contents) as { step: number; networks: Record<string, { key: string; shape: number[] }[]> };
    expect(index.step).toBe(1);
    expect(Object.keys(index.networks).sort()).toEqual(['D', 'G']);
    const count = Object.values(snap.weights).flat().reduce((a, w) => a + w.length, 0);
    expect(files.get('weights/initial.bin')).toMatchObject({ binary: true, contents: `(binary, ${(count * 4).toLocaleString('en')} bytes)` });
    // The TypeScript project's initial checkpoint is not the PyTorch project's.
    expect([...files.keys()].some((p) => p.startsWith('checkpoints/'))).toBe(false);
  });

  it.each([
    ['weights that do not fit', () => JSON.stringify({ design: presetDesign('ring8-2d'), weights: { step: 1, networks: { G: [], D: [] } } }), 'E_WEIGHTS'],
    [
      'a layer the PyTorch export cannot write yet (a Dense across the channels of feature maps)',
      () => {
        const d = presetDesign('dcgan-mnist');
        const D = d.networks.find((n) => n.id === 'D')!;
        D.nodes.push({ id: 'mix', type: 'dense', params: { units: 16 }, position: { x: 0, y: 0 } });
        const e = D.edges.find((x) => x.source === 'lrelu0')!;
        D.edges.push({ id: 'mix-in', source: 'lrelu0', sourceHandle: e.sourceHandle, target: 'mix', targetHandle: 'in' });
        Object.assign(e, { source: 'mix', sourceHandle: 'out' });
        expect(validateDesign(d).ok).toBe(true);
        return JSON.stringify(d);
      },
      'E_CODEGEN',
    ],
  ])('refuses %s with HTTP 400 and a JSON message', async (_what, body, code) => {
    const res = await post(body(), { target: 'pytorch' });
    expect(res.status).toBe(400);
    const j = (await res.json()) as { error: string; code: string };
    expect(j.code).toBe(code);
    expect(j.error.length).toBeGreaterThan(5);
  });
});
