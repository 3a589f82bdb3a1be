import type * as tfType from '@tensorflow/tfjs';
import { registerComparisonGradients } from './comparison-gradients';
import { registerTileGradient } from './tile-gradient';

/**
 * The gradients tfjs 4.22 lacks or runs op by op, registered once per tfjs instance before training: comparisons'
 * (second-order penalties through LeakyReLU) and Tile's (second-order penalties through normalisation layers).
 * Gradients are global to tfjs, so every backend gets them.
 */
export function registerGradientFixes(tf: typeof tfType): void {
  registerComparisonGradients(tf);
  registerTileGradient(tf);
}
