import { plural } from '../../lib/editor/format';
import type { EvalKind, EvalResult, EvalStage, PairedEvalResult } from '../../lib/train/evaluation';
import type { Series } from './LineChart';

/** One row of the latest-values table: the number as shown, which way is better, and what it means (the tooltip). */
export type EvalRow = { key: string; label: string; value: string; better: 'higher' | 'lower'; tip: string };

const n0 = (v: number) => v.toLocaleString('en');
const fixed = (v: number | null, d: number) => (v === null || !Number.isFinite(v) ? '–' : v.toFixed(d));

/** The table for one result. Tooltips say the unit, the scale and what real data scores (docs/metrics.md). */
export function evalRows(r: EvalResult): EvalRow[] {
  if (r.kind === 'toy2d') {
    const logK = Math.log(r.totalModes).toFixed(2);
    return [
      {
        key: 'modes',
        label: 'Modes covered',
        value: `${r.modesCovered} / ${r.totalModes}`,
        better: 'higher',
        tip: `Modes with at least one high-quality sample among ${n0(r.samples)} generated points (VEEGAN / PacGAN protocol). Real samples cover all ${r.totalModes}.`,
      },
      {
        key: 'hq',
        label: 'High-quality share',
        value: `${(100 * r.highQualityFraction).toFixed(1)} %`,
        better: 'higher',
        tip: 'Share of generated points within 3σ of their nearest mode centre (σ = 0.02 on the ring, 0.05 on the grid). Real samples: about 99 %.',
      },
      {
        key: 'rkl',
        label: 'Reverse KL',
        value: r.reverseKl === null ? 'n/a' : `${fixed(r.reverseKl, 3)} nats`,
        better: 'lower',
        tip: `KL(histogram of the high-quality points over the modes ‖ uniform), in nats: 0 when balanced, log ${r.totalModes} ≈ ${logK} when all sit on one mode; n/a when no point is high-quality.`,
      },
    ];
  }
  if (r.kind === 'paired') return pairedRows(r);
  const half = `${plural(r.kid.subsets, 'subset')} of ${n0(r.kid.subsetSize)}`;
  return [
    {
      key: 'score',
      label: 'Classifier score',
      value: `${fixed(r.classifierScore, 2)} / ${r.totalClasses}`,
      better: 'higher',
      tip: 'exp E[KL(p(y|x) ‖ p(y))] with the MNIST classifier: the Inception Score formula (TF-GAN\'s "MNIST score"). 1 … 10; real MNIST scores about 9.8.',
    },
    {
      key: 'fd',
      label: 'Fréchet distance',
      value: fixed(r.frechetDistance, r.frechetDistance >= 100 ? 1 : 2),
      better: 'lower',
      tip: `FID's formula on the classifier's 128-d features, ${n0(r.samples)} generated vs ${n0(r.samples)} real training images. Biased upwards at small N: compare only at equal sample counts. At 1,000, other real training images score 3.7 and test images 4.8; blank or noise images score over 1,000.`,
    },
    {
      key: 'kid',
      label: 'KID',
      value: `${fixed(r.kid.mean, r.kid.mean >= 100 ? 0 : 2)} ± ${fixed(r.kid.std, 2)}`,
      better: 'lower',
      tip: `Unbiased MMD² with the cubic kernel (xᵀy/128 + 1)³ on the classifier features, mean ± std over ${half}. About 0 ± 1 for real vs real; a poor generator is in the hundreds.`,
    },
    {
      key: 'precision',
      label: 'Precision',
      value: fixed(r.precision, 3),
      better: 'higher',
      tip: `Share of generated images inside the real images' k-NN manifold (k = ${r.k}): quality. Real MNIST ≈ 0.9.`,
    },
    {
      key: 'recall',
      label: 'Recall',
      value: fixed(r.recall, 3),
      better: 'higher',
      tip: `Share of real images inside the generated images' k-NN manifold (k = ${r.k}): coverage. Real MNIST ≈ 0.9.`,
    },
    {
      key: 'classes',
      label: 'Classes covered',
      value: `${r.classesCovered} / ${r.totalClasses}`,
      better: 'higher',
      tip: `Digits that are the classifier's top class for at least 1 % of the generated images. Histogram: ${r.classHistogram.map((h) => (100 * h).toFixed(0)).join(' ')} %.`,
    },
    {
      key: 'classkl',
      label: 'Class KL',
      value: `${fixed(r.classKl, 3)} nats`,
      better: 'lower',
      tip: 'KL(histogram of predicted classes ‖ uniform), in nats: 0 when all digits are equally common, log 10 ≈ 2.30 when every image is one digit.',
    },
  ];
}

/** What the baseline is called in a cell: the up-sampled input for super-resolution, the input itself otherwise. */
export const baselineName = (b: PairedEvalResult['baseline']) => (b === 'bicubic' ? 'bicubic' : 'input');

const percent = (v: number) => `${(100 * v).toFixed(1)} %`;
const db = (v: number | null) => (v === null ? '∞' : v.toFixed(2));

/** PSNR, SSIM and accuracy of G(A), each beside the baseline's (docs/metrics.md, "Paired image-to-image"). */
function pairedRows(r: PairedEvalResult): EvalRow[] {
  const base = baselineName(r.baseline);
  const b = r.baselineScores;
  const what =
    r.baseline === 'bicubic'
      ? 'The baseline, bicubic up-sampling of the low-resolution input (Keys, a = −0.5), needs no training: a generator worth its training beats it.'
      : 'The baseline is the input A itself, taken as the digit: a generator worth its training beats it.';
  const digits = `${n0(r.samples)} MNIST test digits (never trained on)`;
  return [
    {
      key: 'psnr',
      label: 'PSNR',
      value: `${db(r.generated.psnr)} dB (${base} ${db(b.psnr)})`,
      better: 'higher',
      tip: `Peak signal-to-noise ratio of G(A) against the true digit, 10·log10(L²/MSE) per image in decibels, averaged over ${digits}; L is the pixel range. Higher is closer; +3 dB halves the squared error, ∞ means identical. ${what}`,
    },
    {
      key: 'ssim',
      label: 'SSIM',
      value: `${fixed(r.generated.ssim, 3)} (${base} ${fixed(b.ssim, 3)})`,
      better: 'higher',
      tip: `Structural similarity of G(A) and the true digit (Wang et al. 2004; 11×11 Gaussian window, σ = 1.5), averaged over ${digits}: 1 for identical images, near 0 for unrelated ones. It compares local brightness, contrast and structure, closer to what the eye sees than PSNR. ${what}`,
    },
    {
      key: 'accuracy',
      label: 'Classifier accuracy',
      value: `${percent(r.generated.accuracy)} (${base} ${percent(b.accuracy)})`,
      better: 'higher',
      tip: `Share of G(A) that the MNIST classifier reads as the true digit's label, over ${digits}. The ceiling, the true digits themselves, scores ${percent(r.truthAccuracy)}. ${what}`,
    },
  ];
}

/**
 * The history charts of the design's kind of evaluation: modes / quality for 2-D points, FD / precision-recall for
 * images. Chosen by the design, not by the history, so a 2-D design never shows image metrics' empty charts before
 * its first evaluation.
 */
export function evalCharts(kind: Exclude<EvalKind, 'none'>, history: readonly EvalResult[]): { title: string; testId: string; series: Series[] }[] {
  const pts = <R extends EvalResult>(rs: readonly R[], pick: (r: R) => number | null) => rs.flatMap((r) => (pick(r) === null ? [] : [[r.step, pick(r)!] as const]));
  if (kind === 'paired') {
    const paired = history.filter((r) => r.kind === 'paired');
    // The baseline does not depend on G: a flat reference line at the value of the latest evaluation's digits.
    const last = paired.at(-1);
    const base = last ? baselineName(last.baseline) : 'baseline';
    const flat = (v: number | null) => (v === null ? [] : paired.map((r) => [r.step, v] as const));
    return [
      {
        title: 'PSNR (dB)',
        testId: 'chart-eval-main',
        series: [
          { name: 'G(A)', points: pts(paired, (r) => r.generated.psnr) },
          { name: base, points: last ? flat(last.baselineScores.psnr) : [] },
        ],
      },
      {
        title: 'Classifier accuracy / SSIM',
        testId: 'chart-eval-second',
        series: [
          { name: 'accuracy', points: pts(paired, (r) => r.generated.accuracy) },
          { name: 'SSIM', points: pts(paired, (r) => r.generated.ssim) },
          { name: `${base} accuracy`, points: last ? flat(last.baselineScores.accuracy) : [] },
        ],
      },
    ];
  }
  if (kind === 'toy2d') {
    const toy = history.filter((r) => r.kind === 'toy2d');
    return [
      { title: 'Modes covered', testId: 'chart-eval-main', series: [{ name: 'modes', points: pts(toy, (r) => r.modesCovered) }] },
      {
        title: 'Sample quality',
        testId: 'chart-eval-second',
        series: [
          { name: 'HQ share', points: pts(toy, (r) => r.highQualityFraction) },
          { name: 'reverse KL', points: pts(toy, (r) => r.reverseKl) },
        ],
      },
    ];
  }
  const img = history.filter((r) => r.kind === 'images');
  return [
    { title: 'Fréchet distance', testId: 'chart-eval-main', series: [{ name: 'FD', points: pts(img, (r) => r.frechetDistance) }] },
    {
      title: 'Precision / recall',
      testId: 'chart-eval-second',
      series: [
        { name: 'precision', points: pts(img, (r) => r.precision) },
        { name: 'recall', points: pts(img, (r) => r.recall) },
      ],
    },
  ];
}

const STAGES: Record<EvalStage, string> = { reference: 'classifying the real images', generating: 'generating and classifying', scoring: 'scoring' };

/** "evaluating step 500: generating and classifying 500 / 1,000". */
export function progressText(step: number, p: { stage: EvalStage; done: number; total: number }): string {
  const count = p.stage === 'scoring' ? '' : ` ${n0(p.done)} / ${n0(p.total)}`;
  return `evaluating step ${n0(step)}: ${STAGES[p.stage]}${count}…`;
}
