import { z } from 'zod';
import { ARCHITECTURE_ID, FEATURE_DIM, inferenceWeightSpecs, INPUT_SHAPE, NUM_CLASSES, sizeOf } from './architecture';
import { ClassifierError } from './errors';

/**
 * The committed classifier: `model.json` (this manifest) beside `weights.bin` (every tensor's float32 values,
 * little-endian, concatenated in manifest order — the layout of tfjs' weights manifests, so `tf.io.decodeWeights`
 * reads it too). Version 1 stores the inference weights, batch norm already folded in.
 */
export const CLASSIFIER_FORMAT = 'gan-studio/mnist-classifier';
export const CLASSIFIER_VERSION = 1;

const zShape = z.array(z.number().int().min(1)).min(1).max(4);

export const zClassifierManifestV1 = z.object({
  format: z.literal(CLASSIFIER_FORMAT),
  version: z.literal(CLASSIFIER_VERSION),
  architecture: z.string(),
  input: z.object({ shape: zShape, range: z.tuple([z.number(), z.number()]) }),
  featureDim: z.number().int().min(1),
  classes: z.number().int().min(2),
  weights: z.array(z.object({ name: z.string(), shape: zShape, dtype: z.literal('float32') })).min(1),
  weightsBytes: z.number().int().min(0),
  /** Accuracy on the 10,000 MNIST test images, measured by the training script with these very weights. */
  testAccuracy: z.number().min(0).max(1),
  /** How the weights were made: enough to rerun `scripts/train-classifier.ts` and get the same file. */
  training: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

export type ClassifierManifest = z.infer<typeof zClassifierManifestV1>;

/** The weights as plain arrays, keyed by spec name (`conv1/kernel`, …). */
export type ClassifierWeightArrays = ReadonlyMap<string, Float32Array>;

/** Builds the manifest and the weights.bin bytes for a set of inference weights. */
export function encodeClassifier(
  weights: ClassifierWeightArrays,
  info: { testAccuracy: number; training: ClassifierManifest['training'] },
): { manifest: ClassifierManifest; bin: Uint8Array } {
  const specs = inferenceWeightSpecs();
  const total = specs.reduce((s, w) => s + sizeOf(w.shape), 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const spec of specs) {
    const w = weights.get(spec.name);
    if (!w || w.length !== sizeOf(spec.shape)) {
      throw new ClassifierError('E_CLASSIFIER_WEIGHTS', `${spec.name} needs ${sizeOf(spec.shape)} values; got ${w?.length ?? 'none'}.`);
    }
    data.set(w, offset);
    offset += w.length;
  }
  const bin = toLittleEndian(data);
  const manifest: ClassifierManifest = {
    format: CLASSIFIER_FORMAT,
    version: CLASSIFIER_VERSION,
    architecture: ARCHITECTURE_ID,
    input: { shape: [...INPUT_SHAPE], range: [0, 1] },
    featureDim: FEATURE_DIM,
    classes: NUM_CLASSES,
    weights: specs.map((s) => ({ name: s.name, shape: [...s.shape], dtype: 'float32' as const })),
    weightsBytes: bin.byteLength,
    testAccuracy: info.testAccuracy,
    training: info.training,
  };
  return { manifest, bin };
}

/**
 * Parses model.json's text and weights.bin's bytes: format, version, architecture and every shape are checked
 * against this build's architecture, so a stale or foreign file fails here with a code, not later with a shape error.
 */
export function decodeClassifier(manifestText: string, bin: Uint8Array): { manifest: ClassifierManifest; weights: ClassifierWeightArrays } {
  let value: unknown;
  try {
    value = JSON.parse(manifestText);
  } catch (e) {
    throw new ClassifierError('E_CLASSIFIER_FORMAT', `model.json is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  const head = z.object({ format: z.string(), version: z.number() }).safeParse(value);
  if (!head.success || head.data.format !== CLASSIFIER_FORMAT) {
    throw new ClassifierError('E_CLASSIFIER_FORMAT', `model.json needs "format": "${CLASSIFIER_FORMAT}". Point at assets/mnist-classifier/.`);
  }
  if (head.data.version !== CLASSIFIER_VERSION) {
    throw new ClassifierError('E_CLASSIFIER_VERSION', `the file is version ${head.data.version}; this build reads version ${CLASSIFIER_VERSION}. Retrain with scripts/train-classifier.ts.`);
  }
  const parsed = zClassifierManifestV1.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ClassifierError('E_CLASSIFIER_FORMAT', `model.json: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`);
  }
  const manifest = parsed.data;
  if (manifest.architecture !== ARCHITECTURE_ID) {
    throw new ClassifierError('E_CLASSIFIER_WEIGHTS', `the file is for "${manifest.architecture}"; this build runs "${ARCHITECTURE_ID}". Retrain with scripts/train-classifier.ts.`);
  }
  const specs = inferenceWeightSpecs();
  const same = specs.length === manifest.weights.length && specs.every((s, i) => s.name === manifest.weights[i]!.name && s.shape.join() === manifest.weights[i]!.shape.join());
  if (!same) throw new ClassifierError('E_CLASSIFIER_WEIGHTS', 'the weight names or shapes in model.json differ from the architecture. Retrain with scripts/train-classifier.ts.');
  const total = specs.reduce((s, w) => s + sizeOf(w.shape), 0);
  if (bin.byteLength !== total * 4 || manifest.weightsBytes !== bin.byteLength) {
    throw new ClassifierError('E_CLASSIFIER_WEIGHTS', `weights.bin has ${bin.byteLength} bytes; the architecture needs ${total * 4}. The file is truncated or from another model.`);
  }
  const all = fromLittleEndian(bin);
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const s of specs) {
    const n = sizeOf(s.shape);
    const w = all.subarray(offset, offset + n);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(w[i]!)) throw new ClassifierError('E_CLASSIFIER_WEIGHTS', `${s.name}[${i}] is ${w[i]}; the file is corrupt.`);
    }
    weights.set(s.name, w);
    offset += n;
  }
  return { manifest, weights };
}

function toLittleEndian(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return out;
}

function fromLittleEndian(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.byteLength / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
