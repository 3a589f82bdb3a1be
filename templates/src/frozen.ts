import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frozen, FrozenName } from './lib/blocks/types.js';
import { createClassifier, frozenClassifier } from './lib/metrics/classifier/model.js';
import { decodeClassifier } from './lib/metrics/classifier/weights-file.js';

/** The MNIST classifier GAN Studio trained (99.4 % test accuracy), as the app's feature loss and `npm run eval` read it. */
const CLASSIFIER_DIR = join(import.meta.dirname, '..', 'eval', 'mnist-classifier');

/**
 * The frozen networks the design's loss terms read (config.ts `frozenNetworks`): the feature loss compares the
 * classifier's activations of G's output and of its target. They are constant tensors — never trained, in no
 * optimizer — kept for the life of the process.
 */
export function loadFrozen(names: readonly FrozenName[]): Frozen {
  if (!names.includes('mnist-classifier')) return {};
  let text: string;
  let bin: Uint8Array;
  try {
    text = readFileSync(join(CLASSIFIER_DIR, 'model.json'), 'utf8');
    bin = new Uint8Array(readFileSync(join(CLASSIFIER_DIR, 'weights.bin')));
  } catch {
    throw new Error(`the feature loss trains with the MNIST classifier in ${CLASSIFIER_DIR} (model.json, weights.bin), which is missing; export the project again`);
  }
  const { manifest, weights } = decodeClassifier(text, bin);
  return { 'mnist-classifier': frozenClassifier(tf, createClassifier(tf, weights, manifest)) };
}
