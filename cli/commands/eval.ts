import type * as tfType from '@tensorflow/tfjs';
import { blocks } from '../../lib/blocks';
import { buildNetwork } from '../../lib/compile/build-network';
import type { ImageSet } from '../../lib/data/image-set';
import type { ImageSets } from '../../lib/data/source';
import type { Design } from '../../lib/graph/schema';
import {
  classifyImages,
  ClassifierError,
  generatedToInput,
  gatherPixelsToInput,
  imageMetrics,
  realSubset,
  type ClassifierOutputs,
  type ImageMetrics,
  type MnistClassifier,
} from '../../lib/metrics/classifier';
import { mulberry32 } from '../../lib/rng';
import { validateDesign } from '../../lib/validate';
import { formatProblem } from '../../lib/graph/problems';
import { Trainer } from '../../lib/train/trainer';
import { intFlag, numberFlag, parseArgs, UsageError } from '../args';
import { CheckpointError, isCheckpointFile, readCheckpoint, type Checkpoint } from '../checkpoint-file';
import { CLASSIFIER_DIR, loadClassifier } from '../classifier-file';
import { evalKind, PAIRED_SAMPLES, TOY_SAMPLES, toyMetrics, type ToyMetrics } from '../evaluate-samples';
import { pairedMetrics, type PairedMetrics, type PairedScores } from '../../lib/train/evaluation-paired';
import { loadDesign } from '../load-design';
import { imagesFor, loadMnistNode } from '../node-data';
import { nodeTf } from '../node-tf';

type Tf = typeof tfType;

export { CLASSIFIER_DIR, loadClassifier };


export const REAL_TARGETS = ['real:mnist-test', 'real:mnist-train'] as const;
/** The reference and real:mnist-train are two ends of one shuffle of the training set: N ≤ 30,000 keeps them apart. */
const MAX_SAMPLES = 30_000;
const TEST_IMAGES = 10_000;
/** Images generated (and classified) per call: a DCGAN generator's activations for 500 images are ~50 MB. */
const GENERATE_BATCH = 500;

export type EvalOptions = {
  samples: number;
  json: boolean;
  backend: string;
  seed: number;
  kidSubsets: number;
  trainSteps: number | null;
  batch: number | undefined;
  classifierDir: string;
  /** Overrides the design's `criticKeep` (1 scores G's raw samples); undefined keeps the design's. */
  criticKeep?: number | undefined;
};

/** `gan eval ...`: parses its own flags (cli/gan.ts hands over everything after the verb). */
export async function evalFromArgs(argv: readonly string[]): Promise<number> {
  const a = parseArgs(argv, {
    json: 'boolean',
    samples: 'string',
    seed: 'string',
    'kid-subsets': 'string',
    backend: 'string',
    'train-steps': 'string',
    batch: 'string',
    classifier: 'string',
    'critic-keep': 'string',
  });
  const target = a.positionals[0];
  if (!target || a.positionals.length > 1) {
    throw new UsageError('eval takes one target: a checkpoint from `gan train --save`, real:mnist-test, real:mnist-train, or a design with --train-steps N');
  }
  return evalCommand(target, {
    samples: intFlag(a, 'samples', 10_000, 10, MAX_SAMPLES),
    json: a.flags.has('json'),
    backend: String(a.flags.get('backend') ?? 'wasm'),
    seed: intFlag(a, 'seed', 0, 0, 2 ** 31 - 1),
    kidSubsets: intFlag(a, 'kid-subsets', 100, 1, 10_000),
    trainSteps: a.flags.has('train-steps') ? intFlag(a, 'train-steps', 1, 1, 10_000_000) : null,
    batch: a.flags.has('batch') ? intFlag(a, 'batch', 1, 1, 4096) : undefined,
    classifierDir: String(a.flags.get('classifier') ?? CLASSIFIER_DIR),
    criticKeep: a.flags.has('critic-keep') ? numberFlag(a, 'critic-keep', 1, 0.1, 1) : undefined,
  });
}

type Timings = Record<string, number>;

export type EvalSummary =
  | {
      target: string;
      kind: 'images';
      design: string | null;
      step: number | null;
      seed: number;
      backend: string;
      classifier: { dir: string; architecture: string; testAccuracy: number };
      reference: string;
      /** For generated images: the share of candidates kept, D's best (1: G's own samples). */
      criticKeep?: number;
      metrics: ImageMetrics;
      seconds: Timings;
    }
  | { target: string; kind: 'toy2d'; design: string; step: number; seed: number; backend: string; samples: number; criticKeep: number; metrics: ToyMetrics; seconds: Timings }
  | { target: string; kind: 'paired'; design: string; step: number; backend: string; metrics: PairedMetrics; seconds: Timings };

export async function evalCommand(target: string, o: EvalOptions): Promise<number> {
  const clock = stopwatch();
  if (target.startsWith('real:')) return evalReal(target, o, clock);
  // A checkpoint, or a design trained here first.
  if (isCheckpointFile(target)) {
    if (o.trainSteps !== null) throw new UsageError('--train-steps applies to a design; a checkpoint is already trained');
    const checkpoint = readCheckpoint(target);
    return evalTrained(target, checkpoint.design, checkpoint, o, clock);
  }
  const loaded = loadDesign(target);
  if (!loaded.ok) {
    for (const p of loaded.problems) console.error(formatProblem(p));
    return 1;
  }
  if (o.trainSteps === null) throw new UsageError(`${target} is a design: pass --train-steps N to train it first, or evaluate a checkpoint written by \`gan train --save FILE\``);
  return evalTrained(target, loaded.design, null, o, clock);
}

type Clock = { seconds: Timings; lap(name: string, since: number): void; started: number };

function stopwatch(): Clock {
  const seconds: Timings = {};
  return { seconds, started: performance.now(), lap: (name, since) => (seconds[name] = round((performance.now() - since) / 1000, 1)) };
}

/** real:mnist-test / real:mnist-train against the reference: the reference values of docs/metrics.md. */
async function evalReal(target: string, o: EvalOptions, clock: Clock): Promise<number> {
  if (!(REAL_TARGETS as readonly string[]).includes(target)) throw new UsageError(`unknown real set "${target}"; use ${REAL_TARGETS.join(' or ')}`);
  if (o.trainSteps !== null) throw new UsageError('--train-steps applies to a design, not to real images');
  if (target === 'real:mnist-test' && o.samples > TEST_IMAGES) throw new UsageError(`real:mnist-test has ${TEST_IMAGES} images; pass --samples ${TEST_IMAGES} or fewer`);
  const tf = await nodeTf(o.backend);
  const clf = loadClassifier(tf, o.classifierDir);
  try {
    const train = await loadMnistNode('train');
    const reference = await referenceOutputs(tf, clf, train, o.samples, clock);
    const t = performance.now();
    const set = target === 'real:mnist-test' ? await loadMnistNode('test') : train;
    const evaluated = await classifySubset(tf, clf, set, realSubset(target === 'real:mnist-test' ? 'mnist-test' : 'mnist-train', o.samples, set.count));
    clock.lap('evaluatedFeatures', t);
    return report(o, imagesSummary(target, null, null, o, tf, clf, scoreImages(reference, evaluated, o, clock)));
  } finally {
    clf.dispose();
  }
}

/** A checkpoint restored, or a design trained inline: its samples against the reference (or the 2-D mode metrics). */
async function evalTrained(target: string, design: Design, checkpoint: Checkpoint | null, o: EvalOptions, clock: Clock): Promise<number> {
  const { trainer, tf, images } = await makeTrainer(design, checkpoint, o);
  try {
    const kind = evalKind(trainer.plan);
    if (kind.kind === 'none') {
      throw new ClassifierError('E_EVAL_IMAGES', `${design.name}: ${kind.reason.replace(/\.$/, "")}. gan eval measures designs trained on MNIST (image metrics) and on ring8 / grid25 (mode metrics).`);
    }
    if (!checkpoint) {
      const t = performance.now();
      await trainInline(trainer, o.trainSteps!, o.json);
      clock.lap('training', t);
    }
    if (kind.kind === 'toy2d') {
      const t = performance.now();
      const metrics = await toyMetrics(trainer, kind.mixture, TOY_SAMPLES, o.seed);
      clock.lap('metrics', t);
      clock.lap('total', clock.started);
      return report(o, { target, kind: 'toy2d', design: design.name, step: trainer.step, seed: o.seed, backend: tf.getBackend(), samples: TOY_SAMPLES, criticKeep: trainer.criticKeep, metrics, seconds: clock.seconds });
    }
    if (kind.kind === 'paired') {
      const clf = loadClassifier(tf, o.classifierDir);
      try {
        const t = performance.now();
        const metrics = await pairedMetrics(tf, trainer, kind, await loadMnistNode('test'), clf, Math.min(o.samples, TEST_IMAGES, PAIRED_SAMPLES * 10));
        clock.lap('metrics', t);
        clock.lap('total', clock.started);
        return report(o, { target, kind: 'paired', design: design.name, step: trainer.step, backend: tf.getBackend(), metrics, seconds: clock.seconds });
      } finally {
        clf.dispose();
      }
    }
    const clf = loadClassifier(tf, o.classifierDir);
    try {
      const reference = await referenceOutputs(tf, clf, images.mnist ?? (await loadMnistNode('train')), o.samples, clock);
      const t = performance.now();
      const evaluated = await generatedOutputs(tf, clf, trainer, kind.range, o.samples, o.seed);
      clock.lap('generateAndClassify', t);
      return report(o, { ...imagesSummary(target, design.name, trainer.step, o, tf, clf, scoreImages(reference, evaluated, o, clock)), criticKeep: trainer.criticKeep });
    } finally {
      clf.dispose();
    }
  } finally {
    trainer.dispose();
  }
}

function scoreImages(reference: ClassifierOutputs, evaluated: ClassifierOutputs, o: EvalOptions, clock: Clock): { metrics: ImageMetrics; seconds: Timings } {
  const t = performance.now();
  const metrics = imageMetrics(reference, evaluated, { kidSubsets: o.kidSubsets, seed: o.seed });
  clock.lap('metrics', t);
  clock.lap('total', clock.started);
  return { metrics, seconds: clock.seconds };
}


/** The images at `indices` of a byte image set, classified. */
export function classifySubset(tf: Tf, clf: MnistClassifier, set: ImageSet, indices: Int32Array): Promise<ClassifierOutputs> {
  return classifyImages(tf, clf, { count: indices.length, batch: (s, c) => gatherPixelsToInput(tf, set.pixels, indices.subarray(s, s + c)) });
}

/** The reference set: `n` MNIST training images, a fixed seeded subset (realSubset), classified. */
async function referenceOutputs(tf: Tf, clf: MnistClassifier, train: ImageSet, n: number, clock: Clock): Promise<ClassifierOutputs> {
  const t = performance.now();
  const out = await classifySubset(tf, clf, train, realSubset('reference', n, train.count));
  clock.lap('referenceFeatures', t);
  return out;
}

/** `n` generated images in batches, each batch from its own seed drawn from `seed`, classified as they come. */
async function generatedOutputs(tf: Tf, clf: MnistClassifier, trainer: Trainer, range: '[-1,1]' | '[0,1]', n: number, seed: number): Promise<ClassifierOutputs> {
  const rng = mulberry32(seed);
  return classifyImages(
    tf,
    clf,
    {
      count: n,
      batch: (_start, count) => {
        const raw = trainer.generate(count, rng.seed());
        try {
          return generatedToInput(tf, raw, range);
        } finally {
          raw.dispose();
        }
      },
    },
    // A chunk keeping D's best share draws 1/criticKeep times its size: the chunk shrinks to match.
    { batchSize: Math.max(1, Math.floor(GENERATE_BATCH * trainer.criticKeep)) },
  );
}

async function makeTrainer(design: Design, ckpt: Checkpoint | null, o: EvalOptions): Promise<{ trainer: Trainer; tf: Tf; images: ImageSets }> {
  // Samples must come from the weights the run ended with. A trainer restored from a checkpoint that carries no
  // moving average would otherwise sample with the fresh trainer's initial EMA copy, so EMA is switched off and, when
  // the checkpoint has the averages, they are loaded as the generators' weights instead.
  const d: Design = ckpt || o.criticKeep !== undefined ? structuredClone(design) : design;
  if (ckpt) d.training.settings.emaDecay = 0;
  if (o.criticKeep !== undefined) d.training.settings.criticKeep = o.criticKeep;
  const report = validateDesign(d);
  if (!report.ok) {
    for (const p of report.problems) console.error(formatProblem(p));
    throw new Error(`${design.name} has errors; fix them before evaluating.`);
  }
  const tf = await nodeTf(o.backend);
  const images = await imagesFor(d);
  const seed = ckpt?.seed ?? o.seed;
  const trainer = Trainer.create(tf, d, report, { images, seed, batchSize: o.batch ?? ckpt?.batchSize, buildNetwork: (t, net, r) => buildNetwork(t, net, r, blocks) });
  if (ckpt) {
    try {
      restoreCheckpoint(tf, trainer, ckpt);
    } catch (e) {
      trainer.dispose();
      throw e;
    }
  }
  return { trainer, tf, images };
}

function restoreCheckpoint(tf: Tf, trainer: Trainer, ckpt: Checkpoint): void {
  for (const [id, model] of trainer.models) {
    const want = model.getWeights().map((w) => w.shape.join('×'));
    const got = (ckpt.snapshot.shapes[id] ?? []).map((s) => s.join('×'));
    if (want.join() !== got.join()) {
      throw new CheckpointError('E_CKPT_MISMATCH', `network "${id}" has weights [${want.join(', ')}]; the checkpoint has [${got.join(', ')}].`);
    }
  }
  trainer.restore(ckpt.snapshot);
  for (const [id, ws] of Object.entries(ckpt.ema ?? {})) {
    const model = trainer.models.get(id);
    if (!model) continue;
    const tensors = ws.map((w, i) => tf.tensor(w, ckpt.snapshot.shapes[id]![i]));
    model.setWeights(tensors);
    tensors.forEach((t) => t.dispose());
  }
}

async function trainInline(trainer: Trainer, steps: number, quiet: boolean): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const m = await trainer.trainStep();
    if (m.nonFinite) throw new Error(`the loss "${m.nonFinite}" became ${m.losses[m.nonFinite]} at step ${m.step}; lower the learning rate or check the design.`);
    if (!quiet && (m.step % 100 === 0 || m.step === steps)) console.log(`trained ${m.step}/${steps} steps (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

function imagesSummary(
  target: string,
  design: string | null,
  step: number | null,
  o: EvalOptions,
  tf: Tf,
  clf: MnistClassifier,
  scored: { metrics: ImageMetrics; seconds: Timings },
): Extract<EvalSummary, { kind: 'images' }> {
  return {
    target,
    kind: 'images',
    design,
    step,
    seed: o.seed,
    backend: tf.getBackend(),
    classifier: { dir: o.classifierDir, architecture: clf.manifest?.architecture ?? '', testAccuracy: clf.manifest?.testAccuracy ?? NaN },
    reference: `${scored.metrics.samples.reference} MNIST training images (fixed seeded subset)`,
    metrics: scored.metrics,
    seconds: scored.seconds,
  };
}

function report(o: EvalOptions, s: EvalSummary): number {
  if (o.json) {
    console.log(JSON.stringify(s));
    return 0;
  }
  if (s.kind === 'toy2d') {
    const m = s.metrics;
    const kept = s.criticKeep < 1 ? `, D's best ${round(s.criticKeep * 100, 1)} % of ${Math.ceil(s.samples / s.criticKeep)} candidates (--critic-keep 1 scores G's raw samples)` : '';
    console.log(`${s.target} (${s.design}, step ${s.step}): ${s.samples} samples on ${s.backend}${kept}`);
    console.log(`  modes covered        ${m.modesCovered} / ${m.totalModes}`);
    console.log(`  high-quality share   ${m.highQualityFraction.toFixed(3)}`);
    console.log(`  reverse KL           ${m.reverseKl === null ? 'n/a (no high-quality sample)' : m.reverseKl.toFixed(3)}`);
  } else if (s.kind === 'paired') {
    const m = s.metrics;
    const db = (v: number | null) => (v === null ? '∞' : v.toFixed(2));
    const line = (name: string, x: PairedScores) => console.log(`  ${name.padEnd(20)} PSNR ${db(x.psnr)} dB   SSIM ${x.ssim.toFixed(4)}   classifier accuracy ${(x.accuracy * 100).toFixed(1)} %`);
    console.log(`${s.target} (${s.design}, step ${s.step}): ${m.pair}, ${m.samples} MNIST test digits, on ${s.backend}`);
    line('generated', m.generated);
    line(m.baseline === 'bicubic' ? 'bicubic (Keys −0.5)' : 'input as output', m.baselineScores);
    console.log(`  true digits          classifier accuracy ${(m.truthAccuracy * 100).toFixed(1)} %`);
  } else {
    const m = s.metrics;
    const what = s.design ? `${s.design}, step ${s.step}` : 'real images';
    const kept = s.criticKeep !== undefined && s.criticKeep < 1 ? `; D's best ${round(s.criticKeep * 100, 1)} % of the candidates (--critic-keep 1 scores G's raw samples)` : '';
    console.log(`${s.target} (${what}): ${m.samples.evaluated} images vs ${s.reference}, on ${s.backend}${kept}`);
    console.log(`  classifier score     ${m.classifierScore.toFixed(3)}   (1 … ${m.totalClasses}; MNIST classifier, test accuracy ${(s.classifier.testAccuracy * 100).toFixed(2)} %)`);
    console.log(`  Fréchet distance     ${m.frechetDistance.toFixed(3)}`);
    console.log(`  KID                  ${m.kid.mean.toExponential(3)} ± ${m.kid.std.toExponential(2)}   (${m.kid.subsets} subsets of ${m.kid.subsetSize})`);
    console.log(`  precision / recall   ${m.precision.toFixed(3)} / ${m.recall.toFixed(3)}   (k = ${m.k})`);
    console.log(`  classes covered      ${m.classesCovered} / ${m.totalClasses}   (KL to uniform ${m.classKlToUniform.toFixed(3)} nats; histogram ${m.classHistogram.join(' ')})`);
  }
  console.log(`  took ${s.seconds['total']} s (${Object.entries(s.seconds).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${v} s`).join(', ')})`);
  return 0;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
