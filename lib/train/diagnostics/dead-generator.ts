import type { Rule } from './types';
import { WARMUP_STEPS, fig, optimizerLink, optimizerOf } from './window';

/**
 * Fixed-noise samples that moved less than this share of their own spread (or of 1e-3 when they have none) between
 * frames, in each of the last FRAMES frames. Measured on ring8-2d (wasm, seeds 1–2): healthy runs with an EMA of
 * G's weights still move 0.6–4 % of their spread per 50-step frame after they converge, a too-strong D 1 %; a
 * generator whose learning rate is 0 moves exactly 0.
 */
const STILL = 1e-3;
const FRAMES = 3;

export const deadGenerator: Rule = ({ samples, design }) => {
  const last = samples.filter((s) => s.step >= WARMUP_STEPS && s.movement !== null).slice(-FRAMES);
  if (last.length < FRAMES) return null;
  const still = last.every((s) => s.movement! <= STILL * Math.max(s.diversity, 1e-3));
  if (!still) return null;
  const g = design.generators[0];
  const lr = optimizerOf(design, g)?.learningRate;
  const moved = Math.max(...last.map((s) => s.movement!));
  return {
    code: 'dead-generator',
    severity: 'error',
    sentence: `The generator has stopped changing: its fixed-noise samples moved at most ${moved.toPrecision(2)} between the last ${FRAMES} frames.`,
    evidence: { fromStep: last[0]!.step, toStep: last.at(-1)!.step, figures: { 'largest movement': fig(moved), 'sample spread': fig(last.at(-1)!.diversity), ...(lr !== undefined ? { 'G learning rate': lr } : {}) } },
    suggestion: {
      text: `Give ${g ?? 'G'} a learning signal: raise its learning rate${lr === 0 ? ' (it is 0)' : ''}, and check that D is not saturated and that G’s layers are not all dead ReLUs (LeakyReLU helps).`,
      setting: optimizerLink(design, g),
    },
  };
};
