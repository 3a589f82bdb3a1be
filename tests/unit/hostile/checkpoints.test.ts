import { closeSync, mkdtempSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { evalFromArgs } from '../../../cli/commands/eval';
import { trainCommand } from '../../../cli/commands/train';
import { decodeCheckpoint, encodeCheckpoint, readCheckpoint, MAX_CHECKPOINT_BYTES } from '../../../cli/checkpoint-file';
import type { Snapshot } from '../../../lib/train/trainer';
import { nested, preset, renameIds, type HostileCase } from './corpus';

const dir = mkdtempSync(join(tmpdir(), 'gan-hostile-ckpt-'));
const ring = () => preset('ring8-2d');
const snapshot = (g = 'G', d = 'D'): Snapshot => ({ step: 3, weights: { [g]: [Float32Array.of(1, 2)], [d]: [Float32Array.of(3)] }, shapes: { [g]: [[2]], [d]: [[1]] } });

/** A checkpoint file whose header is `header` (JSON) followed by `dataBytes` zero bytes. */
function rawCheckpoint(header: unknown, dataBytes = 0, headLength?: number): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const start = (12 + head.byteLength + 3) & ~3;
  const out = new Uint8Array(start + dataBytes);
  out.set(new TextEncoder().encode('GANSCKPT'));
  new DataView(out.buffer).setUint32(8, headLength ?? head.byteLength, true);
  out.set(head, 12);
  return out;
}
const header = (over: Record<string, unknown>) => ({ format: 'gan-studio/checkpoint', version: 1, step: 0, seed: 0, batchSize: 8, source: 'x', design: ring(), tensors: [], ...over });

/** Writes the bytes to a file and reads it back as `gan eval` does. */
type CkptInput = { file: string };
const file = (name: string, bytes: Uint8Array): CkptInput => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { file: path };
};

const cases: HostileCase<CkptInput>[] = [
  { name: 'a header that claims 4 GB', input: () => file('head4g.ckpt', rawCheckpoint(header({}), 0, 0xffff_fff0)), code: 'E_CKPT_CORRUPT' },
  { name: 'a 4 GiB tensor declared in a 1 KB file', input: () => file('declared.ckpt', rawCheckpoint(header({ tensors: [{ network: 'G', kind: 'weight', shape: [1 << 30] }] }))), code: 'E_CKPT_CORRUPT' },
  { name: 'a tensor of 2^200 values', input: () => file('huge-shape.ckpt', rawCheckpoint(header({ tensors: [{ network: 'G', kind: 'weight', shape: [2 ** 31, 2 ** 31, 2 ** 31, 2 ** 31, 2 ** 31, 2 ** 31, 2 ** 31] }] }))), code: 'E_CKPT_CORRUPT' },
  { name: 'a tensor of a network named constructor that the design lacks', input: () => file('ctor.ckpt', rawCheckpoint(header({ tensors: [{ network: 'constructor', kind: 'weight', shape: [1] }] }), 4)), code: 'E_CKPT_MISMATCH' },
  { name: 'a tensor of a network named __proto__', input: () => file('proto.ckpt', rawCheckpoint(header({ tensors: [{ network: '__proto__', kind: 'ema', shape: [1] }] }), 4)), code: 'E_CKPT_MISMATCH' },
  { name: 'a design nested 1,000 deep in the header', input: () => file('deep.ckpt', rawCheckpoint(header({ design: { ...ring(), description: nested(1000) } }))), code: 'E_CKPT_CORRUPT' },
  { name: '200,000 tensor entries', input: () => file('many.ckpt', rawCheckpoint(header({ tensors: Array.from({ length: 200_000 }, () => ({ network: 'G', kind: 'weight', shape: [] })) }))), code: 'E_CKPT_CORRUPT' },
  {
    name: 'a file over the size limit (sparse, never read)',
    input: () => {
      const path = join(dir, 'sparse.ckpt');
      const fd = openSync(path, 'w');
      ftruncateSync(fd, MAX_CHECKPOINT_BYTES + 1);
      closeSync(fd);
      return { file: path };
    },
    code: 'E_CKPT_FORMAT',
  },
];

describe('hostile checkpoints', () => {
  it.each(cases)('$name → $code', ({ input, code }) => {
    const before = process.memoryUsage().rss;
    expect(() => readCheckpoint(input().file)).toThrow(new RegExp(`^${code}: `));
    // Refused from the header: nothing near the declared sizes is allocated.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('trains, saves and evaluates (gan eval) a design whose networks and nodes are named after Object.prototype', async () => {
    const names = { G: 'constructor', D: 'toString', fc1: 'hasOwnProperty', fc2: 'valueOf', G_call: 'isPrototypeOf', loss: 'toLocaleString', opt_G: 'propertyIsEnumerable' };
    const design = renameIds(ring(), names);
    const path = join(dir, 'prototype-named.gan.json');
    writeFileSync(path, JSON.stringify(design));
    const ckpt = join(dir, 'prototype-named.ckpt');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await trainCommand(path, { steps: 3, backend: 'cpu', json: true, every: 100, save: ckpt })).toBe(0);
      expect(Object.keys(readCheckpoint(ckpt).snapshot.weights).sort()).toEqual(['constructor', 'toString']);
      expect(await evalFromArgs([ckpt, '--json', '--backend', 'cpu'])).toBe(0);
      const out = JSON.parse(String(log.mock.calls.at(-1)?.[0])) as { step: number; metrics: { totalModes: number } };
      expect(out.step).toBe(3);
      expect(out.metrics.totalModes).toBe(8);
    } finally {
      log.mockRestore();
    }
  }, 60_000);

  it('round-trips networks named constructor and toString', () => {
    const design = renameIds(ring(), { G: 'constructor', D: 'toString' });
    const c = decodeCheckpoint(encodeCheckpoint(design, snapshot('constructor', 'toString'), 8, { seed: 1, source: 'x' }));
    expect(Object.keys(c.snapshot.weights).sort()).toEqual(['constructor', 'toString']);
    expect([...c.snapshot.weights['constructor']![0]!]).toEqual([1, 2]);
    expect(c.snapshot.shapes['toString']).toEqual([[1]]);
  });
});
