import { describe, expect, it } from 'vitest';
import { aggregateKernels } from '../../../scripts/bench/kernel-profile';

describe('per-kernel profile (npm run bench -- profile)', () => {
  it('groups calls by kernel, orders by time, shares of the wall time, and leaves out op wrappers around kernels', () => {
    const p = aggregateKernels(
      [
        { name: 'Conv2D', ms: 30, inputShapes: [[2, 4, 4, 1], [3, 3, 1, 8]] },
        { name: 'fusedConv2d__op', ms: 41, inputShapes: [[2, 4, 4, 1]] },
        { name: 'Conv2D', ms: 50, inputShapes: [[2, 8, 8, 1], [3, 3, 1, 8]] },
        { name: 'Relu', ms: 10, inputShapes: [[2, 8]] },
      ],
      100,
      2,
    );
    expect(p.top.map((k) => k.name)).toEqual(['Conv2D', 'Relu']);
    expect(p.top[0]).toMatchObject({ msPerStep: 40, share: 0.8, callsPerStep: 1, slowestShapes: '[2×8×8×1] [3×3×1×8]' });
    expect(p.kernelShare).toBeCloseTo(0.9);
    expect(p.wallMsPerStep).toBe(50);
    expect(p.kernelCallsPerStep).toBe(2);
  });
});
