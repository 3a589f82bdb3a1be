import type { StepMetrics } from '../step-metrics';
import type { Rule } from './types';
import { WINDOW_STEPS, fig, mean, optimizerLink, optimizerOf, recent, series } from './window';

/**
 * Growth over the run's first stretch (after the first 20 steps) and the size past which growth counts. Measured on
 * ring8-2d (wasm, seeds 1–2, 2,500 steps): healthy gradient norms do grow — seed 2's G from 0.65 to 18 (28×) as D's
 * logits sharpen — so a gradient norm counts only past NORM_MIN, 2.5× the largest healthy one; a too-strong D pushes
 * G's to 11–22; a Wasserstein critic with neither clipping nor a penalty has its norms grow 4 → 40 and its mean
 * scores run from about 2 to 48 (24×) by step 1,500, where healthy WGAN-GP scores stay within ±2.5.
 */
const GROWTH = 10;
const NORM_MIN = 50;
const SCORE_MIN = 10;
const EARLY_FROM = 20;

/** Gradient norms, the critic's scores or the Wasserstein estimate running away: NaN is near. */
export const diverging: Rule = ({ history, design }) => {
  const win = recent(history);
  if (!win) return null;
  const early = history.filter((m) => m.step >= EARLY_FROM && m.step < EARLY_FROM + WINDOW_STEPS && m.step < win[0]!.step);
  if (early.length < 10) return null;
  const grown = (pick: (m: StepMetrics) => number | null | undefined, min: number) => {
    const then = mean(series(early, pick).map(Math.abs));
    const now = mean(series(win, pick).map(Math.abs));
    return now >= min && now >= GROWTH * then ? { then, now } : null;
  };
  const figures: Record<string, number> = {};
  let network: string | undefined;
  for (const net of Object.keys(win.at(-1)!.gradNorms)) {
    const g = grown((m) => m.gradNorms[net], NORM_MIN);
    if (g && (!network || g.now > figures[`${network} gradient norm`]!)) {
      network = net;
      figures[`${net} gradient norm`] = fig(g.now);
      figures[`${net} gradient norm, early`] = fig(g.then);
    }
  }
  const unbounded = design.loss?.objective === 'wasserstein' || design.loss?.objective === 'hinge';
  const scores = unbounded ? grown((m) => (m.dReal === null || m.dFake === null ? null : (Math.abs(m.dReal) + Math.abs(m.dFake)) / 2), SCORE_MIN) : null;
  if (scores) Object.assign(figures, { 'critic’s mean |score|': fig(scores.now), 'critic’s mean |score|, early': fig(scores.then) });
  const w = grown((m) => m.wasserstein, SCORE_MIN);
  if (w) Object.assign(figures, { '|Wasserstein estimate|': fig(w.now), '|Wasserstein estimate|, early': fig(w.then) });
  if (!network && !scores && !w) return null;
  const what = [network ? `${network}’s gradient norm` : null, scores ? 'the critic’s scores' : null, w ? 'the Wasserstein estimate' : null].filter(Boolean).join(' and ');
  const unconstrained = design.loss?.objective === 'wasserstein' && design.penalties.length === 0 && design.clips.length === 0 && !design.spectralNorm;
  const target = network ?? design.critics[0];
  const lr = optimizerOf(design, target)?.learningRate;
  return {
    code: 'diverging',
    severity: 'error',
    sentence: `Training is diverging: ${what} grew more than ${GROWTH}-fold since the start${unconstrained ? ' — the Wasserstein critic has no Lipschitz constraint, so nothing bounds it' : ''}; NaN is likely next.`,
    evidence: { fromStep: early[0]!.step, toStep: win.at(-1)!.step, figures },
    suggestion: unconstrained
      ? {
          text: 'Constrain the critic: add a gradient penalty (WGAN-GP, λ = 10, Gulrajani 2017) or weight clipping (c = 0.01, Arjovsky 2017), or spectral normalisation; or switch the loss to the non-saturating or hinge objective.',
          setting: design.loss ? { kind: 'node', nodeId: design.loss.nodeId, param: 'objective' } : null,
        }
      : { text: `Lower ${target ?? 'the'} learning rate${lr ? ` (now ${lr}; try ${fig(lr / 5)})` : ''}; a gradient penalty or spectral normalisation in the critic also bounds its gradients.`, setting: optimizerLink(design, target) },
  };
};
