// `npm run bench -- threads [--presets a,b] [--rounds R]`: wasm's training step with 1, 2, … XNNPACK threads in Node
// (`gan train --threads T`, cli/wasm-threads-node.ts), a process per run, thread counts interleaved round by round,
// medians. Reports the speed-up per thread count and checks the losses do not depend on it. Threads need idle cores:
// the load average is printed beside, since other processes on the machine take the cores the threads wait for.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { median, type Bench, type Report } from './harness';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const ROUNDS = Math.max(1, Number(option('rounds') ?? 3));
/** Warm-up and timed steps per run: dcgan-mnist's step is ~1 s a thread, ring8's ~20 ms. */
const STEPS: Record<string, [number, number]> = { 'dcgan-mnist': [2, 6], 'ring8-2d': [20, 300], 'grid25-2d': [20, 200] };

type Run = { id: string; threads: number; ms: number; losses: Record<string, number>; step: number };

function runOnce(id: string, threads: number): Promise<Run> {
  const [warmup, steps] = STEPS[id] ?? [2, 10];
  const tsx = join(import.meta.dirname, '../../node_modules/.bin/tsx');
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [join(import.meta.dirname, 'threads-step.ts'), id, `${threads}`, `${warmup}`, `${steps}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Run);
      else reject(new Error(`${id} with ${threads} threads exited ${code}: ${err.trim().split('\n').slice(-2).join(' | ')}`));
    });
  });
}

const bench: Bench = {
  title: 'wasm threads in Node: training step per XNNPACK thread count (a process each, interleaved)',
  async run(report: Report) {
    const ids = option('presets')?.split(',') ?? ['dcgan-mnist', 'ring8-2d'];
    const cores = os.cpus().length;
    const counts = [...new Set([1, 2, Math.min(cores, 4)])].sort((a, b) => a - b);
    for (const id of ids) {
      const times = new Map<number, number[]>(counts.map((t) => [t, []]));
      const losses = new Map<number, string>();
      const load0 = os.loadavg()[0]!;
      try {
        for (let r = 0; r < ROUNDS; r++) {
          for (const t of r % 2 === 0 ? counts : [...counts].reverse()) {
            const run = await runOnce(id, t);
            times.get(t)!.push(run.ms);
            losses.set(t, JSON.stringify(run.losses));
          }
        }
      } catch (e) {
        report.skip(`${id} threads`, e instanceof Error ? e.message : String(e));
        continue;
      }
      const one = median(times.get(1)!);
      const load = `load average ${load0.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${cores} cores`;
      for (const t of counts) {
        const ms = median(times.get(t)!);
        report.figure({ name: `${id}, ${t} thread${t > 1 ? 's' : ''}`, value: ms, unit: 'ms/step', note: t === 1 ? load : `speed-up ${(one / ms).toFixed(2)}× over 1 thread` });
      }
      const same = new Set(losses.values()).size === 1;
      report.goal({ name: `${id}: losses the same at every thread count`, value: same ? 1 : 0, unit: 'same', target: '1', ok: same, note: [...losses.entries()].map(([t, l]) => `${t}: ${l}`).join('; ') });
      const top = counts.at(-1)!;
      if (top > 1) {
        const up = one / median(times.get(top)!);
        report.goal({ name: `${id}: ${top} threads faster than 1`, value: up, unit: '× speed-up', target: '> 1× on idle cores', ok: up > 1, note: load });
      }
    }
  },
};

export default bench;
