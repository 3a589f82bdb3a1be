import { blocks as registry } from '../blocks';
import type { BlockRegistry } from '../blocks/registry';
import type { Design, DesignNode } from '../graph/schema';
import type { EvalResult } from './evaluation';
import type { Snapshot, StepMetrics } from './trainer';

/**
 * The run archive's pure side: every run of a design is kept (a new one starts on Reset, Restart or a fork), named,
 * and compared with its siblings — the settings that differ, side by side, and their curves overlaid, as TensorBoard
 * and Weights & Biases compare runs. IndexedDB lives in run-archive-store.ts.
 */

/** The run a fork continued from, and the saved step it took the weights of. */
export type RunParent = { runId: string; name: string; step: number };

/** A step whose weights a run keeps, and their size in bytes. */
export type SavedStep = { step: number; bytes: number };

/** One run of a design: everything but the weights, which are kept per saved step beside it. */
export type RunMeta = {
  id: string;
  designKey: string;
  /** 1 for the design's first run; never reused, so a deleted run's name stays unique. */
  number: number;
  name: string;
  parent: RunParent | null;
  createdAt: number;
  updatedAt: number;
  /** The design the run trains (null in a run migrated from a checkpoint saved before designs were kept). */
  design: Design | null;
  /** The latest saved step. */
  step: number;
  history: StepMetrics[];
  evaluations: EvalResult[];
  /** Ascending. */
  saved: SavedStep[];
};

/**
 * What each run keeps of its weights: the latest saved step always, and at most `steps` steps in all within `bytes`
 * (thinned evenly, below). A 2-D preset's weights are ~0.1 MB, a DCGAN on MNIST's a few MB: 8 steps × 64 MiB bounds a
 * run at 64 MiB, and a run whose latest step alone is larger keeps only that one.
 */
export const RUN_LIMITS = { steps: 8, bytes: 64 * 2 ** 20 };
export type RunLimits = typeof RUN_LIMITS;

/** "Run 3", or "Run 3 ↳ fork of Run 2 at step 500". */
export function runName(n: number, parent?: { name: string; step: number } | null): string {
  const base = `Run ${n}`;
  if (!parent) return base;
  // A fork of a fork names only its parent's number, not the whole line.
  const parentName = parent.name.split(' ↳ ')[0];
  return `${base} ↳ fork of ${parentName} at step ${parent.step.toLocaleString('en')}`;
}

/** The bytes a snapshot's weights and moving averages take (what IndexedDB stores of it, near enough). */
export function snapshotBytes(s: Pick<Snapshot, 'weights' | 'ema'>): number {
  let n = 0;
  for (const arrays of [...Object.values(s.weights), ...Object.values(s.ema ?? {})]) for (const a of arrays) n += a.byteLength;
  return n;
}

/**
 * The saved steps to drop so `saved` fits `limits`: the latest step is never dropped, the first only when nothing
 * else is left to drop, and otherwise the step whose neighbours are closest (so what stays is spread evenly over the
 * run, as a user forking "somewhere in the middle" expects).
 */
export function thinSavedSteps(saved: readonly SavedStep[], limits: RunLimits = RUN_LIMITS): number[] {
  const kept = [...saved].sort((a, b) => a.step - b.step);
  const dropped: number[] = [];
  const bytes = () => kept.reduce((sum, s) => sum + s.bytes, 0);
  while (kept.length > 1 && (kept.length > limits.steps || bytes() > limits.bytes)) {
    let at = 0;
    if (kept.length > 2) {
      let best = Infinity;
      for (let i = 1; i < kept.length - 1; i++) {
        const gap = kept[i + 1]!.step - kept[i - 1]!.step;
        if (gap < best) [best, at] = [gap, i];
      }
    }
    dropped.push(kept[at]!.step);
    kept.splice(at, 1);
  }
  return dropped;
}

/**
 * What all runs of one design may keep of their weights together. Past it, saved steps go — the other runs' first,
 * oldest run first, then the current run's — but never a run's latest step: every run can still be opened and
 * continued, and no run is deleted unasked.
 */
export const DESIGN_BYTES = 256 * 2 ** 20;

/** The saved steps to drop, per run id, so the design's runs fit `bytes` (see DESIGN_BYTES); `runs` oldest first. */
export function designBudgetDrops(runs: readonly Pick<RunMeta, 'id' | 'saved'>[], current: string, bytes = DESIGN_BYTES): Map<string, number[]> {
  let total = runs.reduce((sum, r) => sum + r.saved.reduce((n, x) => n + x.bytes, 0), 0);
  const drops = new Map<string, number[]>();
  const order = [...runs.filter((r) => r.id !== current), ...runs.filter((r) => r.id === current)];
  for (const r of order) {
    for (const x of r.saved.slice(0, -1)) {
      if (total <= bytes) return drops;
      drops.set(r.id, [...(drops.get(r.id) ?? []), x.step]);
      total -= x.bytes;
    }
  }
  return drops;
}

/** A setting that differs between the runs compared, with each run's value ('—' where a run has no such thing). */
export type DiffRow = { label: string; values: string[] };

/**
 * The settings of two or more runs' designs that differ, as rows in a side-by-side table: the training settings,
 * every param of the training graph's blocks (optimizers, losses, sources) and of the networks' layers (defaults
 * filled in, so a param left at its default equals one set to it), and blocks one design has and another lacks.
 * Wiring is not compared.
 */
export function settingsDiff(designs: readonly (Design | null)[], blocks: BlockRegistry = registry): DiffRow[] {
  const flat = designs.map((d) => (d ? flatten(d, blocks) : new Map<string, string>()));
  const labels = [...new Set(flat.flatMap((m) => [...m.keys()]))];
  return labels.flatMap((label) => {
    const values = flat.map((m) => m.get(label) ?? '—');
    return values.every((v) => v === values[0]) ? [] : [{ label, values }];
  });
}

function flatten(design: Design, blocks: BlockRegistry): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(design.training.settings)) out.set(`settings · ${k}`, show(v));
  const node = (where: string, n: DesignNode) => {
    const name = `${where}${n.label ?? n.id}`;
    out.set(`${name} · block`, n.type);
    const parsed = blocks.get(n.type)?.params.safeParse(n.params);
    const params: Record<string, unknown> = parsed?.success && isRecord(parsed.data) ? parsed.data : n.params;
    for (const [k, v] of Object.entries(params)) out.set(`${name} · ${k}`, show(v));
  };
  for (const n of design.training.nodes) node('', n);
  for (const net of design.networks) for (const n of net.nodes) node(`${net.id}/`, n);
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '—');

/** What an overlay chart draws of one run. */
export type RunCurves = { name: string; history: readonly StepMetrics[]; evaluations: readonly EvalResult[] };
export type OverlayChart = { title: string; testId: string; series: { name: string; points: [number, number][] }[] };

/**
 * One chart per loss term, D's scores and evaluation metric, each with one series per run (named for the run, in the
 * runs' order, so a run keeps its colour from chart to chart). A chart no run has data for is left out.
 */
export function overlayCharts(runs: readonly RunCurves[]): OverlayChart[] {
  const chart = (title: string, testId: string, pick: (r: RunCurves) => [number, number][]): OverlayChart => ({ title, testId, series: runs.map((r) => ({ name: r.name, points: pick(r) })) });
  const fromHistory = (pick: (m: StepMetrics) => number | null | undefined) => (r: RunCurves) =>
    r.history.flatMap((m): [number, number][] => {
      const v = pick(m);
      return v === null || v === undefined ? [] : [[m.step, v]];
    });
  const terms = [...new Set(runs.flatMap((r) => r.history.flatMap((m) => Object.keys(m.losses))))];
  const toy = (pick: (e: Extract<EvalResult, { kind: 'toy2d' }>) => number) => (r: RunCurves) => r.evaluations.flatMap((e): [number, number][] => (e.kind === 'toy2d' ? [[e.step, pick(e)]] : []));
  const img = (pick: (e: Extract<EvalResult, { kind: 'images' }>) => number) => (r: RunCurves) => r.evaluations.flatMap((e): [number, number][] => (e.kind === 'images' ? [[e.step, pick(e)]] : []));
  const paired = (pick: (e: Extract<EvalResult, { kind: 'paired' }>) => number | null) => (r: RunCurves) =>
    r.evaluations.flatMap((e): [number, number][] => {
      const v = e.kind === 'paired' ? pick(e) : null;
      return v === null ? [] : [[e.step, v]];
    });
  const charts = [
    ...terms.map((t) => chart(t, `compare-loss-${t}`, fromHistory((m) => m.losses[t]))),
    chart('D(x)', 'compare-d-real', fromHistory((m) => m.dReal)),
    chart('D(G(z))', 'compare-d-fake', fromHistory((m) => m.dFake)),
    chart('W estimate', 'compare-wasserstein', fromHistory((m) => m.wasserstein)),
    chart('Modes covered', 'compare-modes', toy((e) => e.modesCovered)),
    chart('HQ share', 'compare-hq', toy((e) => e.highQualityFraction)),
    chart('Fréchet distance', 'compare-fd', img((e) => e.frechetDistance)),
    chart('PSNR (dB)', 'compare-psnr', paired((e) => e.generated.psnr)),
    chart('Classifier accuracy', 'compare-accuracy', paired((e) => e.generated.accuracy)),
  ];
  return charts.filter((c) => c.series.some((s) => s.points.length > 0));
}

/** A run's last losses, for the runs list ("D 0.69 · G 0.71"). */
export function lastLosses(history: readonly StepMetrics[]): string {
  const m = history.at(-1);
  if (!m) return '–';
  return Object.entries(m.losses)
    .map(([k, v]) => `${k} ${Number.isFinite(v) ? v.toFixed(3) : String(v)}`)
    .join(' · ');
}
