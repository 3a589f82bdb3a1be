import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { mulberry32 } from '../../../lib/rng';
import { ROOT } from './helpers';

/**
 * The optimizer blocks' PyTorch functions update a weight as their tfjs optimizers do (three steps from the same
 * gradients, so the moment estimates count), and weight clipping clips the same values.
 */

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('optimizers and constraints in PyTorch', () => {
  it.skipIf(!hasTorch)(`step as tfjs's do, and clip as tfjs clips (skipped without ${PYTHON} and torch)`, () => {
    const rng = mulberry32(9);
    const vec = () => Array.from({ length: 6 }, () => rng.normal());
    const start = vec();
    const grads = [vec(), vec(), vec()];
    const cases = [
      { type: 'adam', params: { network: 'D', learningRate: 0.01, beta1: 0.5, beta2: 0.9 }, tolerance: 1e-6 },
      { type: 'sgd', params: { network: 'D', learningRate: 0.1, momentum: 0.9 }, tolerance: 1e-6 },
      { type: 'sgd', params: { network: 'D', learningRate: 0.1 }, tolerance: 1e-6 },
      { type: 'rmsprop', params: { network: 'D', learningRate: 0.01, momentum: 0.5 }, tolerance: 1e-6 },
      { type: 'rmsprop', params: { network: 'D', learningRate: 0.01 }, tolerance: 1e-6 },
    ].map((c) => {
      const block = blocks.get(c.type)!;
      const p = block.params.parse(c.params);
      const v = tf.variable(tf.tensor1d(start));
      const opt = block.optimizer!.create(tf, p);
      for (const g of grads) opt.applyGradients({ [v.name]: tf.tensor1d(g) });
      return { kind: 'optimizer', fn: block.optimizer!.torch!.name, params: p, start, grads, expected: Array.from(v.dataSync()), tolerance: c.tolerance, what: `${c.type} ${JSON.stringify(c.params)}` };
    });
    const clip = blocks.get('weightClip')!;
    const wide = start.map((x) => 0.05 * x);
    const v = tf.variable(tf.tensor1d(wide));
    clip.constraint!.apply(tf, { clip: 0.02 }, [v]);
    const all = [...cases, { kind: 'constraint', fn: clip.constraint!.torch!.name, params: { clip: 0.02 }, start: wide, grads: [], expected: Array.from(v.dataSync()), tolerance: 0, what: 'weightClip' }];
    const sources = [...new Set(blocks.all().flatMap((b) => [b.optimizer?.torch, b.constraint?.torch].flatMap((t) => (t ? [t.source] : []))))];
    const r = spawnSync(PYTHON, [join(ROOT, 'tests/unit/codegen/python/optimizers.py')], { input: JSON.stringify({ sources, cases: all }), encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as number[][];
    all.forEach((c, i) => got[i]!.forEach((x, j) => expect(Math.abs(x - c.expected[j]!), `${c.what} [${j}]: torch ${x}, tfjs ${c.expected[j]}`).toBeLessThanOrEqual(c.tolerance + 1e-7)));
    expect(Math.max(...got.at(-1)!.map(Math.abs))).toBeCloseTo(0.02, 6);
  });

  it('every optimizer and constraint has a PyTorch function', () => {
    for (const b of blocks.all()) {
      if (b.optimizer) expect(b.optimizer.torch?.source, b.type).toMatch(new RegExp(`^def ${b.optimizer.torch!.name}\\(p, parameters\\)`, 'm'));
      if (b.constraint) expect(b.constraint.torch?.source, b.type).toMatch(new RegExp(`^def ${b.constraint.torch!.name}\\(p, module\\)`));
    }
  });
});
