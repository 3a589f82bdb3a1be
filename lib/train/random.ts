import type { Rng } from '../rng';

/**
 * Runs `fn` with Math.random drawn from `rng`. tfjs falls back to Math.random whenever an op gets no seed — weight
 * initialisers and dropout among them (tfjs-core src/ops/rand_util.ts: `if (seed == null) seed = Math.random()`) —
 * so this is what makes a seeded run reproducible on a given backend. `fn` must be synchronous.
 */
export function withRandom<T>(rng: Rng, fn: () => T): T {
  const saved = Math.random;
  Math.random = rng.next;
  try {
    return fn();
  } finally {
    Math.random = saved;
  }
}
