import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistNode } from '../../../cli/node-data';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import { principalLatentDirections } from '../../../lib/explore/latent';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import { PRINCIPAL_FEATURE_LIMIT, PRINCIPAL_MAX_DIRECTIONS, PRINCIPAL_SAMPLES, principalDirections } from '../../../lib/train/explore-principal';
import type { PrincipalResult } from '../../../lib/train/protocol';
import { EvalController } from '../../../lib/train/eval-controller';
import { RunHost } from '../../../lib/train/run-host';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';

/** The explorer's principal directions (lib/train/explore-principal.ts) on real trainers, tfjs's cpu backend. */
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const preset = (id: string): Design => structuredClone(getPreset(id)!.design);
const trainer = (design: Design, images = {}) => Trainer.create(tf, design, validateDesign(design), { images, seed: 5, batchSize: 16, buildNetwork: (x, n, r) => buildNetwork(x, n, r, blocks) });
const ok = (r: PrincipalResult) => {
  if (!r.ok) throw new Error(r.message);
  return r;
};

/** ring8 with G's first dense layer `units` wide (and a narrow second one, to keep the model small). */
function ringWithFirstLayer(units: number): Design {
  const d = preset('ring8-2d');
  const g = d.networks.find((n) => n.id === 'G')!;
  for (const node of g.nodes) {
    if (node.id === 'fc1') node.params = { ...node.params, units };
    if (node.id === 'fc2') node.params = { ...node.params, units: 4 };
  }
  return d;
}

describe('principal latent directions from the worker', () => {
  it('finds G’s first hidden layer from the noise input: ring8’s fc1, and a DCGAN’s projection through batch norm, ReLU and reshape', async () => {
    const ring = trainer(preset('ring8-2d'));
    expect(ring.hiddenLayer(ring.latentSpace()!)).toMatchObject({ call: expect.any(String), network: 'G', layer: { name: 'fc1', features: 256 } });
    ring.dispose();
    const dcgan = trainer(preset('dcgan-mnist'), { mnist: await loadMnistNode('train') });
    expect(dcgan.hiddenLayer(dcgan.latentSpace()!)?.layer).toMatchObject({ name: 'to_7x7', features: 7 * 7 * 128 });
    dcgan.dispose();
  });

  it('agrees with the components computed in plain JS from the same activations, strongest first, with their variance shares', async () => {
    const t = trainer(preset('ring8-2d'));
    await t.trainStep();
    const space = t.latentSpace()!;
    const hidden = t.hiddenLayer(space)!;
    const before = tf.memory().numTensors;
    const got = ok(await principalDirections(tf, t, 3));
    expect(tf.memory().numTensors).toBe(before);
    expect(got).toMatchObject({ step: 1, layer: 'fc1', features: 256, samples: PRINCIPAL_SAMPLES });
    expect(got.directions.length).toBe(3 * 8);
    expect(got.explained).toHaveLength(3);
    expect(got.explained[0]!).toBeGreaterThanOrEqual(got.explained[1]!);
    expect(got.explained[1]!).toBeGreaterThanOrEqual(got.explained[2]!);
    expect(got.explained.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);

    // The same draws' activations, read back, through the tested JS path (which forms the Gram matrix itself).
    const { latent, activations } = t.hiddenActivations(hidden, space, PRINCIPAL_SAMPLES, 4099);
    const want = principalLatentDirections((await latent.data()) as Float32Array, 8, (await activations.data()) as Float32Array, 256, 3);
    tf.dispose([latent, activations]);
    want.forEach((w, i) => {
      const d = got.directions.subarray(i * 8, (i + 1) * 8);
      expect(Math.hypot(...d)).toBeCloseTo(1, 4);
      // Up to sign: an eigenvector's sign is arbitrary.
      expect(Math.abs(d.reduce((s, x, j) => s + x * w.direction[j]!, 0))).toBeGreaterThan(0.999);
      expect(got.explained[i]!).toBeCloseTo(w.explained, 4);
    });
    // Asked again at the same step: the same directions (the draws are seeded).
    expect(Array.from(ok(await principalDirections(tf, t, 3)).directions)).toEqual(Array.from(got.directions));
    t.dispose();
  });

  it('refuses a hidden layer over the budget, naming its size and the limit, without computing anything; and a count out of range', async () => {
    const t = trainer(ringWithFirstLayer(PRINCIPAL_FEATURE_LIMIT + 1));
    t.latentSpace();
    const before = tf.memory().numTensors;
    const r = await principalDirections(tf, t, 3);
    expect(r).toEqual({
      ok: false,
      message: `The generator’s first hidden layer (“fc1”) has 32,769 features per sample; principal directions are computed for at most 32,768 (${PRINCIPAL_SAMPLES} samples of it would not fit the budget). Use random directions.`,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(await principalDirections(tf, t, PRINCIPAL_MAX_DIRECTIONS + 1)).toEqual({ ok: false, message: `${PRINCIPAL_MAX_DIRECTIONS + 1} directions asked for; between 1 and ${PRINCIPAL_MAX_DIRECTIONS} can be computed.` });
    t.dispose();
    // A wider layer within the limit is computed.
    const atLimit = trainer(ringWithFirstLayer(1024));
    expect(ok(await principalDirections(tf, atLimit, 2)).features).toBe(1024);
    atLimit.dispose();
  });

  it('through the worker’s run host: no run, no directions and no nearest images; a loaded ring8 run answers both', async () => {
    const post = () => undefined;
    const evals = new EvalController({ tf, post, loadClassifier: () => Promise.reject(new Error('no classifier in this test')) });
    const build = async (d: Design) => trainer(d);
    const store = { save: async () => undefined, load: async () => undefined, remove: async () => undefined };
    const runs = new RunHost({ tf, post, store, evals, images: () => ({}), build, movedMessage: () => '' });
    const none = { ok: false, message: 'No run is loaded: the design has nothing to train yet.' };
    expect(await runs.principal(3)).toEqual(none);
    expect(await runs.nearest({ latent: new Float32Array(8) })).toEqual(none);
    await runs.serially(() => runs.design('r', preset('ring8-2d')));
    expect(ok(await runs.principal(2))).toMatchObject({ step: 0, layer: 'fc1', features: 256 });
    const near = await runs.nearest({ latent: new Float32Array(8) });
    expect(near.ok ? '' : near.message).toContain('samples are 2-D points, not images');
    runs.trainer?.dispose();
  });
});
