import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { evalCommand } from '../../../cli/commands/eval';
import { trainCommand } from '../../../cli/commands/train';

/**
 * `gan train --save` reports metrics at the end of its run; `gan eval` on the checkpoint it wrote must report the
 * same: both sample the generator's moving average (Snapshot.ema) with the evaluation seed. In process, through the
 * commands the CLI runs.
 */
const lines: string[] = [];
let log: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
  log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
});
afterAll(() => log.mockRestore());

type Toy = { modesCovered: number; totalModes: number; highQualityFraction: number; reverseKl: number | null };

describe('a checkpoint and its evaluation agree', () => {
  it('gan eval of a ring8-2d checkpoint reports what gan train reported at the end of the run (200 steps)', async () => {
    const ckpt = join(mkdtempSync(join(tmpdir(), 'gan-agree-')), 'ring8.ckpt');
    expect(await trainCommand('preset:ring8-2d', { steps: 200, backend: 'wasm', json: true, every: 100, save: ckpt })).toBe(0);
    const trained = JSON.parse(lines.at(-1)!) as { steps: number; metrics: Toy };
    expect(trained.steps).toBe(200);

    const code = await evalCommand(ckpt, { samples: 2500, json: true, backend: 'wasm', seed: 0, kidSubsets: 1, trainSteps: null, batch: undefined, classifierDir: '' });
    expect(code).toBe(0);
    const evaluated = JSON.parse(lines.at(-1)!) as { kind: string; step: number; metrics: Toy };
    expect(evaluated).toMatchObject({ kind: 'toy2d', step: 200 });
    // Same weights, same noise: the same numbers, not merely close ones.
    expect(evaluated.metrics).toEqual(trained.metrics);
    expect(trained.metrics.totalModes).toBe(8);
  }, 120_000);
});
