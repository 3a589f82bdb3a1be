import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tfType from '@tensorflow/tfjs';
import { ClassifierError, createClassifier, decodeClassifier, type MnistClassifier } from '../lib/metrics/classifier';

/** The committed classifier (scripts/train-classifier.ts writes it). */
export const CLASSIFIER_DIR = join(dirname(fileURLToPath(import.meta.url)), '../assets/mnist-classifier');

/** Loads assets/mnist-classifier (or --classifier DIR): model.json + weights.bin. */
export function loadClassifier(tf: typeof tfType, dir = CLASSIFIER_DIR): MnistClassifier {
  let text: string;
  let bin: Uint8Array;
  try {
    text = readFileSync(join(dir, 'model.json'), 'utf8');
    bin = new Uint8Array(readFileSync(join(dir, 'weights.bin')));
  } catch {
    throw new ClassifierError('E_CLASSIFIER_FORMAT', `cannot read ${dir}/model.json and weights.bin. Run \`npx tsx scripts/train-classifier.ts\` to make them.`);
  }
  const decoded = decodeClassifier(text, bin);
  return createClassifier(tf, decoded.weights, decoded.manifest);
}
