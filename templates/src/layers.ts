import * as tf from '@tensorflow/tfjs';
import { customLayers, type CustomLayers } from './lib/compile/layers/index.js';

/**
 * GAN Studio's own layers, for what tf.layers lacks: dropout and Gaussian noise whose draws a recorded run keeps, instance
 * normalisation, minibatch standard deviation, PacGAN packing, sub-pixel up-sampling, AdaIN, a learned constant, noise injection and spectrally normalised
 * dense / conv layers. The classes are the ones the
 * browser trains with (src/lib/compile/layers/, copied from GAN Studio at export), registered under the same names
 * ("GanStudio>…"), so a model saved here or there loads in either. Importing this file registers them.
 */
const classes = customLayers(tf);

type Args<K extends keyof CustomLayers> = ConstructorParameters<CustomLayers[K]>[0];

// Factories in the style of tf.layers, so models.ts reads the same for built-in and custom layers.
export const instanceNormalization = (args: Args<'instanceNormalization'>) => new classes.instanceNormalization(args);
export const adaIN = (args: Args<'adaIN'>) => new classes.adaIN(args);
export const dropout = (args: Args<'dropout'>) => new classes.dropout(args);
export const gaussianNoise = (args: Args<'gaussianNoise'>) => new classes.gaussianNoise(args);
export const learnedConstant = (args: Args<'learnedConstant'>) => new classes.learnedConstant(args);
export const noiseInjection = (args: Args<'noiseInjection'>) => new classes.noiseInjection(args);
export const minibatchStdDev = (args: Args<'minibatchStdDev'>) => new classes.minibatchStdDev(args);
export const pack = (args: Args<'pack'>) => new classes.pack(args);
export const pixelShuffle = (args: Args<'pixelShuffle'>) => new classes.pixelShuffle(args);
export const spectralDense = (args: Args<'spectralDense'>) => new classes.spectralDense(args);
export const spectralConv2d = (args: Args<'spectralConv2d'>) => new classes.spectralConv2d(args);
export const spectralConv2dTranspose = (args: Args<'spectralConv2dTranspose'>) => new classes.spectralConv2dTranspose(args);
