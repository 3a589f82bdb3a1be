'use client';
import { useContext, useEffect, useMemo, useState } from 'react';
import { parseFieldInput } from '../../lib/editor/param-fields';
import type { Design } from '../../lib/graph/schema';
import { restoreRunDesign } from '../../lib/train/run-design';
import { DESIGN_BYTES, lastLosses, overlayCharts, RUN_LIMITS, settingsDiff, type RunMeta } from '../../lib/train/run-archive';
import { runArchive, type RunList } from '../../lib/train/run-archive-store';
import type { RunState } from '../../lib/train/run-state';
import { EditorActionsContext } from '../editor/EditorContext';
import { forkSettings } from './fork-settings';
import { LineChart } from './LineChart';
import { trainingClient } from './worker-client';
import './runs.css';

/**
 * Every run of the design (lib/train/run-archive-store.ts): listed, compared (curves overlaid, the settings that
 * differ side by side), opened to continue, forked at a saved step with one setting changed, or deleted (asked first;
 * never the run being trained). Opening or forking also puts the run's design into the editor, so the editor shows
 * what trains.
 */
export function RunsPanel({ design, designKey, state: s }: { design: Design | null; designKey: string | null; state: RunState }) {
  const [list, setList] = useState<RunList | null>(null);
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [forking, setForking] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const actions = useContext(EditorActionsContext);
  const busy = s.phase === 'loading' || s.phase === 'running';

  // Read again whenever the worker saves, opens or ends a run (and after this panel's own changes).
  useEffect(() => {
    if (!designKey) return;
    let live = true;
    runArchive
      .list(designKey)
      .then((l) => live && setList(l))
      .catch((e: unknown) => live && setProblem(`The runs could not be read: ${e instanceof Error ? e.message : String(e)}`));
    return () => {
      live = false;
    };
  }, [designKey, s.checkpointStep, s.key, s.phase, version]);

  const runs = useMemo(() => (list && list.runs.every((r) => r.designKey === designKey) ? list.runs : []), [list, designKey]);
  const compared = useMemo(() => runs.filter((r) => picked.includes(r.id)), [runs, picked]);
  const charts = useMemo(() => overlayCharts(compared), [compared]);
  const diff = useMemo(() => settingsDiff(compared.map((r) => r.design)), [compared]);

  if (!designKey || !design) return null;

  /** The editor's design set to the run's (keeping where blocks sit), as sent with Open and Fork. */
  const switchTo = (runDesign: Design | null) => {
    const next = runDesign ? restoreRunDesign(design, runDesign) : design;
    if (runDesign) actions?.edit((d) => ({ design: restoreRunDesign(d, runDesign) }));
    return next;
  };
  const open = (r: RunMeta) => trainingClient.send({ type: 'openRun', key: designKey, runId: r.id, design: switchTo(r.design) });
  const fork = (r: RunMeta, step: number, apply: (d: Design) => Design) => {
    const next = apply(r.design ? restoreRunDesign(design, r.design) : design);
    trainingClient.send({ type: 'fork', key: designKey, runId: r.id, step, design: next });
    actions?.edit((d) => ({ design: restoreRunDesign(d, next) }));
    setForking(null);
  };
  const remove = (r: RunMeta) => {
    if (!window.confirm(`Delete “${r.name}” and its saved weights? This cannot be undone.`)) return;
    runArchive
      .delete(designKey, r.id)
      .then(() => setPicked((p) => p.filter((id) => id !== r.id)))
      .catch((e: unknown) => setProblem(`Not deleted: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setVersion((v) => v + 1));
  };

  return (
    <section className="runs" aria-labelledby="runs-title" data-testid="runs">
      <h3 id="runs-title">Runs</h3>
      {problem && (
        <p className="runs-problem" role="alert">
          {problem}
        </p>
      )}
      {runs.length === 0 ? (
        <p className="runs-empty">No saved runs yet: a run is kept once it has trained a step. Reset, Restart and Fork start new runs; the old ones stay here.</p>
      ) : (
        <table className="runs-table">
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Run</th>
              <th scope="col">Step</th>
              <th scope="col">Last losses</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const current = list?.active === r.id;
              return (
                <tr key={r.id} data-testid="run-row" data-run={r.name} data-current={current}>
                  <td>
                    <input type="checkbox" aria-label={`compare ${r.name}`} checked={picked.includes(r.id)} onChange={(e) => setPicked((p) => (e.target.checked ? [...p, r.id] : p.filter((id) => id !== r.id)))} />
                  </td>
                  <th scope="row">
                    {r.name}
                    {current && <span className="runs-current"> (this run)</span>}
                  </th>
                  <td>{r.step.toLocaleString('en')}</td>
                  <td>{lastLosses(r.history)}</td>
                  <td>
                    <time dateTime={new Date(r.createdAt).toISOString()}>{new Date(r.createdAt).toLocaleString()}</time>
                  </td>
                  <td className="runs-actions">
                    <button type="button" disabled={busy || current} onClick={() => open(r)} aria-label={`open ${r.name}`}>
                      Open
                    </button>
                    <button type="button" disabled={busy || r.saved.length === 0} title={busy ? 'Pause training to fork' : undefined} onClick={() => setForking(forking === r.id ? null : r.id)} aria-expanded={forking === r.id} aria-label={`fork ${r.name}`}>
                      Fork…
                    </button>
                    <button type="button" disabled={current} title={current ? 'The run being trained; Reset starts a new one' : undefined} onClick={() => remove(r)} aria-label={`delete ${r.name}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {forking && runs.some((r) => r.id === forking) && <ForkForm run={runs.find((r) => r.id === forking)!} editor={design} busy={busy} onFork={fork} onCancel={() => setForking(null)} />}
      <p className="runs-note">
        Each run keeps the weights of up to {RUN_LIMITS.steps} saved steps ({RUN_LIMITS.bytes / 2 ** 20} MB at most), thinned evenly; the latest is always kept. Past{' '}
        {DESIGN_BYTES / 2 ** 20} MB for all of a design’s runs, the other runs keep fewer steps, oldest run first.
      </p>
      {compared.length >= 2 ? (
        <div className="runs-compare" data-testid="runs-compare">
          <table className="runs-diff" data-testid="runs-diff">
            <caption>Settings that differ</caption>
            <thead>
              <tr>
                <th scope="col">Setting</th>
                {compared.map((r) => (
                  <th scope="col" key={r.id}>
                    {r.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {diff.length === 0 ? (
                <tr>
                  <td colSpan={compared.length + 1}>The runs’ settings are the same.</td>
                </tr>
              ) : (
                diff.map((row) => (
                  <tr key={row.label}>
                    <th scope="row">{row.label}</th>
                    {row.values.map((v, i) => (
                      <td key={compared[i]!.id}>{v}</td>
                    ))}
                  </tr>
                ))
              )}
            </tbody>
          </table>
          <div className="runs-charts">
            {charts.map((c) => (
              <LineChart key={c.testId} title={c.title} series={c.series} testId={c.testId} />
            ))}
          </div>
        </div>
      ) : (
        runs.length >= 2 && <p className="runs-note">Tick two or more runs to overlay their curves and see the settings that differ.</p>
      )}
    </section>
  );
}

/** A saved step of `run` and one setting to change, then a new run from those weights. */
function ForkForm({ run, editor, busy, onFork, onCancel }: { run: RunMeta; editor: Design; busy: boolean; onFork: (r: RunMeta, step: number, apply: (d: Design) => Design) => void; onCancel: () => void }) {
  const settings = useMemo(() => forkSettings(run.design ?? editor), [run.design, editor]);
  const [step, setStep] = useState(run.saved.at(-1)?.step ?? 0);
  const [id, setId] = useState(settings[0]?.id ?? '');
  const setting = settings.find((x) => x.id === id);
  const [text, setText] = useState(setting ? String(setting.value ?? '') : '');
  const parsed = setting ? parseFieldInput(setting.field, text) : null;
  const pick = (next: string) => {
    setId(next);
    setText(String(settings.find((x) => x.id === next)?.value ?? ''));
  };
  return (
    <form
      className="runs-fork"
      aria-label={`Fork ${run.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (setting && parsed?.ok) onFork(run, step, (d) => setting.apply(d, parsed.value));
      }}
    >
      <label>
        From step
        <select aria-label="from step" value={step} onChange={(e) => setStep(Number(e.target.value))}>
          {run.saved.map((x) => (
            <option key={x.step} value={x.step}>
              {x.step.toLocaleString('en')}
            </option>
          ))}
        </select>
      </label>
      <label>
        Change
        <select aria-label="setting to change" value={id} onChange={(e) => pick(e.target.value)}>
          {settings.map((x) => (
            <option key={x.id} value={x.id}>
              {x.label}
            </option>
          ))}
        </select>
      </label>
      {setting && (
        <label>
          to
          {setting.field.kind === 'select' ? (
            <select aria-label="new value" value={text} onChange={(e) => setText(e.target.value)}>
              {setting.field.options.map((o) => (
                <option key={String(o)} value={String(o)}>
                  {String(o)}
                </option>
              ))}
            </select>
          ) : (
            <input type="number" step="any" aria-label="new value" value={text} onChange={(e) => setText(e.target.value)} aria-invalid={parsed?.ok === false || undefined} />
          )}
        </label>
      )}
      {parsed && !parsed.ok && <span className="runs-problem">{parsed.message}</span>}
      <button type="submit" disabled={busy || !parsed?.ok}>
        Fork and open
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
