import { describe, expect, it } from 'vitest';
import { PRESETS, getPreset } from '../../../lib/presets';
import { parseDesignText } from '../../../lib/graph/parse';
import { check } from './helpers';

const IDS = [
  'gan-mlp-mnist',
  'dcgan-mnist',
  'dcgan-seed-tf',
  'dcgan-seed-pytorch',
  'cgan-mnist',
  'wgan-clip-mnist',
  'wgan-gp-mnist',
  'lsgan-mnist',
  'sngan-hinge-mnist',
  'aae-mnist',
  'cyclegan-mnist',
  'srgan-mnist',
  'pix2pix-mnist',
  'stylegan-lite-mnist',
  'dcgan-shapes',
  'ring8-2d',
  'grid25-2d',
  'grid25-pacgan-2d',
];

describe('presets', () => {
  it('are exactly the GAN family the product promises', () => {
    expect(PRESETS.map((p) => p.id).sort()).toEqual([...IDS].sort());
  });

  it.each(IDS)('%s validates with no errors and no warnings', (id) => {
    const v = check(getPreset(id)!.design);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it.each(IDS)('%s carries a paragraph and its paper, and round-trips through JSON', (id) => {
    const p = getPreset(id)!;
    expect(p.description.length).toBeGreaterThan(150);
    expect(p.paper.title.length).toBeGreaterThan(5);
    expect(p.design.description).toBe(p.description);
    const parsed = parseDesignText(JSON.stringify(p.design));
    expect(parsed.ok && parsed.design).toEqual(p.design);
  });
});

describe('reference MNIST models, layer for layer', () => {
  // Keras's DCGAN tutorial prints these totals for make_generator_model / make_discriminator_model.
  it('seed TF matches the Keras tutorial parameter counts', () => {
    const v = check(getPreset('dcgan-seed-tf')!.design);
    expect(v.report?.networks['G']?.count).toEqual({ trainable: 2_305_472, nonTrainable: 25_472 });
    expect(v.report?.networks['D']?.count).toEqual({ trainable: 212_865, nonTrainable: 0 });
  });

  it('seed PyTorch counts parameters as torch does, with BN running stats as non-trainable buffers', () => {
    const v = check(getPreset('dcgan-seed-pytorch')!.design);
    // torch: Linear 100·12544 + 12544; BN1d 2·12544; ConvT 256·128·16 + 128; BN 2·128; ConvT 128·64·16 + 64;
    // BN 2·64; Conv 64·49 + 1  → sum(p.numel() for p in G.parameters()).
    const g = 100 * 12544 + 12544 + 2 * 12544 + 256 * 128 * 16 + 128 + 2 * 128 + 128 * 64 * 16 + 64 + 2 * 64 + 64 * 49 + 1;
    const d = 16 * 64 + 64 + 64 * 128 * 16 + 128 + 6272 + 1;
    expect(v.report?.networks['G']?.count.trainable).toBe(g);
    expect(v.report?.networks['G']?.count.nonTrainable).toBe(2 * (12544 + 128 + 64));
    expect(v.report?.networks['D']?.count.trainable).toBe(d);
  });
});
