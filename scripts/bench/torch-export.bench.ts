// The exported PyTorch project's training step against hand-written PyTorch: dcgan-mnist is generated
// (generateTorchProject) into a temp folder, and scripts/bench/torch_export_step.py times one step of its train.py loop
// (every phase of graph.PHASES: the draw of the batch, zeroed gradients, the objective, backward, the optimizer step)
// against scripts/bench/dcgan_mnist_torch.py, a plain PyTorch DCGAN of the same architecture (checked in the driver:
// parameter and output shapes, outputs, losses, gradients, optimizer settings), in one process with one torch thread
// count, interleaved step by step. Goal from the PyTorch export issue: the export's step within 1.05× of the
// hand-written one on the same machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, spread, type Bench, type Report } from './harness';
import { MNIST_DIR, PYTHON, pythonProblem, writeTorchExport } from './torch-project';

const PRESET = 'dcgan-mnist';
const GOAL = 1.05;
/**
 * A step is ~1–1.7 s on this 2-core machine (one thread; most of it is the 128→64 transposed convolution, forward and
 * backward), so: 2 warm-up steps each, then rounds of one step each, A B / B A alternating, until TIMED_S have passed
 * (at least MIN_ROUNDS, at most MAX_ROUNDS). With generation, torch's import and the checks, about 80 s in all.
 */
const WARMUP = 2;
const MIN_ROUNDS = 8;
const MAX_ROUNDS = 40;
const TIMED_S = 60;
/** torch threads for both models; unset, torch's own default (what `python train.py` gets). */
const THREADS = Number(process.env['BENCH_TORCH_THREADS'] ?? 0);

type Result = {
  torch: string;
  threads: number;
  cpus: number;
  load: number[];
  batch: number;
  params: Record<string, number>;
  check_worst_rel: number;
  warmup_s: number;
  timed_s: number;
  rounds: number;
  wall_ms: { export: number[]; hand: number[] };
  cpu_ms: { export: number[]; hand: number[] };
  round_ms: { export: number[]; hand: number[] };
  pieces: { export: Record<string, number>; hand: Record<string, number> };
};


/** Runs the driver; resolves with its JSON line, or rejects with its exit status and the end of its stderr. */
function runDriver(project: string): Promise<Result> {
  const args = [join(import.meta.dirname, 'torch_export_step.py'), '--project', project, '--warmup', `${WARMUP}`];
  args.push('--steps', '1', '--rounds', `${MAX_ROUNDS}`, '--min-rounds', `${MIN_ROUNDS}`, '--budget-s', `${TIMED_S}`);
  if (THREADS > 0) args.push('--threads', `${THREADS}`);
  const env = { ...process.env, MNIST_DIR, PYTHONDONTWRITEBYTECODE: '1' };
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // Rounds stop starting after TIMED_S; a step would have to take a minute to run past this.
    const timer = setTimeout(() => child.kill('SIGKILL'), (TIMED_S + 120) * 1000);
    child.on('error', (e) => reject(e));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Result);
      else reject(new Error(`torch_export_step.py exited ${signal ?? code ?? '?'}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

function reportResult(report: Report, r: Result) {
  const ex = median(r.wall_ms.export);
  const hand = median(r.wall_ms.hand);
  const ratio = ex / hand;
  const perRound = r.round_ms.export.map((t, i) => t / r.round_ms.hand[i]!);
  const common = `${r.rounds} rounds × 1 step, batch ${r.batch}, ${r.threads} torch thread(s) of ${r.cpus} CPUs, torch ${r.torch}`;
  report.figure({
    name: 'checks: hand-written = export',
    value: r.check_worst_rel,
    unit: 'max rel. diff',
    note: `same parameter shapes (G ${r.params['G']}, D ${r.params['D']} parameters) and output shapes; outputs, losses, gradients, BN statistics, Adam settings`,
  });
  report.figure({ name: 'exported dcgan-mnist ms/step', value: ex, unit: 'ms', note: `median, ${spread(r.wall_ms.export, 0)}; ${common}` });
  report.figure({ name: 'hand-written DCGAN ms/step', value: hand, unit: 'ms', note: `median, ${spread(r.wall_ms.hand, 0)}` });
  // Where the time goes: each update's draw, forward (the objective), backward and optimizer step, median ms.
  for (const [k, ms] of Object.entries(r.pieces.export)) {
    const other = r.pieces.hand[k] ?? NaN;
    report.figure({ name: `  export ${k}`, value: ms, unit: 'ms', note: `hand-written ${other.toFixed(1)} ms, ${ms - other >= 0 ? '+' : ''}${(ms - other).toFixed(1)} ms` });
  }
  const cpuRatio = median(r.cpu_ms.export) / median(r.cpu_ms.hand);
  report.figure({ name: 'CPU-time ratio export / hand-written', value: cpuRatio, unit: '×', note: 'process CPU time, less moved by other processes than wall time' });
  report.goal({
    name: 'exported step / hand-written step',
    value: ratio,
    unit: '×',
    target: `≤ ${GOAL}×`,
    ok: ratio <= GOAL,
    note:
      `per-round ratios ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)} (median ${median(perRound).toFixed(2)}); ` +
      `load average ${r.load.map((l) => l.toFixed(1)).join(' → ')}`,
  });
}

const bench: Bench = {
  title: `PyTorch export: ${PRESET} training step vs a hand-written PyTorch DCGAN (CPU, interleaved)`,
  async run(report) {
    const problem = pythonProblem();
    if (problem) {
      report.skip('exported step / hand-written step', problem);
      return;
    }
    const t0 = performance.now();
    const dir = mkdtempSync(join(tmpdir(), 'gan-bench-torch-export-'));
    try {
      writeTorchExport(PRESET, dir);
      const r = await runDriver(dir).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      if (r instanceof Error) {
        // A hand-written model that is not the export's (exit 3), or an export that does not run: loud, and counted.
        report.goal({ name: 'exported step / hand-written step', value: NaN, unit: '×', target: `≤ ${GOAL}×`, ok: false, note: r.message });
        return;
      }
      reportResult(report, r);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    report.figure({ name: 'bench module time', value: (performance.now() - t0) / 1000, unit: 's' });
  },
};

export default bench;
