import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, readCheckpoint, writeCheckpoint, type CheckpointErrorCode } from '../../../cli/checkpoint-file';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import { validateDesign } from '../../../lib/validate';
import { Trainer, type Snapshot } from '../../../lib/train/trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ring = (): Design => structuredClone(getPreset('ring8-2d')!.design);
const trainer = (design: Design, seed: number) =>
  Trainer.create(tf, design, validateDesign(design), { images: {}, seed, batchSize: 8, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });

const snapshot: Snapshot = {
  step: 12,
  weights: { G: [Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(-0.5)], D: [Float32Array.of(Math.PI)] },
  shapes: { G: [[2, 3], [1]], D: [[1, 1]] },
};
const bytes = () => encodeCheckpoint(ring(), snapshot, 64, { seed: 9, source: 'preset:ring8-2d' });

describe('checkpoint file', () => {
  it('round-trips design, step, seed and every weight bit for bit', () => {
    const c = decodeCheckpoint(bytes());
    expect(c.snapshot).toEqual(snapshot);
    expect(c).toMatchObject({ step: 12, seed: 9, batchSize: 64, source: 'preset:ring8-2d', ema: null });
    expect(c.design.name).toBe(ring().name);
    const withEma = decodeCheckpoint(encodeCheckpoint(ring(), { ...snapshot, ema: { G: [Float32Array.of(7, 7, 7, 7, 7, 7), Float32Array.of(8)] } }, 64, { seed: 9, source: 'x' }));
    expect(withEma.ema).toEqual({ G: [Float32Array.of(7, 7, 7, 7, 7, 7), Float32Array.of(8)] });
    expect(withEma.snapshot).toEqual(snapshot);
  });

  it('restores a trainer exactly: a fresh trainer loaded from the file samples what the trained one does', async () => {
    // Without the moving average: Trainer.snapshot() does not carry EMA weights (gan eval switches EMA off for that).
    const design = ring();
    design.training.settings.emaDecay = 0;
    const t = trainer(design, 3);
    for (let i = 0; i < 3; i++) await t.trainStep();
    const path = join(mkdtempSync(join(tmpdir(), 'gan-ckpt-')), 'ring.ckpt');
    await writeCheckpoint(path, design, t, { seed: 3, source: 'preset:ring8-2d' });
    const c = readCheckpoint(path);
    const fresh = trainer(c.design, 4);
    fresh.restore(c.snapshot);
    expect(fresh.step).toBe(3);
    const [a, b] = [t, fresh].map((x) => {
      const samples = x.generate(16, 5);
      const values = samples.dataSync();
      samples.dispose();
      return values;
    });
    expect(b).toEqual(a);
    t.dispose();
    fresh.dispose();
  });

  const damaged: [string, (b: Uint8Array) => Uint8Array, CheckpointErrorCode][] = [
    ['a file without the magic', (b) => b.map((x, i) => (i === 0 ? 0 : x)), 'E_CKPT_FORMAT'],
    ['a truncated header', (b) => b.subarray(0, 40), 'E_CKPT_CORRUPT'],
    ['truncated weights', (b) => b.subarray(0, b.byteLength - 4), 'E_CKPT_CORRUPT'],
    ['a header that is not JSON', (b) => b.map((x, i) => (i === 12 ? 0x7e : x)), 'E_CKPT_CORRUPT'],
    ['another version', (b) => withHeader(b, (h) => ({ ...h, version: 2 })), 'E_CKPT_VERSION'],
    ['a design that does not parse', (b) => withHeader(b, (h) => ({ ...h, design: { version: 1 } })), 'E_CKPT_CORRUPT'],
  ];

  it.each(damaged)('refuses %s with a code', (_name, damage, code) => {
    expect(() => decodeCheckpoint(damage(bytes()))).toThrow(new RegExp(`^${code}: `));
  });

  it('refuses a missing file and a design file with codes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gan-ckpt-'));
    expect(() => readCheckpoint(join(dir, 'nope.ckpt'))).toThrow(/^E_CKPT_READ: /);
    writeFileSync(join(dir, 'd.gan.json'), JSON.stringify(ring()));
    expect(() => readCheckpoint(join(dir, 'd.gan.json'))).toThrow(/^E_CKPT_FORMAT: /);
  });
});

/** Rewrites the JSON header, keeping the weights. */
function withHeader(b: Uint8Array, edit: (h: Record<string, unknown>) => Record<string, unknown>): Uint8Array {
  const view = new DataView(b.buffer, b.byteOffset);
  const n = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(b.subarray(12, 12 + n))) as Record<string, unknown>;
  const head = new TextEncoder().encode(JSON.stringify(edit(header)));
  const data = b.subarray((12 + n + 3) & ~3);
  const start = (12 + head.byteLength + 3) & ~3;
  const out = new Uint8Array(start + data.byteLength);
  out.set(b.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, head.byteLength, true);
  out.set(head, 12);
  out.set(data, start);
  return out;
}
