import type { Rule } from './types';
import { fig, mean, optimizerLink, recent, series } from './window';

/**
 * The WGAN-GP penalty divided by its weight is the mean square distance of the critic's gradient norm from its
 * target (1): at DEVIATION_MIN or more over the window, the norms are off by 1 or more on average — the critic is
 * not near 1-Lipschitz, and the Wasserstein estimate means little. Measured on a ring8-2d WGAN-GP (wasm, seed 1,
 * 1,000 steps, per 200-step window): λ = 10 with n_critic 5 and Adam 1e-4 β (0, 0.9), 0.02–0.10; λ = 10 with
 * n_critic 1 and the critic's learning rate 1e-2, 0.03–0.05; λ = 0.1 with that learning rate, 2.6–7.1.
 * (Relative to the critic's loss it would not work: the loss of a WGAN that converges goes to 0.)
 */
const DEVIATION_MIN = 1;
/** Gulrajani 2017's λ and n_critic. */
const LAMBDA = 10;
const N_CRITIC = 5;

export const lipschitz: Rule = ({ history, design }) => {
  const win = recent(history);
  if (!win) return null;
  const critic = design.critics[0];
  for (const p of design.penalties) {
    // R1 (Mescheder 2018) pushes the gradient towards 0 on real data, not to norm 1: it has no target to miss.
    if (p.type !== 'gradientPenalty' || !(p.weight > 0)) continue;
    const penalty = mean(series(win, (m) => m.losses[p.metric]));
    const deviation = penalty / p.weight;
    if (!(deviation >= DEVIATION_MIN)) continue;
    const setting =
      p.weight < LAMBDA
        ? { text: `Weigh the penalty more: λ = ${LAMBDA} (Gulrajani 2017; now ${p.weight}).`, setting: { kind: 'node' as const, nodeId: p.nodeId, param: 'weight' } }
        : design.settings.nCritic < N_CRITIC
          ? { text: `Give the critic more updates per generator update (n_critic = ${N_CRITIC}, Gulrajani 2017) so it can meet the constraint.`, setting: { kind: 'training' as const, field: 'nCritic' as const } }
          : { text: `Lower ${critic ?? 'the critic'}’s learning rate (WGAN-GP: Adam 1e-4, β = (0, 0.9)) so each update keeps the critic near the constraint.`, setting: optimizerLink(design, critic) };
    return {
      code: 'lipschitz-ignored',
      severity: 'warning',
      sentence: `The critic ignores its Lipschitz constraint: its gradient norm is ${Math.sqrt(deviation).toFixed(1)} away from 1 on average (the penalty averages ${penalty.toPrecision(2)} at λ = ${p.weight}).`,
      evidence: { fromStep: win[0]!.step, toStep: win.at(-1)!.step, figures: { penalty: fig(penalty), λ: p.weight, 'RMS distance of ‖∇D‖ from 1': fig(Math.sqrt(deviation)) } },
      suggestion: setting,
    };
  }
  return null;
};
