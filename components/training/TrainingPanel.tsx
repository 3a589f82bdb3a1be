'use client';
import { memo, useMemo, useState } from 'react';
import { blocks } from '../../lib/blocks';
import { formatTimeLeft } from '../../lib/editor/format';
import type { Design } from '../../lib/graph/schema';
import { eta } from '../../lib/train/run-state';
import type { BackendName } from '../../lib/train/backends';
import { ExplorerDialog } from '../explore/ExplorerDialog';
import type { Toast } from '../feedback/toasts';
import { BACKEND_ORDER } from '../../lib/train/backends';
import { EvalCharts, EvaluationPanel } from './EvaluationPanel';
import { HealthPanel } from './HealthPanel';
import { LineChart, type Series } from './LineChart';
import { SampleView } from './SampleView';
import { ImageImport } from './ImageImport';
import { RunBanner } from './RunBanner';
import { RunsPanel } from './RunsPanel';
import { useTraining } from './useTraining';
import { WeightsImport } from './WeightsImport';
import { trainingClient } from './worker-client';
import './training.css';

/**
 * The training dashboard: controls, progress, loss curves, evaluations, D's scores, gradient norms and samples.
 * Memoised: the studio re-renders on every edit, and this panel only needs the design it trains. `onNotice` shows a
 * toast (a stable callback).
 */
export const TrainingPanel = memo(function TrainingPanel({
  design,
  designKey,
  onNotice,
}: {
  design: Design | null;
  designKey: string | null;
  onNotice: (kind: Toast['kind'], message: string) => void;
}) {
  const s = useTraining(design, designKey);
  const running = s.phase === 'running';
  const canRun = s.phase === 'ready' || s.phase === 'paused';
  const charts = useMemo(() => {
    const h = s.history;
    const names = [...new Set(h.flatMap((m) => Object.keys(m.losses)))];
    const series = (pick: (m: (typeof h)[number]) => number | null | undefined, name: string): Series => ({
      name,
      points: h.flatMap((m) => {
        const v = pick(m);
        return v === null || v === undefined ? [] : [[m.step, v] as const];
      }),
    });
    const nets = [...new Set(h.flatMap((m) => Object.keys(m.gradNorms)))];
    return {
      losses: names.map((n) => series((m) => m.losses[n], n)),
      scores: [series((m) => m.dReal, 'D(x)'), series((m) => m.dFake, 'D(G(z))'), ...(h.some((m) => m.wasserstein !== null) ? [series((m) => m.wasserstein, 'W estimate')] : [])],
      grads: nets.map((n) => series((m) => m.gradNorms[n], `‖∇${n}‖`)),
    };
  }, [s.history]);
  const optimizers = useMemo(() => (design ? optimizerRates(design) : []), [design]);
  const left = eta(s);
  const pct = s.totalSteps > 0 ? Math.min(100, (100 * s.step) / s.totalSteps) : 0;
  const [exploring, setExploring] = useState(false);
  // A loaded run has samples; the explorer reads its G (on the design it was trained on, which the export carries).
  const canExplore = s.samples !== null && s.phase !== 'loading' && s.phase !== 'idle' && s.phase !== 'failed';
  // The run went away (another design, a reset): the explorer closes rather than reopen by itself on the next run.
  if (exploring && !canExplore) setExploring(false);

  return (
    <section className="training" aria-label="Training">
      <div className="training-bar">
        <div className="training-buttons" role="toolbar" aria-label="Training controls">
          {running ? (
            <button type="button" onClick={() => trainingClient.send({ type: 'pause' })}>Pause</button>
          ) : (
            <button type="button" disabled={!canRun} onClick={() => trainingClient.send({ type: 'start' })}>
              {s.phase === 'paused' ? 'Resume' : 'Train'}
            </button>
          )}
          <button type="button" disabled={!canRun} onClick={() => trainingClient.send({ type: 'step' })}>Step</button>
          <button type="button" disabled={s.phase === 'loading' || s.phase === 'idle'} onClick={() => trainingClient.send({ type: 'reset' })}>Reset</button>
        </div>
        <div className="training-progress">
          <progress max={100} value={pct} aria-label="training progress" />
          <span data-testid="training-step" data-step={s.step} data-phase={s.phase}>
            step {s.step.toLocaleString('en')} / {s.totalSteps.toLocaleString('en')} · {s.phase}
            {s.stepsPerSecond > 0 ? ` · ${s.stepsPerSecond.toFixed(1)} steps/s` : ''}
            {left !== null && running ? ` · ${formatTimeLeft(left)} left` : ''}
            {s.checkpointStep !== null ? ` · saved at ${s.checkpointStep}` : ''}
          </span>
        </div>
        <label className="training-backend">
          Backend
          <select
            aria-label="training backend"
            value={s.backend?.reason.startsWith('chosen by you') ? s.backend.backend : 'auto'}
            onChange={(e) => trainingClient.chooseBackend(e.target.value === 'auto' ? null : (e.target.value as BackendName))}
          >
            <option value="auto">auto</option>
            {BACKEND_ORDER.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button training-explore" disabled={!canExplore} onClick={() => setExploring(true)}>
          Explore latent space
        </button>
        <WeightsImport designKey={designKey} state={s} onNotice={onNotice} />
      </div>
      <ExplorerDialog open={exploring} onClose={() => setExploring(false)} design={s.designChange?.design ?? design} onNotice={onNotice} />
      {s.fault && (
        <p className="training-fault" role="alert">
          {s.fault.message}
        </p>
      )}
      {s.error && s.phase === 'failed' && (
        <p className="training-fault" role="alert">
          {s.error}
        </p>
      )}
      <RunBanner state={s} />
      <ImageImport design={design} />
      <div className="training-body">
        {/* Every step's signals first, in the dock's first row; the evaluations, run now and then, after them. */}
        <SampleView frame={s.samples} />
        <LineChart title="Losses" series={charts.losses} testId="chart-losses" />
        <LineChart title="Scores" series={charts.scores} testId="chart-scores" />
        <LineChart title="Gradient norms" series={charts.grads} testId="chart-grads" />
        <EvalCharts evaluation={s.evaluation} />
        <EvaluationPanel evaluation={s.evaluation} phase={s.phase} />
        <HealthPanel health={s.health} />
        {optimizers.length > 0 && (
          <fieldset className="training-lrs">
            <legend>Learning rates</legend>
            {optimizers.map((o) => (
              <label key={o.id}>
                {o.network}
                <input
                  type="number"
                  step="any"
                  min={0}
                  aria-label={`learning rate of ${o.network}`}
                  defaultValue={o.learningRate}
                  onChange={(e) => {
                    const lr = Number(e.target.value);
                    if (lr > 0 && Number.isFinite(lr)) trainingClient.send({ type: 'setLearningRate', network: o.network, learningRate: lr });
                  }}
                />
              </label>
            ))}
          </fieldset>
        )}
      </div>
      <RunsPanel design={design} designKey={designKey} state={s} />
    </section>
  );
});

/** Each optimizer's network and starting learning rate, as its block reads its params. */
function optimizerRates(design: Design): { id: string; network: string; learningRate: number }[] {
  return design.training.nodes.flatMap((n) => {
    const block = blocks.get(n.type);
    const parsed = block?.optimizer ? block.params.safeParse(n.params) : null;
    if (!block?.optimizer || !parsed?.success) return [];
    return [{ id: n.id, network: block.optimizer.network(parsed.data), learningRate: block.optimizer.learningRate(parsed.data) }];
  });
}
