'use client';
import { useContext } from 'react';
import type { Design } from '../../lib/graph/schema';
import { restoreRunDesign } from '../../lib/train/run-design';
import { EditorActionsContext } from '../editor/EditorContext';
import { trainingClient } from './worker-client';

/**
 * The editor's design no longer matches the run (an edit of what it trains): the run is kept, and the user chooses —
 * restart with the change (layers the edit left alone keep their trained weights), or undo the change (the editor gets
 * the run's design back, blocks staying where they are; itself an edit that Ctrl+Z takes back).
 */
export function DesignChangedBanner({ change, busy }: { change: { since: number; design: Design }; busy: boolean }) {
  // The studio provides the editor's actions; without them (a dashboard on its own) only the restart is offered.
  const actions = useContext(EditorActionsContext);
  return (
    <div className="run-banner" role="alert" data-testid="design-changed" data-since={change.since}>
      <p>
        The design changed since step {change.since.toLocaleString('en')}. This run keeps training the design it was trained on until you choose.
      </p>
      <div className="run-banner-actions">
        <button type="button" disabled={busy} title="A new run on the changed design; layers the change left alone keep their trained weights" onClick={() => trainingClient.send({ type: 'restart' })}>
          Restart with the change
        </button>
        {actions && (
          <button type="button" title="Put the design back to the one this run was trained on" onClick={() => actions.edit((d) => ({ design: restoreRunDesign(d, change.design) }))}>
            Undo the change
          </button>
        )}
      </div>
    </div>
  );
}
