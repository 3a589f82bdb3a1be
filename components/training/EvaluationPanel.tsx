'use client';
import { useMemo, useState } from 'react';
import { MNIST_PAIRS } from '../../lib/data/pairs';
import type { EvalSettings, EvalTarget } from '../../lib/train/evaluation';
import type { EvalState } from '../../lib/train/run-state';
import type { Phase } from '../../lib/train/protocol';
import { evalCharts, evalRows, progressText } from './eval-view';
import { LineChart } from './LineChart';
import { trainingClient } from './worker-client';

/** The evaluation history over steps, in the metrics of the design's kind: sits beside the loss chart. */
export function EvalCharts({ evaluation }: { evaluation: EvalState }) {
  const kind = evaluation.target?.kind ?? 'none';
  const charts = useMemo(() => (kind === 'none' ? [] : evalCharts(kind, evaluation.history)), [kind, evaluation.history]);
  return (
    <>
      {charts.map((c) => (
        <LineChart key={c.testId} title={c.title} series={c.series} testId={c.testId} markers />
      ))}
    </>
  );
}

/** "Evaluate now", the every-N-steps and sample-count settings, what is running, and the latest values with their meaning. */
export function EvaluationPanel({ evaluation: e, phase }: { evaluation: EvalState; phase: Phase }) {
  const latest = e.history.at(-1) ?? null;
  const rows = useMemo(() => (latest ? evalRows(latest) : []), [latest]);
  const canEvaluate = e.target !== null && e.target.kind !== 'none' && e.running === null && (phase === 'ready' || phase === 'paused' || phase === 'done' || phase === 'running');
  const unit = e.target?.kind === 'images' ? 'images' : e.target?.kind === 'paired' ? 'test digits' : 'points';
  return (
    <fieldset className="training-eval" aria-label="Evaluation">
      <legend>Evaluation</legend>
      {e.target?.kind === 'none' ? (
        <p className="training-eval-none" data-testid="eval-unavailable">
          No metrics for this design: {e.target.reason}
        </p>
      ) : (
        <>
          <div className="training-eval-controls">
            <button type="button" disabled={!canEvaluate} onClick={() => trainingClient.send({ type: 'evaluate' })}>
              Evaluate now
            </button>
            {e.settings && e.limits && (
              // Keyed on the worker's settings: an accepted (clamped) value resets the fields to it.
              <SettingsFields key={`${e.target?.kind}:${e.settings.every}:${e.settings.samples}`} settings={e.settings} limits={e.limits} unit={unit} />
            )}
          </div>
          {e.settings && e.target && <EvalNote target={e.target} samples={e.settings.samples} />}
        </>
      )}
      <p className="training-eval-status" data-testid="eval-status" data-state={e.running ? 'running' : 'idle'} role="status">
        {e.running ? progressText(e.running.step, e.running.progress) : (e.notice ?? (latest ? `step ${latest.step.toLocaleString('en')} · took ${formatSeconds(latest.seconds)}` : e.target?.kind === 'none' ? '' : 'not evaluated yet'))}
      </p>
      {latest?.criticKeep !== undefined && (
        <p className="training-eval-note" data-testid="eval-critic-keep" title="The design's Critic keep setting: samples are drawn in excess and D's best-scored share is kept (discriminator rejection, Azadi 2019). Set it to 1 to measure G's own samples.">
          scored on D's best {Math.round(latest.criticKeep * 1000) / 10} % of the candidates
        </p>
      )}
      {rows.length > 0 && (
        <table className="training-eval-table" data-testid="eval-table" data-step={latest?.step}>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} title={r.tip} data-metric={r.key}>
                <th scope="row">
                  <abbr title={r.tip}>{r.label}</abbr>
                </th>
                <td>{r.value}</td>
                <td className="training-eval-better" aria-label={`${r.better} is better`}>
                  {r.better === 'higher' ? '↑' : '↓'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </fieldset>
  );
}

/** What an evaluation compares, in a line under the controls, with the protocol in its tooltip. */
function EvalNote({ target, samples }: { target: EvalTarget; samples: number }) {
  const n = samples.toLocaleString('en');
  const [note, tip] =
    target.kind === 'images'
      ? [
          `${n} generated vs ${n} real training images`,
          "Generated images and the same fixed subset of real MNIST training images every time (gan eval's reference), both scored by the MNIST feature classifier (99.4 % test accuracy).",
        ]
      : target.kind === 'paired'
        ? [
            `${n} test digits: G(A) vs the true digit; baseline ${MNIST_PAIRS[target.pair].factor > 1 ? 'bicubic' : 'input'}`,
            `The first ${n} MNIST test digits (never trained on): each digit's input A (${MNIST_PAIRS[target.pair].label}) through G, in inference mode with its moving-average weights when it keeps them, compared with the digit itself (PSNR, SSIM) and read by the MNIST classifier; the baseline needs no training.`,
          ]
        : [`${n} generated points vs the ${target.kind === 'toy2d' ? target.mixture : ''} modes`, 'Generated points scored against the centres of the mixture the design trains on.'];
  return (
    <p className="training-eval-note" title={tip} data-testid="eval-note">
      {note}
    </p>
  );
}

function SettingsFields({ settings, limits, unit }: { settings: EvalSettings; limits: { min: number; max: number }; unit: string }) {
  const [every, setEvery] = useState(String(settings.every));
  const [samples, setSamples] = useState(String(settings.samples));
  const commit = (next: EvalSettings) => {
    if (next.every !== settings.every || next.samples !== settings.samples) trainingClient.send({ type: 'evalSettings', settings: next });
  };
  const num = (v: string, fallback: number) => (v.trim() === '' || !Number.isFinite(Number(v)) ? fallback : Number(v));
  return (
    <>
      <label title="Evaluate after every N-th training step; 0 turns it off (Evaluate now still works).">
        every
        <input
          type="number"
          min={0}
          step={50}
          aria-label="evaluate every N steps"
          value={every}
          onChange={(ev) => setEvery(ev.target.value)}
          onBlur={() => commit({ every: num(every, settings.every), samples: settings.samples })}
          onKeyDown={(ev) => ev.key === 'Enter' && commit({ every: num(every, settings.every), samples: settings.samples })}
        />
        steps
      </label>
      <label title={`Generated ${unit} per evaluation (${limits.min.toLocaleString('en')} … ${limits.max.toLocaleString('en')}). More is steadier and slower; compare values only at equal counts.`}>
        on
        <input
          type="number"
          min={limits.min}
          max={limits.max}
          step={100}
          aria-label="evaluation samples"
          value={samples}
          onChange={(ev) => setSamples(ev.target.value)}
          onBlur={() => commit({ every: settings.every, samples: num(samples, settings.samples) })}
          onKeyDown={(ev) => ev.key === 'Enter' && commit({ every: settings.every, samples: num(samples, settings.samples) })}
        />
        {unit}
      </label>
    </>
  );
}

const formatSeconds = (s: number) => (s < 1 ? `${Math.max(1, Math.round(s * 1000))} ms` : `${s.toFixed(1)} s`);
