import { aaeMnist } from './aae-mnist';
import { cganMnist } from './cgan-mnist';
import { cycleganMnist } from './cyclegan-mnist';
import { dcganMnist } from './dcgan-mnist';
import { dcganShapes } from './dcgan-shapes';
import { dcganSeedPytorch } from './dcgan-seed-pytorch';
import { dcganSeedTf } from './dcgan-seed-tf';
import { ganMlpMnist } from './gan-mlp-mnist';
import { lsganMnist } from './lsgan-mnist';
import { pix2pixMnist } from './pix2pix-mnist';
import { snganHingeMnist } from './sngan-hinge-mnist';
import { srganMnist } from './srgan-mnist';
import { styleganLiteMnist } from './stylegan-lite-mnist';
import { grid25, grid25Pacgan, ring8 } from './toy-2d';
import type { Preset } from './types';
import { wganClipMnist } from './wgan-clip-mnist';
import { wganGpMnist } from './wgan-gp-mnist';

/** The GAN family as designs, in the order the gallery shows them. */
export const PRESETS: readonly Preset[] = [
  ganMlpMnist,
  dcganMnist,
  dcganSeedTf,
  dcganSeedPytorch,
  cganMnist,
  wganClipMnist,
  wganGpMnist,
  lsganMnist,
  snganHingeMnist,
  aaeMnist,
  cycleganMnist,
  srganMnist,
  pix2pixMnist,
  styleganLiteMnist,
  dcganShapes,
  ring8,
  grid25,
  grid25Pacgan,
];

/** The design a new user sees first: small enough to train in seconds in any browser. */
export const DEFAULT_PRESET_ID = 'ring8-2d';

export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

export type { Preset } from './types';
