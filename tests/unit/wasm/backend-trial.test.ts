import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { measureBackends } from '../../../lib/tfjs/backend-trial';

describe('measureBackends', () => {
  it('times cpu and wasm, ranks them fastest first, reports a backend that does not exist, and restores', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const trial = await measureBackends(tf, ['cpu', 'wasm', 'no-such-backend'], { runs: 1, warmup: 1 });
    expect(trial.ranked.map((r) => r.backend).sort()).toEqual(['cpu', 'wasm']);
    for (const r of trial.ranked) expect(r.ms).toBeGreaterThan(0);
    expect(trial.ranked[0]!.ms).toBeLessThanOrEqual(trial.ranked[1]!.ms);
    expect(trial.failed.map((f) => f.backend)).toEqual(['no-such-backend']);
    expect(tf.getBackend()).toBe('cpu');
  });
});
