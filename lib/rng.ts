/**
 * A small seeded PRNG shared by data sampling, metrics and training, so a seed reproduces a run.
 * mulberry32 (Tommy Ettinger's public-domain generator): 32-bit state, full period 2^32, fast in JS.
 */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal, by Box–Muller. */
  normal(): number;
  /** A fresh 31-bit seed for a tfjs random op, so tfjs draws stay tied to this generator. */
  seed(): number;
  /** Where the generator is, to save in a checkpoint and continue from (`mulberry32(seed, state)`). */
  state(): RngState;
};

export type RngState = { a: number; spare: number | null };

export function mulberry32(seed: number, from?: RngState): Rng {
  let a = from ? from.a >>> 0 : seed >>> 0;
  let spare: number | null = from ? from.spare : null;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      // Box–Muller; 1 − u keeps the log's argument in (0, 1].
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    seed: () => Math.floor(next() * 0x7fffffff),
    state: () => ({ a, spare }),
  };
}
