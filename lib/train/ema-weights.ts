import type * as tfType from '@tensorflow/tfjs';

/**
 * Runs `fn` with each model's weights swapped for its shadow copy — the generators' exponential moving average that
 * samples come from (Yazıcı et al. 2019, "The Unusual Effectiveness of Averaging in GAN Training") — and puts the
 * trained weights back afterwards, also when `fn` throws. Shared by the in-app Trainer and the exported project.
 */
export function withWeightsSwapped<T>(swaps: readonly (readonly [tfType.LayersModel, tfType.Tensor[]])[], fn: () => T): T {
  const saved = swaps.map(([model, shadow]) => {
    const trained = model.getWeights().map((w) => w.clone());
    model.setWeights(shadow);
    return [model, trained] as const;
  });
  try {
    return fn();
  } finally {
    for (const [model, trained] of saved) {
      model.setWeights(trained);
      for (const w of trained) w.dispose();
    }
  }
}
