import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cliBudget } from '../../../cli/budget';
import { loadValidDesign } from '../../../cli/load-design';
import { imagesFor } from '../../../cli/node-data';
import { nodeTf } from '../../../cli/node-tf';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import { autoThreads } from '../../../lib/tfjs/wasm-threads-node';
import { Trainer } from '../../../lib/train/trainer';
import { generate, presetDesign, ROOT, writeProject } from '../codegen/helpers';

const STEPS = 12;
const SEED = 3;
const tsx = join(ROOT, 'node_modules/.bin/tsx');

function gan(...args: string[]) {
  const r = spawnSync(tsx, ['cli/gan.ts', 'train', 'preset:ring8-2d', '--seed', String(SEED), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, err: r.stderr, summary: r.status === 0 ? (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { threads: number; backend: string; losses: Record<string, number> }) : null };
}

/**
 * `--threads T` starts tfjs's threaded wasm build in Node (lib/tfjs/wasm-threads-node.ts; tfjs itself turns threads
 * off there), in `gan train` and in the exported project. XNNPACK splits a product's output tiles between threads,
 * never a sum, so the numbers must be those of the single-threaded build (this process's wasm) to the last bit. Each
 * threaded run is its own process: a wasm module's threads are fixed when it starts, and the process must exit on its
 * own (spawnSync would hit its timeout otherwise).
 */
describe('wasm threads in Node', () => {
  const project = writeProject(generate(presetDesign('ring8-2d')), 'threads');
  afterAll(() => project.cleanup());

  it('gan train --threads 2 trains to exactly the single-threaded losses', async () => {
    const valid = loadValidDesign('preset:ring8-2d', 'training', cliBudget('wasm'))!;
    const tf = await nodeTf('wasm');
    const trainer = Trainer.create(tf, valid.design, valid.report, { images: await imagesFor(valid.design), seed: SEED, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
    let losses: Record<string, number> = {};
    try {
      for (let i = 0; i < STEPS; i++) losses = (await trainer.trainStep()).losses;
    } finally {
      trainer.dispose();
    }
    const two = gan('--steps', String(STEPS), '--json', '--threads', '2');
    expect(two.code, two.err).toBe(0);
    expect(two.summary!.threads).toBe(2);
    expect(two.summary!.backend).toBe('wasm');
    expect(Object.keys(losses).length).toBeGreaterThan(0);
    expect(two.summary!.losses).toEqual(losses);
  }, 180_000);

  it('the exported project trains with --threads 2 to the single-threaded losses', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
    try {
      const train = (await import(/* @vite-ignore */ `${project.dir}/src/train.ts`)) as { main(argv: string[]): Promise<number> };
      expect(await train.main(['--steps', String(STEPS), '--seed', String(SEED), '--log-every', String(STEPS), '--backend', 'wasm', '--out', join(project.dir, 'one')])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const r = spawnSync(tsx, ['src/train.ts', '--steps', String(STEPS), '--seed', String(SEED), '--log-every', String(STEPS), '--backend', 'wasm', '--threads', '2', '--out', 'two'], { cwd: project.dir, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/backend: wasm — .*2 threads/);
    // The loss line without its elapsed time.
    const lossLine = (text: string) => text.split('\n').find((l) => l.startsWith(`step ${STEPS} `))?.replace(/\s+\([\d.]+ s\)$/, '');
    expect(lossLine(lines.join('\n'))).toMatch(/loss\.D/);
    expect(lossLine(r.stdout)).toBe(lossLine(lines.join('\n')));
  }, 180_000);

  it('--threads auto (the default) takes the cores idle at the start, at most 4, and at least 1', () => {
    expect(autoThreads(2, 0.1).threads).toBe(2);
    expect(autoThreads(2, 1.2).threads).toBe(1);
    expect(autoThreads(2, 7.5)).toEqual({ threads: 1, why: '0 of 2 cores idle, load average 7.5' });
    expect(autoThreads(16, 0).threads).toBe(4);
  });

  it('refuses a thread count out of range, and threads on a backend without them, before any work', async () => {
    const many = gan('--steps', '1', '--threads', '9');
    expect(many.code).toBe(2);
    expect(many.err).toMatch(/--threads/);
    await expect(nodeTf('cpu', { threads: 2 })).rejects.toThrow(/cpu backend has none/);
    await expect(nodeTf('wasm', { threads: 0 })).rejects.toThrow(/whole number from 1 to 8/);
  }, 60_000);
});
