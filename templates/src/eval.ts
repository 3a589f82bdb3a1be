import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKENDS, selectBackend, type BackendChoice } from './backend.js';
import { integer, runAsProgram } from './cli.js';
import { latestCheckpoint, loadCheckpoint } from './checkpoint.js';
import { imageSets, paired, reference, sampleKind } from './config.js';
import { loadImages, loadMnist, type ImageSet } from './data.js';
import { PAIRED_DEFAULT_SAMPLES, PAIRED_MAX_SAMPLES, pairedMetrics, type PairedMetrics } from './eval-paired.js';
import { classifyImages, gatherPixelsToInput, generatedToInput, type ClassifierOutputs } from './lib/metrics/classifier/extract.js';
import { imageMetrics, type ImageMetrics } from './lib/metrics/classifier/image-metrics.js';
import { createClassifier, type MnistClassifier } from './lib/metrics/classifier/model.js';
import { realSubset } from './lib/metrics/classifier/subsets.js';
import { decodeClassifier } from './lib/metrics/classifier/weights-file.js';
import { scoreModes2d, type Modes2dName } from './lib/metrics/modes2d.js';
import { mulberry32 } from './lib/rng.js';
import type { NetworkId } from './models.js';
import { createSampler, createTraining, disposeSampler, disposeTraining, generate, type Training } from './trainer.js';
import type { PairedTarget } from './types.js';

/**
 * `npm run eval -- [options]`: scores the newest checkpoint (or --checkpoint DIR) with the metrics GAN Studio shows,
 * computed the same way (src/lib/metrics/, GAN Studio's own code):
 *
 * - designs on the 2-D mixtures (ring8, grid25): modes covered, share of high-quality samples and the reverse KL of
 *   the mode histogram, on 2,500 samples (the VEEGAN / PacGAN protocol);
 * - designs that generate 28×28 grey MNIST digits: classifier score, Fréchet distance and KID of the features of a
 *   small MNIST classifier (eval/mnist-classifier/, 99.4 % test accuracy), improved precision and recall (k = 3),
 *   classes covered and the KL of the class histogram from uniform — N generated images against N MNIST training
 *   images (a fixed subset). Compare numbers only at the same N: the Fréchet distance is biased upwards at small N;
 * - paired image-to-image designs (SRGAN, pix2pix on MNIST pairs): PSNR, SSIM and the classifier's accuracy of G(A)
 *   against B on the first N MNIST test digits, beside bicubic up-sampling (super-resolution) or A itself, and the
 *   classifier's accuracy on B, the ceiling (eval-paired.ts).
 *
 * Reference values of real data (MNIST test images against the same reference) are in README.md.
 */

const HELP = `usage: npm run eval -- [options]
  --checkpoint DIR   the checkpoint to score (default: the newest under --out/checkpoints)
  --out DIR          where checkpoints/ is (default .)
  --samples N        images generated and real images in the reference (default 10000; 2-D designs use 2500);
                     for a paired design, the MNIST test digits scored (default 1000, at most 10000)
  --kid-subsets K    subsets KID averages over (default 100)
  --seed S           seed of the generated samples and KID's subsets (default 0)
  --backend NAME     auto (default), ${BACKENDS.join(', ')}
  --json             print one JSON object instead of a table
  --data DIR, --data-a DIR, --data-b DIR, --pairs DIR   your image folders, when the design trains on them`;

const TOY_SAMPLES = 2500;
/** Generated and classified per call: a DCGAN generator's activations for 500 images are about 50 MB. */
const BATCH = 500;
const CLASSIFIER_DIR = join(import.meta.dirname, '..', 'eval', 'mnist-classifier');

type Options = {
  checkpoint: string | null;
  out: string;
  samples: number;
  kidSubsets: number;
  seed: number;
  backend: BackendChoice;
  json: boolean;
  data: { folder?: string; folderA?: string; folderB?: string; pairs?: string };
};


export function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      checkpoint: { type: 'string' },
      out: { type: 'string', default: '.' },
      samples: { type: 'string' },
      'kid-subsets': { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
      data: { type: 'string' },
      'data-a': { type: 'string' },
      'data-b': { type: 'string' },
      pairs: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const backend = values.backend;
  if (backend !== 'auto' && !(BACKENDS as readonly string[]).includes(backend)) throw new Error(`--backend: "${backend}" is not one of auto, ${BACKENDS.join(', ')}`);
  return {
    checkpoint: values.checkpoint ?? null,
    out: values.out,
    // The reference and the evaluated sets are disjoint parts of one shuffle of the 60,000 training images; a paired
    // design is scored on MNIST's 10,000 test digits.
    samples: paired ? integer('samples', values.samples, PAIRED_DEFAULT_SAMPLES, 10, PAIRED_MAX_SAMPLES) : integer('samples', values.samples, 10_000, 10, 30_000),
    kidSubsets: integer('kid-subsets', values['kid-subsets'], 100, 1, 10_000),
    seed: integer('seed', values.seed, 0, 0, 2 ** 31 - 1),
    backend: backend as BackendChoice,
    json: values.json,
    data: { folder: values.data, folderA: values['data-a'], folderB: values['data-b'], pairs: values.pairs },
  };
}

type Kind =
  | { kind: 'toy2d'; mixture: Modes2dName }
  | { kind: 'mnist'; range: '[-1,1]' | '[0,1]' }
  | { kind: 'paired'; target: PairedTarget<NetworkId> }
  | { kind: 'none'; reason: string };

/**
 * Which metrics apply: they need data whose answer is known (the mixtures), a feature network (MNIST), or targets to
 * compare with (a paired design's B).
 */
function evalKind(): Kind {
  if (paired) return { kind: 'paired', target: paired };
  if (sampleKind.kind === 'points') {
    return reference?.kind === 'mixture' ? { kind: 'toy2d', mixture: reference.name } : { kind: 'none', reason: 'its 2-D data is not one of the mixtures with known modes (ring8, grid25)' };
  }
  const mnistShaped = sampleKind.height === 28 && sampleKind.width === 28 && sampleKind.channels === 1;
  if (mnistShaped && reference?.kind === 'mnist') return { kind: 'mnist', range: sampleKind.range };
  return { kind: 'none', reason: 'the feature network is an MNIST classifier, and this design does not generate 28×28 grey MNIST digits' };
}

type Report =
  | { kind: 'toy2d'; checkpoint: string; step: number; samples: number; criticKeep: number; modesCovered: number; totalModes: number; highQualityFraction: number; reverseKl: number | null }
  | ({ kind: 'mnist'; checkpoint: string; step: number } & ImageMetrics)
  | ({ kind: 'paired'; checkpoint: string; step: number } & PairedMetrics);

export async function main(argv: string[]): Promise<number> {
  const o = parseOptions(argv);
  if (o === 'help') {
    console.log(HELP);
    return 0;
  }
  const kind = evalKind();
  if (kind.kind === 'none') throw new Error(`no metrics for this design: ${kind.reason}`);
  const dir = o.checkpoint ? resolve(o.checkpoint) : await latestCheckpoint(join(resolve(o.out), 'checkpoints'));
  if (!dir) throw new Error(`no checkpoint under ${join(resolve(o.out), 'checkpoints')}: train first (npm run train), or pass --checkpoint DIR`);

  await selectBackend(o.backend, o.json ? () => {} : console.log);
  if (kind.kind === 'paired') {
    const report = await pairedReport(dir, kind.target, o);
    console.log(o.json ? JSON.stringify(report) : table(report));
    return 0;
  }
  const images = await loadImages(imageSets, o.data);
  const t = createTraining({ images });
  try {
    const state = await loadCheckpoint(dir, t);
    let report: Report;
    if (kind.kind === 'toy2d') {
      const fake = generate(t, TOY_SAMPLES, o.seed);
      const score = scoreModes2d(kind.mixture, (await fake.data()) as Float32Array);
      fake.dispose();
      const { modesCovered, totalModes, highQualityFraction, reverseKl } = score;
      report = { kind: 'toy2d', checkpoint: dir, step: state.step, samples: TOY_SAMPLES, criticKeep: t.settings.criticKeep, modesCovered, totalModes, highQualityFraction, reverseKl };
    } else {
      report = { kind: 'mnist', checkpoint: dir, step: state.step, ...(await mnistMetrics(t, images['mnist'] ?? (await loadMnist('train')), kind.range, o)) };
    }
    console.log(o.json ? JSON.stringify(report) : table(report));
    return 0;
  } finally {
    disposeTraining(t);
  }
}

/** The classifier in eval/mnist-classifier/, as the export wrote it. */
function loadClassifier(): MnistClassifier {
  const model = join(CLASSIFIER_DIR, 'model.json');
  if (!existsSync(model)) throw new Error(`${model} is missing: it comes with the exported project; export the design again`);
  const { manifest, weights } = decodeClassifier(readFileSync(model, 'utf8'), new Uint8Array(readFileSync(join(CLASSIFIER_DIR, 'weights.bin'))));
  return createClassifier(tf, weights, manifest);
}

/**
 * A paired design's scores: the networks and moving averages from the checkpoint (no data sources or optimizers:
 * nothing trains), the generator run on MNIST test digits (src/eval-paired.ts).
 */
async function pairedReport(dir: string, target: PairedTarget<NetworkId>, o: Options): Promise<Report> {
  const s = createSampler();
  try {
    const state = await loadCheckpoint(dir, s);
    const test = await loadMnist('test');
    const clf = loadClassifier();
    try {
      return { kind: 'paired', checkpoint: dir, step: state.step, ...(await pairedMetrics(s, target, test, clf, o.samples, o.seed)) };
    } finally {
      clf.dispose();
    }
  } finally {
    disposeSampler(s);
  }
}

async function mnistMetrics(t: Training, train: ImageSet, range: '[-1,1]' | '[0,1]', o: Options): Promise<ImageMetrics> {
  const clf = loadClassifier();
  try {
    const indices = realSubset('reference', o.samples, train.count);
    const reference = await classifyImages(tf, clf, { count: indices.length, batch: (s, c) => gatherPixelsToInput(tf, train.pixels, indices.subarray(s, s + c)) });
    const rng = mulberry32(o.seed);
    const evaluated: ClassifierOutputs = await classifyImages(
      tf,
      clf,
      {
        count: o.samples,
        batch: (_start, count) => {
          const raw = generate(t, count, rng.seed());
          try {
            return generatedToInput(tf, raw, range);
          } finally {
            raw.dispose();
          }
        },
      },
      // A chunk keeping the critic's best share draws 1/criticKeep times its size: the chunk shrinks to match.
      { batchSize: Math.max(1, Math.floor(BATCH * Math.min(1, t.settings.criticKeep))) },
    );
    return imageMetrics(reference, evaluated, { kidSubsets: o.kidSubsets, seed: o.seed });
  } finally {
    clf.dispose();
  }
}

const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));
const percent = (v: number) => `${(100 * v).toFixed(1)} %`;

function pairedRows(r: PairedMetrics): [string, string][] {
  const vs = `G(A) / ${r.baseline === 'bicubic' ? 'bicubic' : 'A itself'}`;
  // PSNR is null where +∞: the images are identical.
  const db = (v: number | null) => (v === null ? '∞' : v.toFixed(2));
  return [
    [`PSNR (dB), ${vs}`, `${db(r.generated.psnr)} / ${db(r.baselineScores.psnr)}`],
    [`SSIM, ${vs}`, `${r.generated.ssim.toFixed(3)} / ${r.baselineScores.ssim.toFixed(3)}`],
    [`classifier accuracy, ${vs}`, `${percent(r.generated.accuracy)} / ${percent(r.baselineScores.accuracy)}`],
    ['classifier accuracy on B (the ceiling)', percent(r.truthAccuracy)],
    ['MNIST test digits', String(r.samples)],
  ];
}

function table(r: Report): string {
  const rows: [string, string][] =
    r.kind === 'paired'
      ? pairedRows(r)
      : r.kind === 'toy2d'
      ? [
          ['modes covered', `${r.modesCovered} / ${r.totalModes}`],
          ['high-quality samples', percent(r.highQualityFraction)],
          ['reverse KL of the mode histogram', fixed(r.reverseKl, 4)],
          ['samples', r.criticKeep < 1 ? `${r.samples}, the critic's best ${percent(r.criticKeep)} of the candidates (criticKeep)` : String(r.samples)],
        ]
      : [
          ['classifier score (1 … 10)', fixed(r.classifierScore, 3)],
          ['Fréchet distance', fixed(r.frechetDistance, 2)],
          ['KID (mean ± std)', `${fixed(r.kid.mean, 3)} ± ${fixed(r.kid.std, 3)} (${r.kid.subsets} subsets of ${r.kid.subsetSize})`],
          [`precision / recall (k = ${r.k})`, `${fixed(r.precision, 3)} / ${fixed(r.recall, 3)}`],
          ['classes covered', `${r.classesCovered} / ${r.totalClasses}`],
          ['class KL from uniform', fixed(r.classKlToUniform, 4)],
          ['samples (generated / reference)', `${r.samples.evaluated} / ${r.samples.reference}`],
        ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [`${r.checkpoint} (step ${r.step})`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}

runAsProgram(import.meta.url, main);
