import type * as tfType from '@tensorflow/tfjs';
import type { Design } from '../lib/graph/schema';
import { scoreModes2d } from '../lib/metrics/modes2d';
import type { Trainer } from '../lib/train/trainer';

/** PacGAN scores 2,500 generated points per evaluation. */
export const TOY_SAMPLES = 2500;

/**
 * Metrics printed at the end of `gan train`: for the 2-D mixtures, modes covered, high-quality share and reverse KL
 * (VEEGAN / PacGAN protocol). Image metrics need the MNIST feature classifier and are reported by `gan eval`.
 */
export async function evaluateSamples(_tf: typeof tfType, design: Design, trainer: Trainer): Promise<Record<string, number | null> | null> {
  const data = design.training.nodes.find((n) => n.type === 'dataset');
  const name = data?.params['name'];
  if (name !== 'ring8' && name !== 'grid25') return null;
  const points = trainer.generate(TOY_SAMPLES);
  const values = (await points.data()) as Float32Array;
  points.dispose();
  const s = scoreModes2d(name, values);
  return { modesCovered: s.modesCovered, totalModes: s.totalModes, highQualityFraction: s.highQualityFraction, reverseKl: s.reverseKl };
}
