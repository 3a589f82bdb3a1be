import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { datasetSource } from '../../../lib/blocks/sources/dataset';
import type { ImageSet } from '../../../lib/data/image-set';
import { colouredShapes, SHAPE_COLOURS, SHAPE_SETS, shapeSet } from '../../../lib/data/shapes';
import { mulberry32 } from '../../../lib/rng';
import { ROOT } from '../codegen/helpers';

/**
 * The coloured-shapes data set (lib/data/shapes.ts): deterministic, labelled by the shape it shows, in colour, the
 * 64×64 set the 32×32 scenes at twice the resolution, and the exported PyTorch project's port (images.py
 * `coloured_shapes`) drawing the same bytes.
 */

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;

let small: ImageSet;
let large: ImageSet;
beforeAll(async () => {
  await tf.setBackend('cpu');
  small = shapeSet('shapes');
  large = shapeSet('shapes64');
});

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const at = (s: ImageSet, i: number, x: number, y: number, c: number) => s.pixels[((i * s.height + y) * s.width + x) * 3 + c]!;

/** How much of each pixel the shape covers (0..1), read back from the blend of its colour over the grey background. */
function coverage(s: ImageSet, i: number): { frac: Float64Array; fg: readonly number[] } {
  const n = s.width * s.height;
  const px = s.pixels.subarray(i * n * 3, (i + 1) * n * 3);
  const bg = px[0]!;
  // The shape's own colour: the palette entry some pixel shows exactly (every shape covers whole pixels).
  const fg = SHAPE_COLOURS.find((c) => {
    for (let p = 0; p < n; p++) if (px[3 * p] === c[0] && px[3 * p + 1] === c[1] && px[3 * p + 2] === c[2]) return true;
    return false;
  });
  if (!fg) throw new Error(`image ${i} shows no palette colour exactly`);
  const ch = [0, 1, 2].reduce((a, b) => (Math.abs(fg[b]! - bg) > Math.abs(fg[a]! - bg) ? b : a));
  const frac = Float64Array.from({ length: n }, (_, p) => (px[3 * p + ch]! - bg) / (fg[ch]! - bg));
  return { frac, fg };
}

describe('coloured shapes', () => {
  it('draws the same bytes from the same seed and others from another', () => {
    const again = colouredShapes(32, 200);
    expect(sha(again.pixels)).toBe(sha(small.pixels.subarray(0, 200 * 32 * 32 * 3)));
    expect(again.labels).toEqual(small.labels!.subarray(0, 200));
    expect(sha(colouredShapes(32, 200, 7).pixels)).not.toBe(sha(again.pixels));
    expect(small).toMatchObject({ count: SHAPE_SETS.shapes.count, height: 32, width: 32, channels: 3, classNames: ['circle', 'square', 'triangle'] });
    expect(large).toMatchObject({ count: SHAPE_SETS.shapes64.count, height: 64, width: 64, channels: 3 });
  });

  it('labels each image by the shape it shows, about a third each, in the six colours on grey', () => {
    const counts = [0, 0, 0];
    for (const y of small.labels!) counts[y]!++;
    for (const c of counts) expect(c / small.count).toBeGreaterThan(0.3);
    // Covered area over the area of the box the shape spans: a square fills it, a circle π/4 of it, a triangle half.
    const expected = [Math.PI / 4, 1, 0.5];
    const ratios: number[][] = [[], [], []];
    const colours = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const { frac, fg } = coverage(large, i);
      colours.add(fg.join());
      let area = 0;
      let [x0, x1, y0, y1] = [64, -1, 64, -1];
      frac.forEach((f, p) => {
        area += f;
        if (f <= 0) return;
        const [x, y] = [p % 64, Math.floor(p / 64)];
        [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
      });
      // The box of partly covered pixels is about one pixel wider than the shape on each axis.
      ratios[large.labels![i]!]!.push(area / ((x1 - x0) * (y1 - y0)));
      expect(at(large, i, 0, 0, 0) === at(large, i, 0, 0, 1) && at(large, i, 0, 0, 1) === at(large, i, 0, 0, 2)).toBe(true);
    }
    ratios.forEach((r, k) => {
      const mean = r.reduce((a, b) => a + b, 0) / r.length;
      expect(Math.abs(mean - expected[k]!), `class ${k}: mean fill ${mean.toFixed(3)}`).toBeLessThan(0.07);
    });
    expect(colours.size).toBe(SHAPE_COLOURS.length);
  });

  it('the 64×64 set is the first 5,000 scenes of the 32×32 set at twice the resolution', () => {
    expect(large.labels).toEqual(small.labels!.subarray(0, large.count));
    let diff = 0;
    const n = 100;
    for (let i = 0; i < n; i++) {
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          for (let c = 0; c < 3; c++) {
            const box = (at(large, i, 2 * x, 2 * y, c) + at(large, i, 2 * x + 1, 2 * y, c) + at(large, i, 2 * x, 2 * y + 1, c) + at(large, i, 2 * x + 1, 2 * y + 1, c)) / 4;
            diff += Math.abs(box - at(small, i, x, y, c));
          }
        }
      }
    }
    // Only edge pixels differ (anti-aliasing at two resolutions): under 2 levels on average.
    expect(diff / (n * 32 * 32 * 3)).toBeLessThan(2);
  });

  it('is a dataset: [n, 32, 32, 3] in [-1, 1] with shape labels, drawn by GAN Studio itself, and no metric claims it', () => {
    const block = blocks.get('dataset')!;
    const p = block.params.parse({ name: 'shapes', labels: 'one-hot' }) as Parameters<typeof datasetSource>[1];
    expect(block.source!.imageSets!(p)).toEqual([{ name: 'shapes' }]);
    const ref = block.source!.reference!(p);
    expect(ref.kind).toBe('none');
    expect(ref.kind === 'none' && ref.reason).toMatch(/colour/);
    const draw = datasetSource(tf, p, { shapes: small }).sample(16, mulberry32(1));
    expect(draw['x']!.shape).toEqual([16, 32, 32, 3]);
    expect(draw['y']!.shape).toEqual([16, 3]);
    const [lo, hi] = [draw['x']!.min().dataSync()[0]!, draw['x']!.max().dataSync()[0]!];
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(1);
    tf.dispose(Object.values(draw));
    const p64 = block.params.parse({ name: 'shapes64' }) as Parameters<typeof datasetSource>[1];
    expect(block.inferShape!({}, p64, { networks: new Map() })).toMatchObject({ ok: true, outputs: { x: [null, 64, 64, 3] } });
  });

  it.skipIf(!hasTorch)(`the PyTorch project's images.py draws the same bytes (skipped without ${PYTHON} and torch, numpy)`, () => {
    const script = [
      'import hashlib, json, numpy as np',
      'from images import SHAPE_SETS, coloured_shapes',
      'out = {}',
      'for name, (size, count) in SHAPE_SETS.items():',
      '    p, l, k = coloured_shapes(size, count)',
      "    out[name] = [hashlib.sha256(p.numpy().tobytes()).hexdigest(), hashlib.sha256(l.numpy().astype(np.uint8).tobytes()).hexdigest(), list(p.shape), k]",
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-B', '-c', script], { cwd: join(ROOT, 'templates/pytorch'), encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, [string, string, number[], number]>;
    expect(got).toEqual({
      shapes: [sha(small.pixels), sha(small.labels!), [small.count, 32, 32, 3], 3],
      shapes64: [sha(large.pixels), sha(large.labels!), [large.count, 64, 64, 3], 3],
    });
  });
});
