/** One kernel call as tf.profile lists it. */
export type KernelRecord = { name: string; ms: number; inputShapes: readonly (readonly number[] | null | undefined)[] };

export type KernelShare = { name: string; msPerStep: number; share: number; callsPerStep: number; slowestShapes: string };

export type KernelProfile = {
  wallMsPerStep: number;
  kernelMsPerStep: number;
  /** The part of the wall time spent inside kernels. */
  kernelShare: number;
  kernelCallsPerStep: number;
  /** Kernels by time, largest first, at most `limit`. */
  top: KernelShare[];
};

/**
 * Kernel calls over `steps` profiled steps, grouped by kernel name; shares are of the wall time. Ops with a custom
 * gradient (`fusedConv2d__op`) are listed by tf.profile around the kernels they run (tfjs-core engine.ts
 * runKernelFunc records both), so they are left out: counting them would count those kernels twice.
 */
export function aggregateKernels(all: readonly KernelRecord[], wallMs: number, steps: number, limit = 15): KernelProfile {
  const records = all.filter((r) => !r.name.endsWith('__op'));
  const by = new Map<string, { ms: number; calls: number; slowest: KernelRecord }>();
  for (const r of records) {
    const k = by.get(r.name);
    if (!k) by.set(r.name, { ms: r.ms, calls: 1, slowest: r });
    else {
      k.ms += r.ms;
      k.calls++;
      if (r.ms > k.slowest.ms) k.slowest = r;
    }
  }
  const kernelMs = records.reduce((a, r) => a + r.ms, 0);
  const top = [...by.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, limit)
    .map(([name, k]) => ({
      name,
      msPerStep: k.ms / steps,
      share: wallMs > 0 ? k.ms / wallMs : 0,
      callsPerStep: Math.round(k.calls / steps),
      slowestShapes: k.slowest.inputShapes.map((s) => (s ? `[${s.join('×')}]` : '?')).join(' '),
    }));
  return { wallMsPerStep: wallMs / steps, kernelMsPerStep: kernelMs / steps, kernelShare: wallMs > 0 ? kernelMs / wallMs : 0, kernelCallsPerStep: Math.round(records.length / steps), top };
}
