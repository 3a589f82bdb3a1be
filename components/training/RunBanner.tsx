'use client';
import type { RunState } from '../../lib/train/run-state';
import { describeWarmStart } from '../../lib/train/warm-start';
import { DesignChangedBanner } from './DesignChangedBanner';
import './run-banner.css';

/**
 * What happened to the run, above the dashboard: the design changed under it (and the two ways on), what a restart
 * kept, what the worker did on its own ("Moved the run at step 12 to webgl"), and why there is nothing to train.
 */
export function RunBanner({ state: s }: { state: RunState }) {
  return (
    <>
      {s.designChange && <DesignChangedBanner change={s.designChange} busy={s.phase === 'loading'} />}
      {s.warmStart && (
        <p className="run-note" role="status" data-testid="warm-start" data-kept={s.warmStart.kept.length} data-fresh={s.warmStart.fresh.map((l) => `${l.network}/${l.layer}`).join(' ')}>
          {describeWarmStart(s.warmStart)}
        </p>
      )}
      {s.notice && (
        <p className="run-note" role="status" data-testid="run-notice">
          {s.notice}
        </p>
      )}
      {s.phase === 'idle' && s.message && (
        <p className="run-note" data-testid="run-idle">
          {s.message}
        </p>
      )}
    </>
  );
}
