import type * as tfType from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moments, type Moments } from '../../../lib/metrics';
import { imageMetrics, type ClassifierOutputs, type ImageMetrics, type MnistClassifier } from '../../../lib/metrics/classifier';
import { mulberry32 } from '../../../lib/rng';
import { classifyReal, classifySynthetic, committedClassifier, mnist, wasmTf } from './helpers';

/**
 * Kept small for 2 cores: precision/recall is O(n²). FD's bias grows as n shrinks, so its bounds hold for n = 2,000
 * (real test vs training images measured 3.1 there, 2.7 for two disjoint training subsets, over 1,100 for each bad set).
 */
const N = 2000;
const KID = { kidSubsets: 3, kidSubsetSize: 1000 };

let tf: typeof tfType;
let clf: MnistClassifier;
let reference: ClassifierOutputs;
let referenceMoments: Moments;
const results = new Map<string, ImageMetrics>();

beforeAll(async () => {
  tf = await wasmTf();
  clf = committedClassifier(tf);
  const [train, test] = await Promise.all([mnist('train'), mnist('test')]);
  reference = await classifyReal(tf, clf, train, 'reference', N);
  referenceMoments = moments(reference.features);
  const rng = mulberry32(5);
  const noise = Float32Array.from({ length: N * 784 }, () => rng.next());
  const sets: [string, Promise<ClassifierOutputs>][] = [
    ['real test images', classifyReal(tf, clf, test, 'mnist-test', N)],
    ['other training images', classifyReal(tf, clf, train, 'mnist-train', N)],
    ['blank images', classifySynthetic(tf, clf, N, () => 0)],
    ['uniform noise', classifySynthetic(tf, clf, N, (i, p) => noise[i * 784 + p]!)],
    // A collapsed generator: one real digit, repeated.
    ['one image repeated', classifySynthetic(tf, clf, N, (_i, p) => test.pixels[p]! / 255)],
  ];
  for (const [name, outputs] of sets) results.set(name, imageMetrics(reference, await outputs, { ...KID, referenceMoments }));
}, 180_000);

afterAll(() => clf?.dispose());

const get = (name: string) => results.get(name)!;

describe('image metrics with the committed classifier', () => {
  it.each(['real test images', 'other training images'])('score %s like the reference: small FD and KID, near-10 score, all classes, high precision and recall', (name) => {
    const m = get(name);
    expect(m.samples).toEqual({ reference: N, evaluated: N });
    expect(m.frechetDistance).toBeLessThan(10);
    expect(m.classifierScore).toBeGreaterThan(9.5);
    expect(m.classesCovered).toBe(10);
    expect(m.classKlToUniform).toBeLessThan(0.01);
    expect(m.precision).toBeGreaterThan(0.8);
    expect(m.recall).toBeGreaterThan(0.8);
    // Unbiased: near 0 for equal distributions, next to the hundreds a bad generator gets.
    expect(Math.abs(m.kid.mean)).toBeLessThan(0.02 * get('blank images').kid.mean);
  });

  it.each(['blank images', 'uniform noise', 'one image repeated'])('score %s as a bad generator: FD ≥ 50× real, at most 2 classes', (name) => {
    const real = get('real test images');
    const m = get(name);
    expect(m.frechetDistance).toBeGreaterThan(50 * real.frechetDistance);
    expect(m.kid.mean).toBeGreaterThan(50 * Math.abs(real.kid.mean));
    expect(m.classesCovered).toBeLessThanOrEqual(2);
    expect(m.classKlToUniform).toBeGreaterThan(1.5);
    expect(m.classifierScore).toBeLessThan(2);
    expect(m.recall).toBeLessThan(0.05);
  });

  it('reports every field as a plain JSON number', () => {
    const m = get('real test images');
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    expect(m.classHistogram.reduce((a, b) => a + b, 0)).toBe(N);
  });
});
