'use client';
import { useState } from 'react';
import { zWeightsPayload } from '../../lib/codegen/initial-checkpoint';
import { runArchive } from '../../lib/train/run-archive-store';
import type { RunState } from '../../lib/train/run-state';
import { checkWeights, checkWeightsSize, MAX_WEIGHTS_BYTES_BROWSER, WeightsImportError, type ImportedWeights, type WeightShapes } from '../../lib/train/weights-import';
import { Dialog } from '../dialogs/Dialog';
import type { Toast } from '../feedback/toasts';
import { trainingClient } from './worker-client';

type Notice = (kind: Toast['kind'], message: string) => void;
/** Checked weights waiting for the user's yes: `replaces` is the step of the checkpoint they would replace. */
type Pending = { key: string; file: string; weights: ImportedWeights; replaces: number };

/** The file, refused before it is read when too large, parsed and checked against the design's weight shapes. */
async function readWeights(file: File, shapes: WeightShapes): Promise<ImportedWeights> {
  checkWeightsSize(file.size, MAX_WEIGHTS_BYTES_BROWSER);
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch (e) {
    throw new WeightsImportError(`not a weights file: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = zWeightsPayload.safeParse(json);
  if (!parsed.success) throw new WeightsImportError(`not a weights file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return checkWeights(parsed.data, shapes);
}

/**
 * "Import weights…": gan-studio-weights.json from a PyTorch project's export_weights.py becomes the design's checkpoint,
 * so the sample grid and the evaluation panel show and score the model trained there. Checked against the loaded
 * trainer's shapes first; replacing a run's checkpoint asks first; refused while training runs.
 */
export function WeightsImport({ designKey, state, onNotice }: { designKey: string | null; state: RunState; onNotice: Notice }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const shapes = designKey && state.weightShapes?.key === designKey ? state.weightShapes.shapes : null;
  const why =
    state.phase === 'running'
      ? 'Pause training to import weights: they replace the run’s checkpoint.'
      : busy
        ? 'Importing…'
        : !shapes || state.phase === 'loading' || state.phase === 'idle'
          ? 'The design’s models are loading.'
          : null;

  const commit = async (p: Pending) => {
    setBusy(true);
    try {
      const reply = await trainingClient.importWeights({ type: 'importWeights', key: p.key, file: p.file, weights: p.weights });
      if (reply.type === 'importFailed') return setError(`${p.file}: ${reply.message}`);
      const dropped = Object.keys(p.weights.ema).filter((id) => !reply.ema.includes(id));
      onNotice('info', `Imported weights at step ${reply.step.toLocaleString('en')} from ${p.file}${dropped.length ? ` (the design keeps no moving average of ${dropped.join(', ')}; the file’s was not kept)` : ''}`);
    } finally {
      setBusy(false);
    }
  };

  const pick = async (file: File) => {
    if (!designKey || !shapes) return;
    setError(null);
    setBusy(true);
    let next: Pending;
    try {
      const weights = await readWeights(file, shapes);
      const stored = await runArchive.load(designKey).catch(() => undefined);
      next = { key: designKey, file: file.name, weights, replaces: stored?.step ?? state.step };
      // A run to lose (a stored checkpoint, or steps not yet saved): ask before replacing it.
      if (stored || state.step > 0) return setPending(next);
    } catch (e) {
      return setError(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
    await commit(next);
  };

  return (
    <div className="training-weights">
      <label className="training-weights-pick" title={why ?? 'Load weights trained elsewhere (gan-studio-weights.json from a PyTorch export) as this design’s checkpoint'}>
        Import weights…
        <input
          type="file"
          accept=".json,application/json"
          aria-label="Import weights"
          aria-describedby={why ? 'training-weights-why' : undefined}
          data-testid="weights-input"
          disabled={why !== null}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void pick(f);
          }}
        />
      </label>
      {why && (
        <span id="training-weights-why" className="training-weights-why">
          {why}
        </span>
      )}
      {error && (
        <p className="training-fault" role="alert" data-testid="weights-error">
          {error}
        </p>
      )}
      <Dialog open={pending !== null} title="Replace the checkpoint?" onClose={() => setPending(null)}>
        {pending && (
          <>
            <p className="dialog-lead" data-testid="weights-confirm">
              The imported weights (step {pending.weights.step.toLocaleString('en')} from {pending.file}) replace the current checkpoint at step{' '}
              {pending.replaces.toLocaleString('en')} as a new run; the run before stays listed under Runs, with its loss curves and evaluations.
            </p>
            <div className="training-weights-actions">
              <button type="button" className="button" onClick={() => setPending(null)}>
                Cancel
              </button>
              <button
                type="button"
                className="button primary"
                onClick={() => {
                  setPending(null);
                  void commit(pending);
                }}
              >
                Replace checkpoint
              </button>
            </div>
          </>
        )}
      </Dialog>
    </div>
  );
}
