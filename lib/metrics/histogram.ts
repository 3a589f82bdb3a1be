/**
 * KL(h ‖ uniform) = Σ hᵢ log(K·hᵢ) in nats, for a histogram of counts over K bins, normalised here.
 * 0 for a uniform histogram, log K when every count falls in one bin; empty bins contribute 0 (0·log 0 = 0), which
 * is why this direction — the "reverse" KL of VEEGAN/PacGAN, with the model's histogram first — stays finite when
 * modes are missing. Returns null for an all-zero histogram, where no distribution exists to compare.
 */
export function klToUniform(counts: ArrayLike<number>): number | null {
  const k = counts.length;
  let total = 0;
  for (let i = 0; i < k; i++) total += counts[i]!;
  if (total === 0) return null;
  let kl = 0;
  for (let i = 0; i < k; i++) {
    const p = counts[i]! / total;
    if (p > 0) kl += p * Math.log(k * p);
  }
  return Math.max(0, kl);
}
