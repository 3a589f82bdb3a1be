'use client';
import { memo } from 'react';
import { TRAINING } from '../../lib/editor/scope';
import type { Diagnosis, HealthReport, SettingLink } from '../../lib/train/diagnostics';
import { useEditorActions } from '../editor/EditorContext';
import './health.css';

const FIELD_LABEL: Record<string, string> = { nCritic: 'n critic', emaDecay: 'EMA decay', batchSize: 'batch size', instanceNoise: 'instance noise' };

const linkLabel = (s: SettingLink) => (s.kind === 'node' ? `Show ${s.param} of ${s.nodeId}` : `Show the ${FIELD_LABEL[s.field] ?? s.field} setting`);

/**
 * Puts keyboard focus on the inspector's field for `param` once it is rendered (the selection that shows it lands
 * a render or two later); gives up after a few frames, leaving the node selected.
 */
function focusField(param: string, tries = 10) {
  const el = document.querySelector<HTMLElement>(`.inspector [data-param="${CSS.escape(param)}"] :is(input, select, textarea)`);
  if (el) {
    el.scrollIntoView({ block: 'nearest' });
    el.focus();
  } else if (tries > 0) requestAnimationFrame(() => focusField(param, tries - 1));
}

/**
 * The run's health check (lib/train/diagnostics): what goes wrong, in plain words, the steps and numbers it rests
 * on, and a button to the setting that fixes it — in the editor, as the Problems panel goes to a node.
 */
export const HealthPanel = memo(function HealthPanel({ health }: { health: HealthReport | null }) {
  const { focusNode, openScope } = useEditorActions();
  const follow = (s: SettingLink) => {
    if (s.kind === 'node') {
      focusNode(TRAINING, s.nodeId);
      focusField(s.param);
    } else {
      openScope(TRAINING, null);
      focusField(s.field);
    }
  };
  return (
    <fieldset className="training-health" aria-label="Health" data-testid="health-panel" data-count={health?.diagnoses.length ?? -1}>
      <legend>Health</legend>
      {!health ? (
        <p className="training-health-wait">The health check starts with the run’s first samples.</p>
      ) : health.diagnoses.length === 0 ? (
        <p className="training-health-none" role="status" data-testid="health-none">
          No problems seen over steps {health.fromStep.toLocaleString('en')}–{health.toStep.toLocaleString('en')}.
        </p>
      ) : (
        <ul className="training-health-list">
          {health.diagnoses.map((d) => (
            <DiagnosisItem key={d.code} d={d} follow={follow} />
          ))}
        </ul>
      )}
    </fieldset>
  );
});

function DiagnosisItem({ d, follow }: { d: Diagnosis; follow: (s: SettingLink) => void }) {
  const figures = Object.entries(d.evidence.figures);
  return (
    <li className="training-health-item" data-severity={d.severity} data-code={d.code}>
      <span className="training-health-head">
        <span className="training-health-severity">{d.severity === 'error' ? 'Error' : 'Warning'}</span>
        <code>{d.code}</code>
      </span>
      <p className="training-health-sentence">{d.sentence}</p>
      <p className="training-health-evidence">
        Steps {d.evidence.fromStep.toLocaleString('en')}–{d.evidence.toStep.toLocaleString('en')}
        {figures.length ? `: ${figures.map(([k, v]) => `${k} ${v}`).join(', ')}` : ''}
      </p>
      <p className="training-health-fix">{d.suggestion.text}</p>
      {d.suggestion.setting && (
        <button type="button" onClick={() => follow(d.suggestion.setting!)}>
          {linkLabel(d.suggestion.setting)}
        </button>
      )}
    </li>
  );
}
