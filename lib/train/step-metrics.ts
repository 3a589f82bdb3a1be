import type * as tfType from '@tensorflow/tfjs';

/** What one training step reports. The exported project's trainer reports the same (it ships this file). */
export type StepMetrics = {
  step: number;
  /** Each term's value on its side: `loss.D`, `loss.G`, `gp`, `recon`, … */
  losses: Record<string, number>;
  /** Mean raw score of the first critic on real and on generated data. */
  dReal: number | null;
  dFake: number | null;
  /** E[D(x)] − E[D(G(z))] for Wasserstein critics: the running estimate of the distance. */
  wasserstein: number | null;
  /** Global L2 norm of each network's gradient in its last update. */
  gradNorms: Record<string, number>;
  /** The first loss that came out NaN or infinite, if any. */
  nonFinite: string | null;
};

/**
 * Reads a step's kept scalars (terms by name; `#dReal` / `#dFake` for the critic's mean scores) and gradient norms
 * back in one read — one GPU sync per step, not one per number — and disposes them.
 */
export async function readStepMetrics(tf: typeof tfType, step: number, scalars: readonly [string, tfType.Tensor][], norms: readonly [string, tfType.Tensor][], wasserstein: boolean): Promise<StepMetrics> {
  const all = [...scalars, ...norms];
  const packed = all.length ? tf.tidy(() => tf.stack(all.map(([, t]) => tf.reshape(t, [])))) : null;
  for (const [, t] of all) t.dispose();
  const values = packed ? await packed.data() : new Float32Array();
  packed?.dispose();
  const losses: Record<string, number> = {};
  let dReal: number | null = null;
  let dFake: number | null = null;
  scalars.forEach(([name], i) => {
    const v = values[i]!;
    if (name === '#dReal') dReal = v;
    else if (name === '#dFake') dFake = v;
    else losses[name] = v;
  });
  const gradNorms: Record<string, number> = {};
  norms.forEach(([name], i) => (gradNorms[name] = values[scalars.length + i]!));
  const nonFinite = Object.entries(losses).find(([, v]) => !Number.isFinite(v))?.[0] ?? null;
  return { step, losses, dReal, dFake, wasserstein: wasserstein && dReal !== null && dFake !== null ? dReal - dFake : null, gradNorms, nonFinite };
}
