import type { Rule } from './types';
import { WARMUP_STEPS, fig, mean, optimizerLink, optimizerOf, recent, series, sigmoid } from './window';

/**
 * D(x) at or above this, on the probability scale, with D(G(z)) at or below FAKE_MAX: the discriminator tells real
 * from fake almost perfectly. Measured on ring8-2d (wasm, seeds 1–2): healthy runs keep mean D(x) between 0.45 and
 * 0.70 (logits −0.2 to 0.85) over 2,500 steps; with D's learning rate ×10 (1e-2) D(x) passes 0.95 by step 250 and
 * reaches 0.9999 (logit 10) while D(G(z)) sits at 0.18.
 */
const REAL_MIN = 0.95;
const FAKE_MAX = 0.3;
/** G's gradient norm below this share of its best window: the generator's signal is fading (error, not warning). */
const FADING = 0.5;

/** Discriminator saturation (Goodfellow 2014 §3; Arjovsky & Bottou 2017): D wins and G stops learning. */
export const saturation: Rule = ({ history, design }) => {
  const loss = design.loss;
  // Unbounded critics (Wasserstein, hinge) have no probability scale to saturate on.
  if (!loss || !['non-saturating', 'minimax', 'least-squares'].includes(loss.objective)) return null;
  const win = recent(history);
  if (!win) return null;
  const toP = (x: number) => (loss.objective !== 'least-squares' && loss.scores === 'logits' ? sigmoid(x) : x);
  const pReal = mean(series(win, (m) => (m.dReal === null ? null : toP(m.dReal))));
  const pFake = mean(series(win, (m) => (m.dFake === null ? null : toP(m.dFake))));
  if (!(pReal >= REAL_MIN && pFake <= FAKE_MAX)) return null;
  const g = design.generators[0];
  const gNow = mean(series(win, (m) => (g ? m.gradNorms[g] : null)));
  // G's best: the highest mean gradient norm over any window-long stretch after the warm-up.
  let gPeak = gNow;
  const after = history.filter((m) => m.step >= WARMUP_STEPS / 4);
  for (let i = 0; i + win.length <= after.length; i += Math.max(1, win.length >> 1)) gPeak = Math.max(gPeak, mean(series(after.slice(i, i + win.length), (m) => (g ? m.gradNorms[g] : null))));
  const fading = Number.isFinite(gNow) && gNow < FADING * gPeak;
  const critic = design.critics[0];
  const lr = optimizerOf(design, critic)?.learningRate;
  return {
    code: 'discriminator-saturated',
    severity: fading ? 'error' : 'warning',
    sentence: `The discriminator wins: it scores real data ${pReal.toFixed(3)} and generated data ${pFake.toFixed(3)}, so the generator learns little from it${fading ? ', and the generator’s gradient is fading' : ''}.`,
    evidence: { fromStep: win[0]!.step, toStep: win.at(-1)!.step, figures: { 'D(x)': fig(pReal), 'D(G(z))': fig(pFake), 'G gradient norm': fig(gNow), 'G gradient norm, best': fig(gPeak) } },
    suggestion: {
      text: `Slow the discriminator down: lower ${critic ?? 'D'}’s learning rate${lr ? ` (now ${lr}; try ${fig(lr / 5)})` : ''} — separate rates for D and G (TTUR, Heusel 2017) — or make its job harder with one-sided label smoothing (real target 0.9) or instance noise.`,
      setting: optimizerLink(design, critic),
    },
  };
};
