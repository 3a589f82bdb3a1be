import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { BlockRegistry } from '../../../lib/blocks/registry';
import type { Design } from '../../../lib/graph/schema';
import { emitTorchModels, permuteValues, TorchExportError } from '../../../lib/codegen/python/emit-models';
import { buildNetwork } from '../../../lib/compile/build-network';
import { packingOf } from '../../../lib/blocks/layers/pack';
import { PRESETS } from '../../../lib/presets';
import { mulberry32 } from '../../../lib/rng';
import { withRandom } from '../../../lib/train/random';
import { validateDesign } from '../../../lib/validate';
import { LAYER_VARIANTS, presetDesign, ROOT } from './helpers';

/**
 * The networks cross to PyTorch exactly: for each preset whose layers all have a PyTorch form, tfjs builds every
 * network, random weights (positive variances) go into it, and GAN Studio's models.py, given the same weights through
 * the block-declared layout and the same inputs, must compute the same outputs in inference mode. Runs where Debian's
 * python3-torch is installed (`.ci/run` installs it); elsewhere the test says it is skipped and why.
 */

const PYTHON = '/usr/bin/python3';
const torchCheck = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
const hasTorch = torchCheck.status === 0;
const BATCH = 3;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('PyTorch models', () => {
  it('permutes tfjs weight layouts into PyTorch ones', () => {
    // A [2, 3] kernel transposed; a [1, 1, 2, 3] conv kernel [kh, kw, in, out] → [out, in, kh, kw].
    expect(permuteValues(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [1, 0])).toEqual({ values: Float32Array.from([1, 4, 2, 5, 3, 6]), shape: [3, 2] });
    expect(permuteValues(Float32Array.from([1, 2, 3, 4, 5, 6]), [1, 1, 2, 3], [3, 2, 0, 1]).values).toEqual(Float32Array.from([1, 4, 2, 5, 3, 6]));
  });

  it('every layer block has a PyTorch form, and a block without one is refused with a message that names it', () => {
    expect(blocks.all().filter((b) => b.level === 'network' && b.layer && !b.torch).map((b) => b.type)).toEqual([]);
    // A registry whose Dropout lost its PyTorch form: the export names the node and its network.
    const registry = new BlockRegistry(blocks.all().map((b) => (b.type === 'dropout' ? { ...b, torch: undefined } : b)));
    const d = presetDesign('cgan-mnist');
    const report = validateDesign(d, registry);
    expect(report.ok).toBe(true);
    expect(() => emitTorchModels(d, report, registry)).toThrow(TorchExportError);
    expect(() => emitTorchModels(d, report, registry)).toThrow(/Dropout "drop2" in "D" has no PyTorch form yet/);
  });

  const exportable = PRESETS.map((p) => p.id).filter((id) => {
    const d = presetDesign(id);
    try {
      emitTorchModels(d, validateDesign(d), blocks);
      return true;
    } catch (e) {
      if (e instanceof TorchExportError) return false;
      throw e;
    }
  });

  it('covers the presets built from standard layers', () => {
    expect(exportable).toEqual(expect.arrayContaining(['gan-mlp-mnist', 'dcgan-mnist', 'dcgan-seed-tf', 'dcgan-seed-pytorch', 'wgan-gp-mnist', 'lsgan-mnist', 'sngan-hinge-mnist', 'stylegan-lite-mnist', 'ring8-2d', 'cyclegan-mnist']));
  });

  it.skipIf(!hasTorch).each(exportable)(`%s: models.py computes what tfjs computes, from the converted weights (skipped without ${PYTHON} and torch)`, (id) => {
    forwardAgrees(id, presetDesign(id));
  }, 120_000);

  it.skipIf(!hasTorch).each(Object.keys(LAYER_VARIANTS))(`%s: models.py computes what tfjs computes (skipped without ${PYTHON} and torch)`, (id) => {
    forwardAgrees(id, LAYER_VARIANTS[id]!());
  }, 120_000);
});

/** Builds every network of `design` in tfjs with random weights, runs them and models.py on the same inputs, compares. */
function forwardAgrees(id: string, design: Design): void {
    const report = validateDesign(design);
    const models = emitTorchModels(design, report, blocks);
    const dir = mkdtempSync(join(tmpdir(), `gan-torch-${id}-`));
    dirs.push(dir);
    const chunks: Float32Array[] = [];
    let offset = 0;
    const put = (values: Float32Array, shape: readonly number[]) => {
      chunks.push(values);
      const entry = { offset, shape: [...shape] };
      offset += values.byteLength;
      return entry;
    };
    const rng = mulberry32(11);
    const networks = design.networks.map((net) => {
      const model = withRandom(rng, () => buildNetwork(tf, net, report.networks[net.id]!, blocks));
      // Random weights, different from any initialiser, scaled by 1/√fan-in as initialisers are (so activations stay
      // well conditioned in float32); variances (moving_variance) positive.
      const values = model.weights.map((w) => {
        const shape = w.shape as number[];
        const size = shape.reduce((a, b) => a * b, 1);
        const std = shape.length > 1 ? 1 / Math.sqrt(size / shape.at(-1)!) : 0.3;
        return { shape, data: Float32Array.from({ length: size }, () => (w.name.includes('moving_variance') ? 0.5 + Math.abs(rng.normal()) : std * rng.normal())) };
      });
      // Noise injection draws fresh noise in inference too, differently in each framework: its weights are zeroed here
      // (its arithmetic is checked by the training runs; torch-project.test.ts).
      model.weights.forEach((w, i) => {
        if (model.layers.some((l) => l.getClassName() === 'GanStudio>NoiseInjection' && l.weights.includes(w))) values[i]!.data.fill(0);
      });
      const ts = values.map((v) => tf.tensor(v.data, v.shape));
      model.setWeights(ts);
      const layout = models.layout.get(net.id)!;
      expect(layout.length, `${net.id}: one state_dict entry per tfjs weight`).toBe(values.length);
      const weights = values.map((v, i) => {
        const p = permuteValues(v.data, v.shape, layout[i]!.permute);
        return { key: layout[i]!.key, ...put(p.values, p.shape) };
      });
      const inputNodes = net.nodes.filter((n) => n.type === 'input');
      const inputs = inputNodes.map((n) => {
        // A packing network (PacGAN) needs whole packs: BATCH of them.
        const shape = [BATCH * packingOf(net), ...(report.networks[net.id]!.nodes[n.id]!.outputs['out']!.slice(1) as number[])];
        // An input read by an Embedding holds class indices.
        const table = net.edges.filter((e) => e.source === n.id).map((e) => net.nodes.find((x) => x.id === e.target)!).find((x) => x.type === 'embedding');
        const classes = table ? Number(table.params['inputDim']) : 0;
        return { shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (classes ? Math.floor(rng.next() * classes) : rng.normal())) };
      });
      const xs = inputs.map((x) => tf.tensor(x.data, x.shape));
      const out = model.predict(xs.length === 1 ? xs[0]! : xs);
      const outs = (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, data: t.dataSync() as Float32Array }));
      tf.dispose([...ts, ...xs, ...(Array.isArray(out) ? out : [out])]);
      model.dispose();
      return {
        id: net.id,
        class: models.classes.get(net.id)!,
        weights,
        // Channels-last images go to PyTorch channels-first.
        inputs: inputs.map((x) => (x.shape.length === 4 ? put(permuteValues(x.data, x.shape, [0, 3, 1, 2]).values, [x.shape[0]!, x.shape[3]!, x.shape[1]!, x.shape[2]!]) : put(x.data, x.shape))),
        outputs: outs.map((o) => put(o.data, o.shape)),
      };
    });
    writeFileSync(join(dir, 'models.py'), models.code);
    writeFileSync(join(dir, 'case.json'), JSON.stringify({ networks }));
    writeFileSync(join(dir, 'case.bin'), Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
    const r = spawnSync(PYTHON, [join(ROOT, 'tests/unit/codegen/python/forward.py'), dir], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, { maxRelDiff: number; missing: string[]; unexpected: string[] }>;
    console.log(`torch forward ${id}: ${Object.entries(result).map(([n, x]) => `${n} max |Δ| / max |y| ${x.maxRelDiff.toExponential(1)}`).join(', ')}`);
    for (const [net, x] of Object.entries(result)) {
      expect(x.missing, `${net}: PyTorch weights GAN Studio did not provide`).toEqual([]);
      expect(x.unexpected, `${net}: GAN Studio weights PyTorch does not have`).toEqual([]);
      expect(x.maxRelDiff, net).toBeLessThan(1e-4);
    }
}
