import { describe, expect, it } from 'vitest';
import {
  CLASSIFIER_FORMAT,
  decodeClassifier,
  encodeClassifier,
  inferenceWeightSpecs,
  type ClassifierErrorCode,
} from '../../../lib/metrics/classifier';
import { mulberry32 } from '../../../lib/rng';

function weights(seed = 1): Map<string, Float32Array> {
  const rng = mulberry32(seed);
  return new Map(inferenceWeightSpecs().map((s) => [s.name, Float32Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, () => rng.normal())]));
}

const encoded = () => encodeClassifier(weights(), { testAccuracy: 0.9931, training: { seed: 1, epochs: 3 } });
const text = (m: object) => JSON.stringify(m);

describe('classifier weights file', () => {
  it('round-trips every weight bit for bit, with the manifest', () => {
    const { manifest, bin } = encoded();
    expect(manifest).toMatchObject({ format: CLASSIFIER_FORMAT, version: 1, featureDim: 128, classes: 10, testAccuracy: 0.9931 });
    const back = decodeClassifier(text(manifest), bin);
    for (const [name, w] of weights()) expect(back.weights.get(name)).toEqual(w);
    expect(back.manifest).toEqual(manifest);
  });

  it('stores little-endian float32 in manifest order, as tfjs weights manifests do', () => {
    const { bin } = encoded();
    const first = weights().get('conv1/kernel')!;
    expect(new DataView(bin.buffer).getFloat32(0, true)).toBe(first[0]);
    expect(bin.byteLength).toBe(inferenceWeightSpecs().reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0) * 4);
  });

  const cases: [string, (m: Record<string, unknown>, bin: Uint8Array) => [string, Uint8Array], ClassifierErrorCode, RegExp][] = [
    ['text that is not JSON', (_m, b) => ['{"format":', b], 'E_CLASSIFIER_FORMAT', /not valid JSON/],
    ['another format', (m, b) => [text({ ...m, format: 'tfjs-layers' }), b], 'E_CLASSIFIER_FORMAT', /format/],
    ['a newer version', (m, b) => [text({ ...m, version: 2 }), b], 'E_CLASSIFIER_VERSION', /version 2/],
    ['another architecture', (m, b) => [text({ ...m, architecture: 'resnet' }), b], 'E_CLASSIFIER_WEIGHTS', /resnet/],
    ['a renamed weight', (m, b) => [text({ ...m, weights: (m['weights'] as { name: string }[]).map((w, i) => (i === 0 ? { ...w, name: 'x' } : w)) }), b], 'E_CLASSIFIER_WEIGHTS', /names or shapes/],
    ['a truncated weights.bin', (m, b) => [text(m), b.subarray(0, b.byteLength - 4)], 'E_CLASSIFIER_WEIGHTS', /truncated/],
    ['a NaN weight', (m, b) => [text(m), nanAt(b, 10)], 'E_CLASSIFIER_WEIGHTS', /corrupt/],
  ];

  it.each(cases)('refuses %s with a code', (_name, damage, code, message) => {
    const { manifest, bin } = encoded();
    const [t, b] = damage(manifest as unknown as Record<string, unknown>, bin.slice());
    expect(() => decodeClassifier(t, b)).toThrow(new RegExp(`^${code}: .*${message.source}`));
  });
});

function nanAt(bin: Uint8Array, index: number): Uint8Array {
  new DataView(bin.buffer).setFloat32(index * 4, NaN, true);
  return bin;
}
