import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { packingOf } from '../../../lib/blocks/layers/pack';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';

/**
 * PacGAN packing changes D's batch ([B, d] → [B/m, m·d]). What reads D's batch must still work: validation names the
 * batch sizes that fit, training reports finite D(x) / D(G(z)), a gradient penalty (interpolated sample by sample)
 * trains, and the decision surface scores every grid point.
 */
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const pacgan = (): Design => structuredClone(getPreset('grid25-pacgan-2d')!.design);

function withBatch(d: Design, batchSize: number): Design {
  return { ...d, training: { ...d.training, settings: { ...d.training.settings, batchSize } } };
}

function withGradientPenalty(d: Design): Design {
  const t = d.training;
  return {
    ...d,
    training: {
      ...t,
      nodes: [...t.nodes, { id: 'gp', type: 'gradientPenalty', params: { weight: 1 }, position: { x: 0, y: 640 } }],
      edges: [
        ...t.edges,
        { id: 'gp-real', source: 'D_real', sourceHandle: 'out', target: 'gp', targetHandle: 'real' },
        { id: 'gp-fake', source: 'D_fake', sourceHandle: 'out', target: 'gp', targetHandle: 'fake' },
      ],
    },
  };
}

function trainer(d: Design, batchSize: number): Trainer {
  const report = validateDesign(d);
  expect(report.problems).toEqual([]);
  return Trainer.create(tf, d, report, { images: {}, seed: 1, batchSize, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
}

describe('PacGAN packing', () => {
  it('the preset packs D in twos and G not at all', () => {
    const d = pacgan();
    expect(packingOf(d.networks.find((n) => n.id === 'D')!)).toBe(2);
    expect(packingOf(d.networks.find((n) => n.id === 'G')!)).toBe(1);
  });

  it('refuses a batch that does not split into packs, naming the sizes that do', () => {
    const report = validateDesign(withBatch(pacgan(), 255));
    const p = report.problems.filter((x) => x.code === 'E_PACK_BATCH');
    expect(p).toHaveLength(1);
    expect(p[0]!.message).toContain('batch size is 255, which is not a multiple of 2');
    expect(p[0]!.message).toContain('254 or 256');
    expect(p[0]!.where.network).toBe('D');
    expect(validateDesign(withBatch(pacgan(), 254)).problems.filter((x) => x.code === 'E_PACK_BATCH')).toEqual([]);
  });

  it('trains with finite losses and D(x), D(G(z)) over packs, and its surface scores every point', async () => {
    const t = trainer(pacgan(), 8);
    try {
      const m = await t.trainStep();
      for (const v of Object.values(m.losses)) expect(Number.isFinite(v)).toBe(true);
      expect(Number.isFinite(m.dReal)).toBe(true);
      expect(Number.isFinite(m.dFake)).toBe(true);
      const s = t.surface(6, 5)!;
      expect(s.shape).toEqual([36]);
      const v = Array.from(s.dataSync());
      s.dispose();
      // The preset's relativistic critic scores raw (no probability scale); every point gets a finite score.
      expect(v.every((x) => Number.isFinite(x))).toBe(true);
      // Not a constant: D tells points apart.
      expect(new Set(v).size).toBeGreaterThan(1);
    } finally {
      t.dispose();
    }
  });

  it('trains under a gradient penalty, whose interpolates are packed like the samples', async () => {
    const t = trainer(withGradientPenalty(pacgan()), 8);
    try {
      const m = await t.trainStep();
      expect(Object.keys(m.losses).some((k) => k.startsWith('gp'))).toBe(true);
      for (const v of Object.values(m.losses)) expect(Number.isFinite(v)).toBe(true);
    } finally {
      t.dispose();
    }
  });
});
