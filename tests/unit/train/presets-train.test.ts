import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { trainCommand } from '../../../cli/commands/train';
import { PRESETS } from '../../../lib/presets';

/**
 * The CLI's train verb, in process: every preset trains 2 steps (batch 4) with finite losses on wasm.
 * (tests/unit/cli/cli.test.ts runs the same verb as a child process.)
 */
let log: ReturnType<typeof vi.spyOn>;
const lines: string[] = [];
beforeAll(() => {
  log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
});
afterAll(() => log.mockRestore());

describe('every preset trains', () => {
  it.each(PRESETS.map((p) => p.id))('%s: 2 steps with finite losses', async (id) => {
    lines.length = 0;
    const code = await trainCommand(`preset:${id}`, { steps: 2, backend: 'wasm', seed: 1, batch: 4, json: true, every: 1 });
    expect(code).toBe(0);
    const summary = JSON.parse(lines.at(-1)!) as { steps: number; losses: Record<string, number>; gradNorms: Record<string, number> };
    expect(summary.steps).toBe(2);
    const losses = Object.values(summary.losses);
    expect(losses.length).toBeGreaterThan(0);
    for (const v of losses) expect(Number.isFinite(v)).toBe(true);
    for (const v of Object.values(summary.gradNorms)) expect(v).toBeGreaterThan(0);
  }, 120_000);
});
