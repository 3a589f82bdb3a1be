import { describe, expect, it } from 'vitest';
import { appendEval, EVAL_HISTORY_CAP, type EvalResult, type ImageEvalResult, type PairedEvalResult, type ToyEvalResult } from '../../../lib/train/evaluation';
import { zRunRecord } from '../../../lib/train/diagnostics/run-record';
import { overlayCharts } from '../../../lib/train/run-archive';
import type { FromWorker } from '../../../lib/train/protocol';
import { initialRunState, runReducer, type RunState } from '../../../lib/train/run-state';
import { evalCharts, evalRows, progressText } from '../../../components/training/eval-view';

const toy = (step: number, modes = 8): ToyEvalResult => ({
  kind: 'toy2d',
  step,
  samples: 2500,
  seconds: 0.01,
  mixture: 'ring8',
  modesCovered: modes,
  totalModes: 8,
  highQualityFraction: 0.9,
  reverseKl: 0.05,
  counts: [1, 2, 3, 4, 5, 6, 7, 8],
});

const image = (step: number): ImageEvalResult => ({
  kind: 'images',
  step,
  samples: 1000,
  seconds: 3,
  classifierScore: 8.5,
  frechetDistance: 42.25,
  kid: { mean: 12.5, std: 1.5, subsets: 10, subsetSize: 500 },
  precision: 0.7,
  recall: 0.6,
  k: 3,
  classesCovered: 10,
  totalClasses: 10,
  classKl: 0.02,
  classHistogram: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
});

const paired = (step: number, psnr: number | null = 17.4712, baseline: 'bicubic' | 'input' = 'bicubic'): PairedEvalResult => ({
  kind: 'paired',
  step,
  samples: 1000,
  seconds: 1.5,
  pair: baseline === 'bicubic' ? 'mnist-lowres-7' : 'mnist-outline',
  baseline,
  generated: { psnr, ssim: 0.6744, accuracy: 0.886 },
  baselineScores: { psnr: 14.6937, ssim: 0.4032, accuracy: 0.668 },
  truthAccuracy: 0.994,
});

const fold = (msgs: FromWorker[], s: RunState = initialRunState) => msgs.reduce(runReducer, s);

describe('runReducer: evaluation reports', () => {
  it('takes the target and settings, shows progress, then the result in step order', () => {
    const s = fold([
      { type: 'evalInfo', target: { kind: 'toy2d', mixture: 'ring8' }, settings: { every: 250, samples: 2500 }, limits: { min: 100, max: 20_000 } },
      { type: 'evalResult', result: toy(500) },
      { type: 'evalProgress', step: 250, progress: { stage: 'generating', done: 0, total: 2500 } },
    ]);
    expect(s.evaluation.target).toEqual({ kind: 'toy2d', mixture: 'ring8' });
    expect(s.evaluation.settings).toEqual({ every: 250, samples: 2500 });
    expect(s.evaluation.running).toEqual({ step: 250, progress: { stage: 'generating', done: 0, total: 2500 } });
    const done = runReducer(s, { type: 'evalResult', result: toy(250, 5) });
    expect(done.evaluation.running).toBeNull();
    expect(done.evaluation.history.map((r) => r.step)).toEqual([250, 500]);
  });

  it('replaces a result at a step already measured, keeps a failure as a notice, and takes a restored history whole', () => {
    let s = fold([{ type: 'evalResult', result: toy(100, 3) }, { type: 'evalResult', result: toy(100, 6) }]);
    expect(s.evaluation.history).toEqual([toy(100, 6)]);
    s = fold([{ type: 'evalProgress', step: 200, progress: { stage: 'scoring', done: 1, total: 1 } }, { type: 'evalFailed', step: 200, cancelled: true, message: 'stopped' }], s);
    expect(s.evaluation).toMatchObject({ running: null, notice: 'stopped', history: [toy(100, 6)] });
    s = runReducer(s, { type: 'evalHistory', results: [toy(50)] });
    expect(s.evaluation).toMatchObject({ history: [toy(50)], notice: null });
  });

  it('keeps evaluations when the loss history restarts at a fresh trainer (the worker sends the history on every load)', () => {
    const s = fold([{ type: 'evalResult', result: toy(0) }, { type: 'status', phase: 'ready', step: 0, totalSteps: 10 }]);
    expect(s.evaluation.history).toHaveLength(1);
  });
});

describe('appendEval', () => {
  it('thins the older half once past the cap, keeping the newest results', () => {
    let h: EvalResult[] = [];
    for (let i = 1; i <= EVAL_HISTORY_CAP + 1; i++) h = appendEval(h, toy(i));
    expect(h.length).toBeLessThanOrEqual(EVAL_HISTORY_CAP);
    expect(h.at(-1)!.step).toBe(EVAL_HISTORY_CAP + 1);
    expect(h.map((r) => r.step)).toEqual([...h.map((r) => r.step)].sort((a, b) => a - b));
  });
});

describe('paired results in the history', () => {
  it('are appended in step order, replaced at a step already measured, and kept beside another kind at the same step', () => {
    let h: EvalResult[] = [];
    h = appendEval(h, paired(500));
    h = appendEval(h, paired(250, 15));
    h = appendEval(h, paired(500, 18));
    h = appendEval(h, toy(500));
    expect(h.map((r) => [r.kind, r.step])).toEqual([
      ['paired', 250],
      ['paired', 500],
      ['toy2d', 500],
    ]);
    expect(h[1]).toEqual(paired(500, 18));
    const s = fold([
      { type: 'evalInfo', target: { kind: 'paired', pair: 'mnist-lowres-7', range: '[-1,1]', network: 'G', input: { node: 'data', port: 'a' } }, settings: { every: 250, samples: 1000 }, limits: { min: 100, max: 10_000 } },
      { type: 'evalResult', result: paired(250) },
    ]);
    expect(s.evaluation.history).toEqual([paired(250)]);
  });

  it("pass the run record's schema (gan diagnose reads them back from a log or a checkpoint)", () => {
    expect(zRunRecord.shape.evaluations.safeParse([paired(250), paired(500, null, 'input')]).success).toBe(true);
    expect(zRunRecord.shape.evaluations.safeParse([{ ...paired(250), generated: { psnr: 'high' } }]).success).toBe(false);
  });

  it('draw PSNR and accuracy on the runs compare charts, leaving out an infinite PSNR', () => {
    const charts = overlayCharts([{ name: 'run 1', history: [], evaluations: [paired(250, 15), paired(500, null)] }]);
    expect(charts.map((c) => [c.testId, c.series[0]!.points])).toEqual([
      ['compare-psnr', [[250, 15]]],
      [
        'compare-accuracy',
        [
          [250, 0.886],
          [500, 0.886],
        ],
      ],
    ]);
  });
});

describe('eval-view', () => {
  it('shows PSNR, SSIM and accuracy of G(A) each beside the baseline, with the ceiling in the accuracy tooltip', () => {
    const rows = evalRows(paired(500));
    expect(rows.map((r) => [r.label, r.value, r.better])).toEqual([
      ['PSNR', '17.47 dB (bicubic 14.69)', 'higher'],
      ['SSIM', '0.674 (bicubic 0.403)', 'higher'],
      ['Classifier accuracy', '88.6 % (bicubic 66.8 %)', 'higher'],
    ]);
    expect(rows[0]!.tip).toMatch(/decibels.*1,000 MNIST test digits.*bicubic up-sampling/);
    expect(rows[2]!.tip).toMatch(/true digits themselves, scores 99\.4 %/);
    // Identical images: PSNR is +∞ (null in JSON); the input itself as the baseline of a same-size translation.
    expect(evalRows(paired(500, null, 'input'))[0]!.value).toBe('∞ dB (input 14.69)');
  });

  it('plots PSNR with the baseline as a flat line, and accuracy / SSIM, for paired runs', () => {
    expect(evalCharts('paired', [paired(250, 15), paired(500)]).map((c) => [c.title, c.series.map((s) => [s.name, s.points])])).toEqual([
      [
        'PSNR (dB)',
        [
          ['G(A)', [[250, 15], [500, 17.4712]]],
          ['bicubic', [[250, 14.6937], [500, 14.6937]]],
        ],
      ],
      [
        'Classifier accuracy / SSIM',
        [
          ['accuracy', [[250, 0.886], [500, 0.886]]],
          ['SSIM', [[250, 0.6744], [500, 0.6744]]],
          ['bicubic accuracy', [[250, 0.668], [500, 0.668]]],
        ],
      ],
    ]);
    expect(evalCharts('paired', []).map((c) => [c.title, c.series.every((s) => s.points.length === 0)])).toEqual([
      ['PSNR (dB)', true],
      ['Classifier accuracy / SSIM', true],
    ]);
  });

  it('shows the 2-D numbers with units, which way is better, and a tooltip', () => {
    const rows = evalRows(toy(250, 7));
    expect(rows.map((r) => [r.label, r.value, r.better])).toEqual([
      ['Modes covered', '7 / 8', 'higher'],
      ['High-quality share', '90.0 %', 'higher'],
      ['Reverse KL', '0.050 nats', 'lower'],
    ]);
    for (const r of rows) expect(r.tip.length).toBeGreaterThan(40);
  });

  it('shows the image metrics', () => {
    expect(evalRows(image(500)).map((r) => [r.label, r.value])).toEqual([
      ['Classifier score', '8.50 / 10'],
      ['Fréchet distance', '42.25'],
      ['KID', '12.50 ± 1.50'],
      ['Precision', '0.700'],
      ['Recall', '0.600'],
      ['Classes covered', '10 / 10'],
      ['Class KL', '0.020 nats'],
    ]);
  });

  it('plots modes / quality for 2-D runs and FD / precision-recall for image runs', () => {
    expect(evalCharts('toy2d', [toy(250, 4), toy(500, 8)]).map((c) => [c.title, c.series.map((s) => s.points)])).toEqual([
      ['Modes covered', [[[250, 4], [500, 8]]]],
      ['Sample quality', [[[250, 0.9], [500, 0.9]], [[250, 0.05], [500, 0.05]]]],
    ]);
    expect(evalCharts('images', [image(500)]).map((c) => c.title)).toEqual(['Fréchet distance', 'Precision / recall']);
    // Before the first evaluation the design decides: a 2-D design never shows the image metrics' charts.
    expect(evalCharts('toy2d', []).map((c) => [c.title, c.series.every((s) => s.points.length === 0)])).toEqual([
      ['Modes covered', true],
      ['Sample quality', true],
    ]);
    expect(evalCharts('images', []).map((c) => c.title)).toEqual(['Fréchet distance', 'Precision / recall']);
    expect(progressText(1500, { stage: 'generating', done: 500, total: 1000 })).toBe('evaluating step 1,500: generating and classifying 500 / 1,000…');
  });
});
