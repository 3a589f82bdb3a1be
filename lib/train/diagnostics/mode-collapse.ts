import type { ImageEvalResult, ToyEvalResult } from '../evaluation';
import type { Diagnosis, DiagnosisInput, Rule, SettingLink } from './types';
import { WARMUP_STEPS, fig, median, optimizerLink } from './window';

/**
 * Thresholds, measured on ring8-2d (wasm, 1,000–2,500 steps, seeds 1–2):
 * - healthy runs reach 6–8 modes and never lose 2 once covered; the collapsing settings (no EMA, G's Adam at lr 5e-3,
 *   β1 0.9) cover 0–2 modes, and a too-strong D falls from 5 modes to 3;
 * - healthy samples spread to 0.85–1.0 of the real points' spread (mean pairwise distance) after step 500, and while
 *   still spreading they only grow; collapsed samples sit at 0.2–0.6 of it and do not grow.
 */
const MODES_LOST = 2;
const SPREAD_MIN = 0.5;
/** Frames in the median that judges the spread: one outlying frame does not decide. */
const FRAMES = 5;
/** MNIST: a class histogram this far from uniform (KL, nats) that has doubled since its best means classes are lost. */
const CLASS_KL_MIN = 0.5;

export const modeCollapse: Rule = (input) => fromEvaluations(input) ?? fromSamples(input);

function fromEvaluations({ evaluations, design }: DiagnosisInput): Diagnosis | null {
  // Coverage of modes or classes: a paired generator's digits follow its inputs, so it has none to lose.
  const evals = evaluations.filter((e): e is ToyEvalResult | ImageEvalResult => e.kind !== 'paired' && e.step >= WARMUP_STEPS);
  const last = evals.at(-1);
  if (!last) return null;
  const coverage = (e: ToyEvalResult | ImageEvalResult) => (e.kind === 'toy2d' ? e.modesCovered : e.classesCovered);
  const total = last.kind === 'toy2d' ? last.totalModes : last.totalClasses;
  const best = evals.reduce((b, e) => (coverage(e) > coverage(b) ? e : b), evals[0]!);
  const lost = coverage(best) - coverage(last);
  const what = last.kind === 'toy2d' ? 'modes' : 'digit classes';
  if (lost >= MODES_LOST) {
    return diagnosis(design, best.step, last.step, `The generator is collapsing: it covered ${coverage(best)} of ${total} ${what} at step ${best.step} and covers ${coverage(last)} now.`, {
      [`${what} covered`]: coverage(last),
      [`${what} covered, best`]: coverage(best),
      [`${what} in all`]: total,
    });
  }
  if (last.kind === 'images') {
    const images = evals.filter((e) => e.kind === 'images');
    const least = Math.min(...images.map((e) => e.classKl));
    if (last.classKl >= CLASS_KL_MIN && last.classKl >= 2 * least) {
      return diagnosis(design, images[0]!.step, last.step, `The generator’s digits are narrowing to a few classes: the class histogram is ${last.classKl.toFixed(2)} nats from uniform, up from ${least.toFixed(2)}.`, {
        'class KL (nats)': fig(last.classKl),
        'class KL, least': fig(least),
        'classes covered': last.classesCovered,
      });
    }
  }
  return null;
}

function fromSamples({ samples, design }: DiagnosisInput): Diagnosis | null {
  const frames = samples.filter((s) => s.step >= WARMUP_STEPS / 4);
  if (frames.length < 2 * FRAMES || frames.at(-1)!.step < WARMUP_STEPS) return null;
  const now = frames.slice(-FRAMES);
  const before = frames.slice(-2 * FRAMES, -FRAMES);
  const spread = median(now.map((s) => s.diversity));
  const spreadBefore = median(before.map((s) => s.diversity));
  // Against the real points where the frame has them (2-D); otherwise against the run's own best spread.
  const real = median(now.map((s) => s.realDiversity).filter((v): v is number => v !== null));
  let reference = real;
  if (!Number.isFinite(reference)) {
    reference = 0;
    for (let i = 0; i + FRAMES <= frames.length; i++) reference = Math.max(reference, median(frames.slice(i, i + FRAMES).map((s) => s.diversity)));
  }
  const growing = spread > 1.1 * spreadBefore;
  if (!(reference > 0) || spread >= SPREAD_MIN * reference || growing) return null;
  const versus = Number.isFinite(real) ? 'the real data’s' : 'their own best';
  return diagnosis(design, now[0]!.step, now.at(-1)!.step, `The generator is collapsing: its samples spread ${((100 * spread) / reference).toFixed(0)} % as far as ${versus}, and the spread is not growing.`, {
    'sample spread': fig(spread),
    [Number.isFinite(real) ? 'real spread' : 'sample spread, best']: fig(reference),
    'sample spread, 5 frames before': fig(spreadBefore),
  });
}

function diagnosis(design: DiagnosisInput['design'], fromStep: number, toStep: number, sentence: string, figures: Record<string, number>): Diagnosis {
  const g = design.generators[0];
  const noEma = design.settings.emaDecay === 0;
  const setting: SettingLink | null = noEma ? { kind: 'training', field: 'emaDecay' } : optimizerLink(design, g);
  return {
    code: 'mode-collapse',
    severity: 'warning',
    sentence,
    evidence: { fromStep, toStep, figures },
    suggestion: {
      text: `${noEma ? 'Keep a moving average of G’s weights (EMA decay 0.99–0.999) for sampling, ' : `Lower ${g ?? 'G'}’s learning rate (Adam β1 0.5), `}and let D see diversity: a minibatch standard-deviation layer in D (ProGAN) or packed samples (PacGAN, Lin 2018).`,
      setting,
    },
  };
}
