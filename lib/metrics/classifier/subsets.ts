import { mulberry32, type Rng } from '../../rng';

/** 0 … n−1 in Fisher–Yates order drawn from `rng`. */
export function shuffled(n: number, rng: Pick<Rng, 'int'>): Int32Array {
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** Seed of the fixed shuffles that pick real MNIST images for evaluation: every run compares against the same images. */
export const SUBSET_SEED = 0;

export type RealSubset = 'reference' | 'mnist-train' | 'mnist-test';

/**
 * Which real images `gan eval` uses, as indices into their split. MNIST's files are not shuffled by writer (LeCun et al.:
 * the first 5,000 test images are the cleaner SD-3 ones), so a prefix is not a fair sample; these are seeded random
 * subsets instead:
 *   reference    the first n of a fixed shuffle of the 60,000 training images;
 *   mnist-train  the last n of that same shuffle: disjoint from the reference while n ≤ 30,000;
 *   mnist-test   the first n of a fixed shuffle of the 10,000 test images (all of them at n = 10,000).
 */
export function realSubset(which: RealSubset, n: number, splitSize: number): Int32Array {
  if (!Number.isInteger(n) || n < 1 || n > splitSize) throw new RangeError(`a subset of ${n} images from a split of ${splitSize}`);
  const perm = shuffled(splitSize, mulberry32(SUBSET_SEED));
  return which === 'mnist-train' ? perm.slice(splitSize - n) : perm.slice(0, n);
}
