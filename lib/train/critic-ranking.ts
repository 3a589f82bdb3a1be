import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;
type Tensor = tfType.Tensor;

/**
 * Sampling refined by the critic, the design's `criticKeep` setting: draw more candidates than asked for and keep
 * those the critic scores most real (plan.ts rankingScores says which scores). It is the hard-threshold form of
 * discriminator rejection sampling (Azadi et al. 2019, "Discriminator Rejection Sampling", whose first benchmark is
 * this grid of 25 Gaussians): a trained D still knows where G puts mass the data lacks (on a grid, the bridges a
 * continuous G leaves between modes), and dropping those samples costs only generation time. Every objective in the
 * registry scores real data above generated data (logits, probabilities, Wasserstein, hinge, least squares,
 * relativistic), so the highest score is the most real for all of them.
 */

/**
 * How many candidates to draw for `n` kept samples at share `keep`, a whole number of the critic's packs (PacGAN: a
 * packing critic scores `pack` samples at once, and a pack is kept or dropped whole).
 */
export function candidateCount(n: number, keep: number, pack: number): number {
  return pack * Math.ceil(n / (keep * pack));
}

/**
 * Candidates one pass may draw: the most samples an evaluation draws without ranking (20,000 2-D points). Images stay
 * far below it, as their callers shrink their chunks by `keep` (so a chunk's candidates cost what a chunk did).
 */
export const MAX_CANDIDATES = 20_000;

/**
 * `n` kept samples as passes of at most MAX_CANDIDATES candidates each: [kept, candidates] per pass, in order. Each
 * pass keeps its own best share, which for 2-D points at the largest evaluation and the smallest share (20,000 of
 * 200,000) bounds memory at what an unranked evaluation uses. The app and the exported project split alike.
 */
export function rankingPasses(n: number, keep: number, pack: number): [number, number][] {
  const perPass = Math.max(pack, Math.floor((MAX_CANDIDATES * keep) / pack) * pack);
  const passes: [number, number][] = [];
  for (let done = 0; done < n; done += perPass) {
    const kept = Math.min(perPass, n - done);
    passes.push([kept, candidateCount(kept, keep, pack)]);
  }
  return passes;
}

/**
 * The `n` samples, of the candidates `samples` ([N, …]), in the packs the critic scored highest (`scores`: N / pack
 * scores, or a map of scores per pack, as a PatchGAN critic gives, which is averaged). Best first.
 */
export function keepBest(tf: Tf, samples: Tensor, scores: Tensor, n: number): Tensor {
  return tf.tidy(() => {
    const count = samples.shape[0]!;
    const packs = scores.shape[0]!;
    if (packs === 0 || count % packs !== 0) throw new Error(`the critic gave ${packs} scores for ${count} samples; a critic scores every sample or every pack of samples`);
    const pack = count / packs;
    const perPack = scores.rank > 1 ? tf.mean(tf.reshape(scores, [packs, -1]), 1) : scores;
    const k = Math.min(packs, Math.ceil(n / pack));
    const { indices } = tf.topk(perPack, k);
    const rest = samples.shape.slice(1);
    const grouped = tf.reshape(samples, [packs, -1]);
    const kept = tf.reshape(tf.gather(grouped, indices), [k * pack, ...rest]);
    return tf.slice(kept, 0, Math.min(n, k * pack));
  });
}
