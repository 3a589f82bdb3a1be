import type { Layer, Tf } from '../tf';
import { defineAdaIn } from './ada-in';
import { defineDropout } from './dropout';
import { defineGaussianNoise } from './gaussian-noise';
import { defineInstanceNormalization } from './instance-normalization';
import { defineLearnedConstant } from './learned-constant';
import { defineMinibatchStdDev } from './minibatch-std-dev';
import { defineNoiseInjection } from './noise-injection';
import { definePack } from './pack';
import { definePixelShuffle } from './pixel-shuffle';
import { defineSpectralConv2d } from './spectral-conv2d';
import { defineSpectralConv2dTranspose } from './spectral-conv2d-transpose';
import { defineSpectralDense } from './spectral-dense';

/** Keyed on the `factory` names that blocks put in their LayerSpec (lib/blocks/layers/*.ts `layer()`). */
const DEFINE = {
  instanceNormalization: defineInstanceNormalization,
  minibatchStdDev: defineMinibatchStdDev,
  adaIN: defineAdaIn,
  dropout: defineDropout,
  gaussianNoise: defineGaussianNoise,
  learnedConstant: defineLearnedConstant,
  noiseInjection: defineNoiseInjection,
  pack: definePack,
  pixelShuffle: definePixelShuffle,
  spectralDense: defineSpectralDense,
  spectralConv2d: defineSpectralConv2d,
  spectralConv2dTranspose: defineSpectralConv2dTranspose,
} as const;

export type CustomFactory = keyof typeof DEFINE;
/** GAN Studio's custom layer classes for one tfjs instance. */
export type CustomLayers = { [K in CustomFactory]: ReturnType<(typeof DEFINE)[K]> };
export const CUSTOM_FACTORIES = Object.keys(DEFINE) as CustomFactory[];
type AnyLayerClass = { new (args: never): Layer; className: string };

const defined = new WeakMap<Tf, CustomLayers>();

/**
 * The custom layers for one tfjs instance, defined on first use (they subclass that instance's tf.layers.Layer) and
 * registered with tf.serialization.registerClass, so a saved model names them by their static className
 * ("GanStudio>…") and tf.loadLayersModel finds them again.
 */
export function customLayers(tf: Tf): CustomLayers {
  const known = defined.get(tf);
  if (known) return known;
  const classes = Object.fromEntries(CUSTOM_FACTORIES.map((f) => [f, DEFINE[f](tf)])) as CustomLayers;
  for (const cls of Object.values(classes) as AnyLayerClass[]) tf.serialization.registerClass(cls as unknown as Parameters<Tf['serialization']['registerClass']>[0]);
  defined.set(tf, classes);
  return classes;
}

export function isCustomFactory(name: string): name is CustomFactory {
  return Object.hasOwn(DEFINE, name);
}
