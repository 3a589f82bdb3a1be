import type * as tfType from '@tensorflow/tfjs';
import type { ImageSet } from '../data/image-set';
import { moments, type Moments } from '../metrics/moments';
import { mulberry32 } from '../rng';
import {
  classifyImages,
  createClassifier,
  decodeClassifier,
  FEATURE_DIM,
  gatherPixelsToInput,
  generatedToInput,
  imageMetrics,
  NUM_CLASSES,
  realSubset,
  type ClassifierOutputs,
  type MnistClassifier,
} from '../metrics/classifier';
import { EVAL_SEED, type EvalHooks, type EvalStage, type ImageEvalResult, type Sampler } from './evaluation';

type Tf = typeof tfType;

/**
 * Images per chunk: generated and classified together, then a pause point. 500 is the CLI's batch (gan eval), so
 * the same seed draws the same z here and there; a DCGAN generator's activations for 500 images are ~50 MB.
 */
export const EVAL_CHUNK = 500;
/**
 * KID for the dashboard: 10 subsets of half the samples. Subsets as large as the sets would all be the same set;
 * the CLI's 100 subsets of 1,000 take tens of seconds. KID is unbiased, so its mean does not depend on these.
 */
export const DASHBOARD_KID_SUBSETS = 10;
export const kidSubsetSize = (n: number) => Math.max(2, Math.floor(n / 2));

/** The real side of an image evaluation: `count` MNIST training images (gan eval's fixed reference subset), classified. */
export type ImageReference = { count: number; outputs: ClassifierOutputs; moments: Moments };

/** Fetches the committed classifier (assets/mnist-classifier, served at `baseUrl`) and builds it on tf's backend. */
export async function fetchClassifier(tf: Tf, baseUrl: string, fetchFn: typeof fetch = fetch): Promise<MnistClassifier> {
  const get = async (file: string) => {
    const res = await fetchFn(`${baseUrl}${file}`);
    if (!res.ok) throw new Error(`the MNIST classifier is not served at ${baseUrl}${file} (HTTP ${res.status}); run "npm run build" to vendor it.`);
    return res;
  };
  const [manifest, bin] = await Promise.all([get('model.json').then((r) => r.text()), get('weights.bin').then(async (r) => new Uint8Array(await r.arrayBuffer()))]);
  const decoded = decodeClassifier(manifest, bin);
  return createClassifier(tf, decoded.weights, decoded.manifest);
}

/** Classifies `count` images made by `batch`, EVAL_CHUNK at a time, reporting progress and pausing between chunks. */
async function classifyChunked(tf: Tf, clf: MnistClassifier, count: number, batch: (start: number, n: number) => tfType.Tensor, stage: EvalStage, hooks: EvalHooks, chunk = EVAL_CHUNK): Promise<ClassifierOutputs> {
  const features = new Float32Array(count * FEATURE_DIM);
  const probs = new Float32Array(count * NUM_CLASSES);
  hooks.progress?.({ stage, done: 0, total: count });
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const out = await classifyImages(tf, clf, { count: n, batch: () => batch(start, n) }, { batchSize: n });
    features.set(out.features.data, start * FEATURE_DIM);
    probs.set(out.probs.data, start * NUM_CLASSES);
    hooks.progress?.({ stage, done: start + n, total: count });
    await hooks.between?.();
  }
  return { features: { data: features, rows: count, cols: FEATURE_DIM }, probs: { data: probs, rows: count, cols: NUM_CLASSES } };
}

/** The reference: the first `count` images of gan eval's fixed shuffle of the training set, classified once per run. */
export async function imageReference(tf: Tf, clf: MnistClassifier, train: ImageSet, count: number, hooks: EvalHooks = {}): Promise<ImageReference> {
  const indices = realSubset('reference', count, train.count);
  const outputs = await classifyChunked(tf, clf, count, (s, n) => gatherPixelsToInput(tf, train.pixels, indices.subarray(s, s + n)), 'reference', hooks);
  return { count, outputs, moments: moments(outputs.features) };
}

/**
 * `reference.count` generated images against the reference: every number `gan eval` prints, from `imageMetrics`,
 * with the dashboard's KID settings. Each chunk's noise comes from one seed stream (EVAL_SEED), as in gan eval.
 */
export async function evaluateImages(
  tf: Tf,
  sampler: Sampler,
  clf: MnistClassifier,
  reference: ImageReference,
  opts: { step: number; range: '[-1,1]' | '[0,1]' },
  hooks: EvalHooks = {},
): Promise<ImageEvalResult> {
  const t0 = performance.now();
  const n = reference.count;
  const rng = mulberry32(EVAL_SEED);
  const generated = await classifyChunked(
    tf,
    clf,
    n,
    (_s, count) => {
      const raw = sampler.generate(count, rng.seed());
      try {
        return generatedToInput(tf, raw, opts.range);
      } finally {
        raw.dispose();
      }
    },
    'generating',
    hooks,
    // A chunk keeping D's best share draws 1/criticKeep times its size: the chunk shrinks to match.
    Math.max(1, Math.floor(EVAL_CHUNK * Math.min(1, sampler.criticKeep ?? 1))),
  );
  hooks.progress?.({ stage: 'scoring', done: n, total: n });
  // Synchronous: about a second for 1,000 × 1,000 at d = 128 (KID subsets and the O(n²) precision/recall dominate).
  const m = imageMetrics(reference.outputs, generated, { k: 3, kidSubsets: DASHBOARD_KID_SUBSETS, kidSubsetSize: kidSubsetSize(n), seed: EVAL_SEED, referenceMoments: reference.moments });
  return {
    kind: 'images',
    step: opts.step,
    samples: n,
    seconds: (performance.now() - t0) / 1000,
    classifierScore: m.classifierScore,
    frechetDistance: m.frechetDistance,
    kid: m.kid,
    precision: m.precision,
    recall: m.recall,
    k: m.k,
    classesCovered: m.classesCovered,
    totalClasses: m.totalClasses,
    classKl: m.classKlToUniform,
    classHistogram: m.classHistogram,
  };
}
