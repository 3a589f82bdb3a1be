import { getPreset } from '../../../lib/presets';
import type { Design } from '../../../lib/graph/schema';

/**
 * ring8-2d changed into runs built to fail (and left alone, for the healthy run the health check must not flag),
 * for tests/unit/train/diagnostics-cli.test.ts. What each does was measured with `gan train --log` (wasm, seed 1).
 */
export type RunKind = 'healthy' | 'strong-d' | 'collapse' | 'wgan-unconstrained' | 'wgan-gp-loose';

export function ring8Variant(kind: RunKind): Design {
  const d = structuredClone(getPreset('ring8-2d')!.design);
  const params = (id: string) => {
    const n = d.training.nodes.find((x) => x.id === id);
    if (!n) throw new Error(`ring8-2d has no node "${id}"`);
    return (n.params ??= {}) as Record<string, unknown>;
  };
  switch (kind) {
    case 'healthy':
      break;
    case 'strong-d':
      // The "too-strong D": D's learning rate ×10 (1e-3 → 1e-2).
      params('opt_D').learningRate = 1e-2;
      break;
    case 'collapse':
      // No moving average, and G's Adam at 5× the rate with β1 0.9: G hops between one or two modes.
      d.training.settings.emaDecay = 0;
      params('opt_G').learningRate = 5e-3;
      params('opt_G').beta1 = 0.9;
      break;
    case 'wgan-unconstrained':
      // The Wasserstein objective with neither weight clipping nor a gradient penalty: the critic is unbounded.
      params('loss').objective = 'wasserstein';
      break;
    case 'wgan-gp-loose':
      // WGAN-GP with λ = 0.1 instead of 10 and the critic's learning rate ×10: the penalty cannot hold the critic.
      params('loss').objective = 'wasserstein';
      params('opt_D').learningRate = 1e-2;
      d.training.nodes.push({ id: 'gp', type: 'gradientPenalty', params: { weight: 0.1 }, position: { x: 1212, y: 240 } });
      for (const side of ['real', 'fake'] as const) {
        const call = side === 'real' ? 'D_real' : 'D_fake';
        d.training.edges.push({ id: `${call}.out->gp.${side}`, source: call, sourceHandle: 'out', target: 'gp', targetHandle: side });
      }
      break;
  }
  return d;
}
