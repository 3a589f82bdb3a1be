import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';

/**
 * ring8-2d with its loss made relativistic (RaSGAN / RaLSGAN / RaHinge, or their paired forms: RpGAN…) and its noise
 * truncated at ±2σ.
 */
export function ragan2d(objective: 'standard' | 'least-squares' | 'hinge', compare: 'average' | 'pair' = 'average'): Design {
  const d = structuredClone(getPreset('ring8-2d')!.design);
  d.name = `ring8 with a relativistic ${compare === 'pair' ? 'paired ' : ''}${objective} loss and truncated noise`;
  for (const n of d.training.nodes) {
    if (n.type === 'adversarialLoss') Object.assign(n, { type: 'relativisticLoss', params: { objective, compare, weight: 1 } });
    if (n.type === 'noise') Object.assign(n, { type: 'truncatedNoise', params: { dim: n.params['dim'], stdDev: 1 } });
  }
  return d;
}
