import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importWeightsCommand } from '../../../cli/commands/import-weights';
import { readCheckpoint } from '../../../cli/checkpoint-file';
import { blocks } from '../../../lib/blocks';
import { encodeFloats, zWeightsPayload, type WeightsPayload } from '../../../lib/codegen/initial-checkpoint';
import { buildNetwork } from '../../../lib/compile/build-network';
import { getPreset } from '../../../lib/presets';
import { Trainer, type Snapshot } from '../../../lib/train/trainer';
import {
  checkWeights,
  checkWeightsSize,
  MAX_WEIGHTS_BYTES_BROWSER,
  MAX_WEIGHTS_BYTES_CLI,
  WeightsImportError,
  type WeightShapes,
} from '../../../lib/train/weights-import';
import { validateDesign } from '../../../lib/validate';

let snap: Snapshot;
let payload: WeightsPayload;

/** A real run of the default design: ring8-2d trained one step, as export_weights.py would write it. */
beforeAll(async () => {
  await tf.setBackend('cpu');
  const design = structuredClone(getPreset('ring8-2d')!.design);
  const t = Trainer.create(tf, design, validateDesign(design), { images: {}, seed: 1, batchSize: 8, buildNetwork: (x, n, r) => buildNetwork(x, n, r, blocks) });
  await t.trainStep();
  snap = await t.snapshot();
  t.dispose();
  const encode = (ws: Float32Array[], id: string) => ws.map((w, i) => ({ shape: snap.shapes[id]![i]!, data: encodeFloats(w) }));
  payload = {
    step: 1,
    networks: Object.fromEntries(Object.entries(snap.weights).map(([id, ws]) => [id, encode(ws, id)])),
    ema: { G: encode(snap.weights['G']!, 'G') },
  };
});

const edit = (f: (p: WeightsPayload) => void): WeightsPayload => {
  const p = structuredClone(payload);
  f(p);
  return p;
};

describe('checkWeights', () => {
  it('turns a file that fits into a snapshot with the same values, moving averages included', () => {
    const got = checkWeights(payload, snap.shapes);
    expect(got.step).toBe(1);
    expect(got.shapes).toEqual(snap.shapes);
    expect(Object.keys(got.weights).sort()).toEqual(Object.keys(snap.weights).sort());
    for (const [id, ws] of Object.entries(snap.weights)) ws.forEach((w, i) => expect(got.weights[id]![i]).toEqual(w));
    expect(Object.keys(got.ema)).toEqual(['G']);
    // Each tensor in a buffer of its own, so the page can transfer them to the worker.
    const buffers = Object.values(got.weights).flat().map((a) => a.buffer);
    expect(new Set(buffers).size).toBe(buffers.length);
  });

  it('accepts a file written by export_weights.py after the zod boundary parse', () => {
    expect(checkWeights(zWeightsPayload.parse(JSON.parse(JSON.stringify(payload))), snap.shapes).step).toBe(1);
  });

  const refused: [string, () => [WeightsPayload, WeightShapes?], RegExp][] = [
    ['a missing network', () => [edit((p) => delete p.networks['D'])], /^the weights have nothing for the network "D"$/],
    ['an unknown network', () => [edit((p) => (p.networks['E'] = []))], /^the weights name the network "E", which the design does not have$/],
    ['an unknown moving average', () => [edit((p) => (p.ema = { E: [] }))], /the network "E", which the design does not have/],
    ['one tensor too few', () => [edit((p) => p.networks['G']!.pop())], /^network "G" has \d+ tensors; the design's has \d+$/],
    [
      'a transposed kernel',
      () => [edit((p) => (p.networks['G']![0]!.shape = [...p.networks['G']![0]!.shape].reverse()))],
      /^network "G": tensor 0 is \[256, 8\]; the design's is \[8, 256\]$/,
    ],
    [
      "another design's shapes",
      () => [payload, { ...snap.shapes, D: snap.shapes['D']!.map((s, i) => (i === 2 ? s.map((d) => d * 2) : s)) }],
      /^network "D": tensor 2 is \[[\d, ]+\]; the design's is \[[\d, ]+\]$/,
    ],
    ['a short tensor', () => [edit((p) => (p.networks['D']![1]!.data = encodeFloats(new Float32Array(1))))], /^network "D": tensor 1: 4 bytes of weights for \d+ float32 values$/],
    ['a moving average of the wrong shape', () => [edit((p) => p.ema!['G']!.pop())], /^the moving average of "G" has \d+ tensors/],
  ];
  it.each(refused)('refuses %s, naming what does not fit', (_name, make, message) => {
    const [p, shapes] = make();
    expect(() => checkWeights(p, shapes ?? snap.shapes)).toThrow(WeightsImportError);
    expect(() => checkWeights(p, shapes ?? snap.shapes)).toThrow(message);
  });
});

describe('checkWeightsSize', () => {
  it('passes a file at the limit and refuses one over it, naming both sizes', () => {
    expect(() => checkWeightsSize(MAX_WEIGHTS_BYTES_BROWSER, MAX_WEIGHTS_BYTES_BROWSER)).not.toThrow();
    expect(() => checkWeightsSize(300 * 2 ** 20, MAX_WEIGHTS_BYTES_BROWSER)).toThrow('the file is 300 MB; a weights file may be at most 256 MB');
    expect(() => checkWeightsSize(700 * 2 ** 20, MAX_WEIGHTS_BYTES_CLI)).toThrow('the file is 700 MB; a weights file may be at most 600 MB');
  });
});

describe('gan import-weights', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-weights-'));
  const write = (name: string, p: WeightsPayload) => {
    const f = join(dir, name);
    writeFileSync(f, JSON.stringify(p));
    return f;
  };

  it('writes the checkpoint the app would store, with the moving average', async () => {
    const out = join(dir, 'ok.ckpt');
    expect(await importWeightsCommand(write('ok.json', payload), 'preset:ring8-2d', out, true)).toBe(0);
    const c = readCheckpoint(out);
    expect(c.step).toBe(1);
    expect(c.snapshot.shapes).toEqual(snap.shapes);
    expect(Object.keys(c.ema ?? {})).toEqual(['G']);
  });

  it('refuses with the message the app shows, prefixed by the file', async () => {
    const bad = edit((p) => (p.networks['G']![0]!.shape = [...p.networks['G']![0]!.shape].reverse()));
    const f = write('bad.json', bad);
    const app = (() => {
      try {
        checkWeights(bad, snap.shapes);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    await expect(importWeightsCommand(f, 'preset:ring8-2d', join(dir, 'bad.ckpt'), true)).rejects.toThrow(`${f}: ${app}`);
  });
});
