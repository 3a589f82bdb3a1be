/** One measured figure in `npm run bench`. Figures are measured in the run that prints them, never typed in. */
export type Figure = { name: string; value: number; unit: string; note?: string };
/** A figure with a goal: `ok` is computed from the measured value and printed as PASS / MISS. */
export type Goal = { name: string; value: number; unit: string; target: string; ok: boolean; note?: string };
export type Report = { figure(f: Figure): void; goal(g: Goal): void; skip(name: string, why: string): void };
/** A bench module: measures and reports; it never throws for a missed goal. */
export type Bench = { title: string; run(report: Report): Promise<void> };

/** Median wall time in ms of `fn` over `runs` runs after `warmup` unmeasured ones. */
export async function medianMs(fn: () => unknown | Promise<unknown>, runs: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}

/** The q-quantile of `xs`, interpolated between neighbours. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo);
}
export const median = (xs: readonly number[]) => quantile(xs, 0.5);
/** The interquartile range as a note: `p25–p75 a–b`. */
export const spread = (xs: readonly number[], digits: number) => `p25–p75 ${quantile(xs, 0.25).toFixed(digits)}–${quantile(xs, 0.75).toFixed(digits)}`;
