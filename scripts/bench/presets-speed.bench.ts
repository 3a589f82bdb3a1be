// `npm run bench -- presets-speed [--presets a,b] [--round-s S] [--rounds R]`: every preset's training step on tfjs
// wasm (GAN Studio's Trainer, as `gan train` runs it) against the same preset in PyTorch on the same machine — the
// exported project's own train.py, which the parity tests hold to the app's maths (first steps equal to 1e-4) and
// torch-export.bench.ts holds to a hand-written PyTorch DCGAN's speed. One thread on each side (wasm in Node is
// single-threaded; OMP/OpenBLAS pinned to 1), rounds interleaved (wasm, PyTorch; then PyTorch, wasm; …) so both see
// the same load, medians of per-round ms/step. Goals from the speed issue: dcgan-mnist and dcgan-seed-pytorch within
// 1.5×, the 2-D presets within 2×, no preset slower than 3×.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBudget } from '../../cli/budget';
import { loadValidDesign } from '../../cli/load-design';
import { imagesFor } from '../../cli/node-data';
import { nodeTf } from '../../cli/node-tf';
import { blocks } from '../../lib/blocks';
import { buildNetwork } from '../../lib/compile/build-network';
import { PRESETS } from '../../lib/presets';
import { Trainer } from '../../lib/train/trainer';
import { median, type Bench, type Report } from './harness';
import { MNIST_DIR, PYTHON, pythonProblem, torchBlas, writeTorchExport } from './torch-project';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Seconds of timed steps per side per round: long enough that train.py's 10 ms log resolution is under 0.5 %. */
const ROUND_S = Number(option('round-s') ?? 2);
const ROUNDS = Math.max(2, Number(option('rounds') ?? 4));
/** Untimed steps before each measurement (allocator, XNNPACK operator caches, torch's first-call setup). */
const WARMUP = 3;

function goalFor(id: string): number {
  if (id === 'dcgan-mnist' || id === 'dcgan-seed-pytorch') return 1.5;
  if (id.endsWith('-2d')) return 2;
  return 3;
}

/** Per-step ms of `steps` train.py steps after WARMUP, from its JSON log lines' cumulative seconds. */
function torchRound(project: string, out: string, steps: number): Promise<number> {
  const args = ['train.py', '--steps', `${WARMUP + steps}`, '--log-every', '1', '--sample-every', '100000000', '--out', out, '--seed', '1'];
  const env = { ...process.env, MNIST_DIR, PYTHONDONTWRITEBYTECODE: '1', OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const at = new Map<number, number>();
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        const r = JSON.parse(line) as { step: number; seconds: number };
        at.set(r.step, r.seconds);
      }
      const a = at.get(WARMUP);
      const b = at.get(WARMUP + steps);
      if (code !== 0 || a === undefined || b === undefined) reject(new Error(`train.py exited ${code}: ${stderr.trim().split('\n').slice(-2).join(' | ')}`));
      else resolve(((b - a) * 1000) / steps);
    });
  });
}

async function wasmRound(trainer: Trainer, steps: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await trainer.trainStep();
  return (performance.now() - t0) / steps;
}

const stepsFor = (msPerStep: number) => Math.max(3, Math.min(5000, Math.round((ROUND_S * 1000) / msPerStep)));

type Row = { id: string; batch: number; wasm: number; torch: number; ratio: number; goal: number; rounds: number[] };

async function measure(id: string, tf: Awaited<ReturnType<typeof nodeTf>>): Promise<Row | string> {
  const valid = loadValidDesign(`preset:${id}`, 'training', cliBudget('wasm'));
  if (!valid) return 'does not validate';
  const dir = mkdtempSync(join(tmpdir(), `gan-bench-speed-${id}-`));
  const trainer = Trainer.create(tf, valid.design, valid.report, { images: await imagesFor(valid.design), seed: 1, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
  try {
    writeTorchExport(id, join(dir, 'project'));
    const out = join(dir, 'out');
    for (let i = 0; i < WARMUP; i++) await trainer.trainStep();
    // First estimates set each side's steps per round.
    let wasmSteps = stepsFor(await wasmRound(trainer, 2));
    let torchSteps = stepsFor(await torchRound(join(dir, 'project'), out, 5));
    const w: number[] = [];
    const t: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? ['wasm', 'torch'] : ['torch', 'wasm'];
      for (const side of order) {
        if (side === 'wasm') w.push(await wasmRound(trainer, wasmSteps));
        else t.push(await torchRound(join(dir, 'project'), out, torchSteps));
      }
      wasmSteps = stepsFor(w.at(-1)!);
      torchSteps = stepsFor(t.at(-1)!);
    }
    const wasm = median(w);
    const torch = median(t);
    return { id, batch: trainer.batchSize, wasm, torch, ratio: wasm / torch, goal: goalFor(id), rounds: w.map((x, i) => x / t[i]!) };
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    trainer.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Bench = {
  title: 'Every preset: wasm training step vs the same preset in PyTorch (CPU, one thread each, interleaved)',
  async run(report: Report) {
    const problem = pythonProblem();
    if (problem) return report.skip('presets: wasm / PyTorch', problem);
    const only = option('presets')?.split(',');
    const ids = PRESETS.map((p) => p.id).filter((id) => !only || only.includes(id));
    const tf = await nodeTf('wasm');
    console.log(`  PyTorch's BLAS: ${torchBlas()}; ${ROUNDS} rounds of ~${ROUND_S} s a side per preset`);
    console.log(`  ${'preset'.padEnd(22)} ${'batch'.padStart(5)} ${'wasm ms'.padStart(9)} ${'torch ms'.padStart(9)} ${'ratio'.padStart(7)}  goal  per-round ratios`);
    const rows: Row[] = [];
    for (const id of ids) {
      const r = await measure(id, tf);
      if (typeof r === 'string') {
        report.skip(`${id}: wasm / PyTorch`, r);
        continue;
      }
      rows.push(r);
      const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
      console.log(`  ${id.padEnd(22)} ${String(r.batch).padStart(5)} ${fmt(r.wasm).padStart(9)} ${fmt(r.torch).padStart(9)} ${`${r.ratio.toFixed(2)}×`.padStart(7)}  ≤${r.goal}×  ${r.rounds.map((x) => x.toFixed(2)).join(' ')}`);
    }
    for (const r of rows) {
      report.goal({ name: `${r.id}: wasm / PyTorch step`, value: r.ratio, unit: '×', target: `≤ ${r.goal}×`, ok: r.ratio <= r.goal, note: `${r.wasm.toFixed(1)} vs ${r.torch.toFixed(1)} ms/step at batch ${r.batch}` });
    }
    if (rows.length > 0) report.figure({ name: 'median ratio over the presets', value: median(rows.map((r) => r.ratio)), unit: '×' });
  },
};

export default bench;
