// Learning quality on the 2-D mode-collapse benchmarks (issue #17): each preset trained headless through the CLI
// (`gan train preset:ID --json`) at its own step count, for seeds 1–3, scored as PacGAN / VEEGAN do (2,500 samples of
// the generator's moving average; modes with a high-quality sample; share of samples within 3σ of a mode). The goals
// hold in every seed, not on average. `npm run bench -- learning` (about 20 min on 2 busy cores; `--learning-seeds 1`
// runs one seed of each). The paired presets (issue #18) are trained for a bounded number of steps and scored on
// 1,000 MNIST test digits against ground truth: SRGAN against bicubic up-sampling (PSNR, SSIM, the classifier's
// accuracy on the super-resolved digits), pix2pix's filled outlines by the classifier's accuracy on the source digit.
// `--learning-cases srgan-mnist,pix2pix-mnist` runs only the named presets (about 5 min for these two).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { getPreset } from '../../lib/presets';
import type { Bench, Report } from './harness';

const ROOT = join(import.meta.dirname, '..', '..');

type Case = { id: string; why: string; goal?: { modes: number; hq: number } };
/** The plain grid-25 GAN has no goal: it is the counter-example PacGAN's packing is measured against. */
const CASES: readonly Case[] = [
  { id: 'grid25-2d', why: 'plain GAN, the counter-example' },
  { id: 'grid25-pacgan-2d', why: "PacGAN packing + minibatch std, RpGAN + R1, D's best half of the samples", goal: { modes: 24, hq: 0.8 } },
  { id: 'ring8-2d', why: 'plain GAN, the textbook example', goal: { modes: 8, hq: 0.85 } },
];

/** `criticKeep` and the `raw…` figures come with a design that keeps D's best share of candidates (cli/evaluate-samples.ts). */
type Summary = {
  steps: number;
  msPerStep: number;
  metrics: { modesCovered: number; totalModes: number; highQualityFraction: number; criticKeep?: number; rawModesCovered?: number; rawHighQualityFraction?: number };
};

/** One seeded CLI run of a preset at its own step count: the CLI's last line is its summary. */
export function trainPreset<S = Summary>(id: string, seed: number, steps: number): S | string {
  const r = spawnSync('npx', ['tsx', 'cli/gan.ts', 'train', `preset:${id}`, '--steps', String(steps), '--seed', String(seed), '--backend', 'wasm', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30 * 60_000,
  });
  if (r.status !== 0) return `gan train exited ${r.status}: ${(r.stderr || r.error?.message || '').trim().split('\n').at(-1) ?? ''}`;
  try {
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as S;
  } catch {
    return 'gan train printed no JSON summary';
  }
}

function seedsFromArgs(): number[] {
  const i = process.argv.indexOf('--learning-seeds');
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  const seeds = (raw ?? '1,2,3').split(',').map(Number).filter((s) => Number.isInteger(s) && s >= 0);
  return seeds.length > 0 ? seeds : [1, 2, 3];
}

function runCase(c: Case, seeds: readonly number[], report: Report): void {
  const preset = getPreset(c.id);
  if (!preset) return report.skip(c.id, 'no such preset');
  const steps = preset.design.training.settings.steps;
  let met = 0;
  const modes: number[] = [];
  const hqs: number[] = [];
  for (const seed of seeds) {
    const s = trainPreset(c.id, seed, steps);
    if (typeof s === 'string') {
      report.skip(`${c.id} seed ${seed}`, s);
      continue;
    }
    const m = s.metrics;
    modes.push(m.modesCovered);
    hqs.push(m.highQualityFraction);
    const note = `${steps} steps, ${s.msPerStep.toFixed(0)} ms/step on wasm; ${c.why}`;
    report.figure({ name: `${c.id} seed ${seed}: modes covered`, value: m.modesCovered, unit: `of ${m.totalModes}`, note });
    const kept = m.criticKeep === undefined ? '' : `, D's best ${100 * m.criticKeep} % of ${Math.ceil(2500 / m.criticKeep)} candidates`;
    report.figure({ name: `${c.id} seed ${seed}: high-quality samples`, value: 100 * m.highQualityFraction, unit: '%', note: `within 3σ of a mode, 2,500 samples${kept}` });
    if (m.rawHighQualityFraction !== undefined) {
      report.figure({ name: `${c.id} seed ${seed}: G's own samples`, value: 100 * m.rawHighQualityFraction, unit: '% high-quality', note: `${m.rawModesCovered} modes; every sample kept (criticKeep 1)` });
    }
    if (c.goal && m.modesCovered >= c.goal.modes && m.highQualityFraction >= c.goal.hq) met++;
  }
  if (modes.length > 0) {
    report.figure({ name: `${c.id}: modes over seeds ${seeds.join(', ')}`, value: Math.min(...modes), unit: `min (max ${Math.max(...modes)})` });
  }
  if (c.goal) {
    report.goal({
      name: `${c.id}: ≥ ${c.goal.modes} modes and ≥ ${100 * c.goal.hq} % high-quality in every seed`,
      value: met,
      unit: `of ${seeds.length} seeds`,
      target: `${seeds.length} of ${seeds.length}`,
      ok: met === seeds.length,
      note: modes.length ? `modes ${modes.join(', ')}; HQ ${hqs.map((h) => (100 * h).toFixed(1)).join(', ')} %` : 'no run finished',
    });
  }
}

/** Paired presets at a bounded step count (a few minutes each on wasm), with what each must beat. */
const PAIRED: readonly { id: string; steps: number; baseline: 'bicubic' | 'input' }[] = [
  { id: 'srgan-mnist', steps: 300, baseline: 'bicubic' },
  { id: 'pix2pix-mnist', steps: 150, baseline: 'input' },
];

type PairedSummary = { steps: number; msPerStep: number; metrics: Record<string, number | null> };

function runPaired(c: (typeof PAIRED)[number], seed: number, report: Report): void {
  const s = trainPreset<PairedSummary>(c.id, seed, c.steps);
  if (typeof s === 'string') return report.skip(`${c.id} seed ${seed}`, s);
  const m = s.metrics;
  const note = `${c.steps} steps, ${s.msPerStep.toFixed(0)} ms/step on wasm; ${m['samples']} MNIST test digits`;
  const b = c.baseline;
  const psnr = m['psnr'] ?? Infinity;
  const basePsnr = m[`${b}Psnr`] ?? Infinity;
  report.figure({ name: `${c.id} seed ${seed}: PSNR`, value: psnr, unit: 'dB', note: `${b} ${basePsnr.toFixed(2)} dB; ${note}` });
  report.figure({ name: `${c.id} seed ${seed}: SSIM`, value: m['ssim'] ?? NaN, unit: '', note: `${b} ${(m[`${b}Ssim`] ?? NaN).toFixed(4)}; 11×11 Gaussian window σ 1.5` });
  const acc = 100 * (m['accuracy'] ?? 0);
  const baseAcc = 100 * (m[`${b}Accuracy`] ?? 0);
  report.figure({ name: `${c.id} seed ${seed}: classifier accuracy on G's digits`, value: acc, unit: '%', note: `${b} ${baseAcc.toFixed(1)} %, true digits ${(100 * (m['truthAccuracy'] ?? 0)).toFixed(1)} %` });
  if (b === 'bicubic') {
    report.goal({ name: `${c.id}: beats bicubic on PSNR and classifier accuracy`, value: psnr - basePsnr, unit: 'dB over bicubic', target: '> 0 dB and higher accuracy', ok: psnr > basePsnr && acc > baseAcc, note: `accuracy ${acc.toFixed(1)} % vs ${baseAcc.toFixed(1)} %` });
  } else {
    report.goal({ name: `${c.id}: its digits are classified as the source digit more often than the outlines are`, value: acc, unit: '%', target: `> ${baseAcc.toFixed(1)} %`, ok: acc > baseAcc });
  }
}

/** The preset ids `--learning-cases a,b` names, or null for all. */
function casesFromArgs(): Set<string> | null {
  const i = process.argv.indexOf('--learning-cases');
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  return raw ? new Set(raw.split(',')) : null;
}

const bench: Bench = {
  title: 'learning: mode coverage of the 2-D presets (seeds 1–3) and fidelity of the paired presets, CLI on wasm',
  async run(report) {
    const seeds = seedsFromArgs();
    const only = casesFromArgs();
    for (const c of CASES) if (!only || only.has(c.id)) runCase(c, seeds, report);
    for (const c of PAIRED) if (!only || only.has(c.id)) runPaired(c, seeds[0]!, report);
    return Promise.resolve();
  },
};

export default bench;
