import { statSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIFIER_DIR } from '../../../cli/commands/eval';
import type { ImageSet } from '../../../lib/data/image-set';
import { accuracyOf, FEATURE_DIM, NUM_CLASSES, type ClassifierOutputs, type MnistClassifier } from '../../../lib/metrics/classifier';
import { classifySlice, committedClassifier, mnist, wasmTf } from './helpers';

let tf: typeof tfType;
let clf: MnistClassifier;
let test: ImageSet;
let out: ClassifierOutputs;
let tensorsBefore: number;

// One pass over the 10,000 test images serves every check below (about 10 s on one wasm thread).
beforeAll(async () => {
  tf = await wasmTf();
  test = await mnist('test');
  clf = committedClassifier(tf);
  tensorsBefore = tf.memory().numTensors;
  out = await classifySlice(tf, clf, test, 0, test.count);
}, 120_000);

afterAll(() => clf?.dispose());

describe('the committed MNIST classifier', () => {
  it('is at least 99.0 % accurate on the 10,000 MNIST test images, as its model.json says', () => {
    expect(test.count).toBe(10_000);
    const accuracy = accuracyOf(out.probs.data, test.labels!, test.count);
    expect(accuracy).toBeGreaterThanOrEqual(0.99);
    // Same backend, same inference path as scripts/train-classifier.ts: the recorded figure is reproduced exactly.
    expect(accuracy).toBe(clf.manifest!.testAccuracy);
  });

  it('gives 128-d features and softmax rows over 10 classes', () => {
    expect(out.features).toMatchObject({ rows: 10_000, cols: FEATURE_DIM });
    expect(FEATURE_DIM).toBe(128);
    expect(clf.manifest!.featureDim).toBe(FEATURE_DIM);
    expect(out.probs).toMatchObject({ rows: 10_000, cols: NUM_CLASSES });
    for (let i = 0; i < 100; i++) {
      let sum = 0;
      for (let c = 0; c < NUM_CLASSES; c++) sum += out.probs.data[i * NUM_CLASSES + c]!;
      expect(sum).toBeCloseTo(1, 5);
    }
    // Penultimate ReLU activations: non-negative, and not all zero.
    expect(Math.min(...out.features.data.subarray(0, 12_800))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out.features.data.subarray(0, 12_800))).toBeGreaterThan(0);
  });

  it('leaves no tensor behind', () => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('fits in the 2 MB asset budget', () => {
    const bytes = ['model.json', 'weights.bin'].map((f) => statSync(join(CLASSIFIER_DIR, f)).size).reduce((a, b) => a + b, 0);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  });
});
