import type { EvalResult } from '../evaluation';
import type { StepMetrics } from '../step-metrics';
import type { DiagnosisInput, Rule } from './types';
import { WARMUP_STEPS, WINDOW_STEPS, fig, median, optimizerLink, optimizerOf } from './window';

/**
 * Oscillation: the generator's loss swings up and down in big cycles, or its fixed-noise samples jump further each
 * frame than they are spread (mode hopping: G chases D from one mode to the next), and neither the evaluation nor
 * the samples' spread improves over the stretch. Measured on ring8-2d (wasm, seeds 1–2): healthy runs have samples
 * move 3–75 % of their spread per 50-step frame (the most while still spreading out early), the collapsing settings
 * (no EMA, G's Adam at lr 5e-3, β1 0.9) 150–1,000 %; healthy G-loss block means swing by less than … (below).
 */
const BLOCK = 20;
const BLOCKS = (2 * WINDOW_STEPS) / BLOCK;
/**
 * Reversals of the block means, each bigger than NOISE standard errors, and a swing of SWING × the loss's level.
 * Healthy ring8-2d runs reverse 9 times in their first 400 steps with a swing of half their level (seed 3), so the
 * swing must be the loss's whole level, and the first WARMUP_STEPS are not part of the stretch.
 */
const REVERSALS = 6;
const NOISE = 2;
const SWING = 1;
const HOP = 1;
const FRAMES = 5;

export const oscillation: Rule = (input) => {
  const { history, design } = input;
  const last = history.at(-1);
  if (!last || last.step < WARMUP_STEPS + BLOCK * BLOCKS) return null;
  const span = history.filter((m) => m.step > last.step - BLOCK * BLOCKS);
  const cycle = cycling(span, design.loss ? `${design.loss.nodeId}.G` : null);
  const frames = input.samples.filter((s) => s.step > last.step - BLOCK * BLOCKS && s.movement !== null && s.diversity > 0).slice(-FRAMES);
  const hop = frames.length >= FRAMES ? median(frames.map((s) => s.movement! / s.diversity)) : NaN;
  const hopping = hop >= HOP;
  if (!cycle && !hopping) return null;
  if (progressing(input, span[0]!.step)) return null;
  const g = design.generators[0];
  const o = optimizerOf(design, g);
  const highBeta = o?.beta1 !== null && o?.beta1 !== undefined && o.beta1 > 0.5;
  const figures: Record<string, number> = {};
  if (cycle) Object.assign(figures, { 'G loss reversals': cycle.reversals, 'G loss swing': fig(cycle.swing), 'G loss level': fig(cycle.level) });
  if (hopping) figures['sample movement / spread'] = fig(hop);
  return {
    code: 'oscillation',
    severity: 'warning',
    sentence: `Training oscillates without progress: ${[cycle ? `the generator’s loss reversed ${cycle.reversals} times in ${span.length} steps` : null, hopping ? `the samples jump ${hop.toFixed(1)}× their own spread between frames` : null].filter(Boolean).join(' and ')}, while the results do not improve.`,
    evidence: { fromStep: span[0]!.step, toStep: last.step, figures },
    suggestion: {
      text: `Damp the chase: ${highBeta ? `lower ${g ?? 'G'}’s Adam β1 to 0.5 (now ${o!.beta1})` : `lower ${g ?? 'G'}’s learning rate`}, keep a moving average of G’s weights (EMA), or use the two-time-scale rule (TTUR).`,
      setting: optimizerLink(design, g, highBeta ? 'beta1' : 'learningRate'),
    },
  };
};

function cycling(span: readonly StepMetrics[], key: string | null): { reversals: number; swing: number; level: number } | null {
  if (!key) return null;
  const blocks: { mean: number; se: number }[] = [];
  for (let i = 0; i + BLOCK <= span.length; i += BLOCK) {
    const xs = span.slice(i, i + BLOCK).map((m) => m.losses[key]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (xs.length < 2) return null;
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    blocks.push({ mean: m, se: sd / Math.sqrt(xs.length) });
  }
  if (blocks.length < BLOCKS) return null;
  const se = median(blocks.map((b) => b.se));
  let reversals = 0;
  let dir = 0;
  for (let i = 1; i < blocks.length; i++) {
    const d = blocks[i]!.mean - blocks[i - 1]!.mean;
    if (Math.abs(d) <= NOISE * se) continue;
    const s = Math.sign(d);
    if (dir !== 0 && s !== dir) reversals++;
    dir = s;
  }
  const means = blocks.map((b) => b.mean);
  const swing = Math.max(...means) - Math.min(...means);
  const level = median(means.map(Math.abs));
  return reversals >= REVERSALS && swing >= SWING * Math.max(level, 1e-9) ? { reversals, swing, level } : null;
}

/**
 * Whether the run got better since `from`: a better evaluation than the last one before the stretch, or samples
 * spreading out. Without evidence either way it counts as progressing: "without progress" is a claim to back.
 */
function progressing({ evaluations, samples }: DiagnosisInput, from: number): boolean {
  const before = evaluations.filter((e) => e.step <= from).at(-1) ?? evaluations.find((e) => e.step >= from);
  const last = evaluations.at(-1);
  if (before && last && last.step > before.step) return quality(last) > quality(before);
  const frames = samples.filter((s) => s.step >= from);
  if (frames.length < 6) return true;
  return median(frames.slice(-3).map((s) => s.diversity)) > 1.1 * median(frames.slice(0, 3).map((s) => s.diversity));
}

const quality = (e: EvalResult) =>
  e.kind === 'toy2d' ? e.modesCovered + e.highQualityFraction : e.kind === 'paired' ? e.generated.ssim + e.generated.accuracy : e.classesCovered + e.precision + e.recall;
