import { describe, expect, it } from 'vitest';
import { forkSettings } from '../../../components/training/fork-settings';
import type { Design } from '../../../lib/graph/schema';
import type { EvalResult } from '../../../lib/train/evaluation';
import { getPreset } from '../../../lib/presets';
import { designBudgetDrops, lastLosses, overlayCharts, RUN_LIMITS, runName, settingsDiff, snapshotBytes, thinSavedSteps } from '../../../lib/train/run-archive';
import type { StepMetrics } from '../../../lib/train/trainer';

/** The run archive's pure side (lib/train/run-archive.ts) and what a fork may change (components/training/fork-settings.ts). */
const ring = (): Design => structuredClone(getPreset('ring8-2d')!.design);
const metrics = (step: number, d: number, g: number): StepMetrics => ({ step, losses: { D: d, G: g }, dReal: 0.5, dFake: 0.4, gradNorms: {}, wasserstein: null }) as unknown as StepMetrics;

describe('run names', () => {
  it('numbers runs and names a fork after its parent and step, not the parent’s whole line', () => {
    expect(runName(1)).toBe('Run 1');
    expect(runName(3, { name: 'Run 2', step: 1500 })).toBe('Run 3 ↳ fork of Run 2 at step 1,500');
    expect(runName(4, { name: 'Run 3 ↳ fork of Run 2 at step 1,500', step: 2000 })).toBe('Run 4 ↳ fork of Run 3 at step 2,000');
  });
});

describe('saved steps', () => {
  const steps = (...s: number[]) => s.map((step) => ({ step, bytes: 100 }));
  it('keeps everything within the limits', () => {
    expect(thinSavedSteps(steps(0, 10, 20), { steps: 3, bytes: 1000 })).toEqual([]);
  });
  it('drops the step with the closest neighbours, keeping the first and the latest', () => {
    // 20 sits between 10 and 30 (gap 20); 40's neighbours are 30 and 100 (gap 70).
    expect(thinSavedSteps(steps(0, 10, 20, 30, 40, 100), { steps: 4, bytes: 1e9 })).toEqual([10, 30]);
    const many = steps(...Array.from({ length: 50 }, (_, i) => i * 10));
    const dropped = thinSavedSteps(many, RUN_LIMITS);
    const kept = many.map((s) => s.step).filter((s) => !dropped.includes(s));
    expect(kept).toHaveLength(RUN_LIMITS.steps);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(490);
  });
  it('thins to the byte budget, and a latest step over it alone is still kept', () => {
    expect(thinSavedSteps(steps(0, 10, 20, 30), { steps: 10, bytes: 250 })).toEqual([10, 20]);
    expect(thinSavedSteps([{ step: 5, bytes: 10 }, { step: 9, bytes: 500 }], { steps: 10, bytes: 100 })).toEqual([5]);
  });
  it('counts the bytes of weights and moving averages', () => {
    expect(snapshotBytes({ weights: { G: [new Float32Array(10), new Float32Array(2)] }, ema: { G: [new Float32Array(3)] } })).toBe(60);
  });
});

describe('the design’s byte budget', () => {
  const run = (id: string, ...s: number[]) => ({ id, saved: s.map((step) => ({ step, bytes: 100 })) });
  it('drops nothing within it', () => {
    expect(designBudgetDrops([run('a', 0, 1), run('b', 0, 1)], 'b', 400).size).toBe(0);
  });
  it('thins the other runs first, oldest first, then the current one, never a latest step', () => {
    const runs = [run('a', 0, 1, 2), run('b', 0, 1), run('c', 5, 6, 7)];
    expect([...designBudgetDrops(runs, 'a', 600)]).toEqual([['b', [0]], ['c', [5]]]);
    expect([...designBudgetDrops(runs, 'a', 100)]).toEqual([['b', [0]], ['c', [5, 6]], ['a', [0, 1]]]);
  });
});

describe('settings diff', () => {
  it('shows only what differs, one column per run, defaults filled in', () => {
    const a = ring();
    const b = ring();
    const optimizer = b.training.nodes.find((n) => n.type === 'adam')!;
    optimizer.params = { ...optimizer.params, learningRate: 0.005 };
    b.training.settings = { ...b.training.settings, nCritic: 3 };
    const rows = settingsDiff([a, b, a]);
    const label = `${optimizer.label ?? optimizer.id} · learningRate`;
    expect(rows.map((r) => r.label).sort()).toEqual([label, 'settings · nCritic'].sort());
    const lr = rows.find((r) => r.label === label)!;
    expect(lr.values[1]).toBe('0.005');
    expect(lr.values[0]).toBe(lr.values[2]);
    expect(lr.values[0]).not.toBe('0.005');
    expect(settingsDiff([a, ring()])).toEqual([]);
  });
  it('lists a block one design lacks, and a run without a design as —', () => {
    const a = ring();
    const b = ring();
    b.networks[0]!.nodes = b.networks[0]!.nodes.slice(1);
    const gone = a.networks[0]!.nodes[0]!;
    const rows = settingsDiff([a, b]);
    expect(rows.find((r) => r.label === `${a.networks[0]!.id}/${gone.label ?? gone.id} · block`)?.values).toEqual([gone.type, '—']);
    expect(settingsDiff([a, null]).length).toBeGreaterThan(5);
  });
});

describe('overlay charts', () => {
  it('draws one series per run on each loss and score chart, in the runs’ order', () => {
    const charts = overlayCharts([
      { name: 'Run 1', history: [metrics(1, 0.7, 0.6), metrics(2, 0.65, 0.7)], evaluations: [] },
      { name: 'Run 2 ↳ fork of Run 1 at step 1', history: [metrics(1, 0.7, 0.6), metrics(2, 0.5, 0.9)], evaluations: [] },
    ]);
    expect(charts.map((c) => c.testId)).toEqual(['compare-loss-D', 'compare-loss-G', 'compare-d-real', 'compare-d-fake']);
    const d = charts[0]!;
    expect(d.title).toBe('D');
    expect(d.series.map((s) => s.name)).toEqual(['Run 1', 'Run 2 ↳ fork of Run 1 at step 1']);
    expect(d.series[1]!.points).toEqual([
      [1, 0.7],
      [2, 0.5],
    ]);
  });
  it('adds a chart per evaluation metric the runs have, a run without evaluations drawing nothing there', () => {
    const toy = { kind: 'toy2d', step: 2, modesCovered: 6, highQualityFraction: 0.8 } as unknown as EvalResult;
    const charts = overlayCharts([
      { name: 'Run 1', history: [], evaluations: [toy] },
      { name: 'Run 2', history: [], evaluations: [] },
    ]);
    expect(charts.map((c) => c.testId)).toEqual(['compare-modes', 'compare-hq']);
    expect(charts[0]!.series.map((x) => x.points)).toEqual([[[2, 6]], []]);
  });
  it('says a run’s last losses', () => {
    expect(lastLosses([metrics(1, 0.7, 0.6), metrics(2, 0.5, 1.25)])).toBe('D 0.500 · G 1.250');
    expect(lastLosses([])).toBe('–');
  });
});

describe('fork settings', () => {
  it('offers the learning rates, the loss objective and nCritic, and applies a change to the design only', () => {
    const d = ring();
    const all = forkSettings(d);
    const lr = all.find((s) => s.field.name === 'learningRate')!;
    expect(lr.value).toBeGreaterThan(0);
    expect(all.some((s) => s.field.name === 'objective' && s.field.kind === 'select')).toBe(true);
    expect(all.some((s) => s.id === 'settings.nCritic')).toBe(true);
    expect(all.some((s) => s.id === 'settings.sampleEvery')).toBe(false);
    const changed = lr.apply(d, 0.01);
    expect(settingsDiff([d, changed]).map((r) => r.values)).toEqual([[String(lr.value), '0.01']]);
    expect(forkSettings(changed).find((s) => s.id === lr.id)!.value).toBe(0.01);
  });
});

describe('fork settings order', () => {
  it('offers an optimizer’s learning rate first', () => {
    expect(forkSettings(ring())[0]!.field.name).toBe('learningRate');
  });
});
