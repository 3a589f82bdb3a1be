'use client';
import { memo, useEffect, useRef, useState } from 'react';
import type { SampleFrame } from '../../lib/train/protocol';
import { Dialog } from '../dialogs/Dialog';
import { PlotLegend } from './PlotLegend';
import { drawFrame } from './sample-draw';

const SIZE = 256;
/** The enlarged view's drawing size: its CSS size is at most 640 px, and 768 keeps the dots sharp on a 1.2× display. */
const LARGE = 768;

/** The fixed-noise sample grid (images) or, for 2-D data, real and generated points over D's decision surface. */
export const SampleView = memo(function SampleView({ frame }: { frame: SampleFrame | null }) {
  const [large, setLarge] = useState(false);
  const title = frame ? `Samples at step ${frame.step.toLocaleString('en')}` : 'Samples';
  return (
    <figure className="samples">
      <figcaption>
        <span>{title}</span>
        <button type="button" className="icon-button samples-enlarge" aria-label="Enlarge samples" title="Enlarge samples" disabled={!frame} onClick={() => setLarge(true)}>
          ⤢
        </button>
      </figcaption>
      <FrameCanvas frame={frame} size={SIZE} testId="sample-canvas" label="generated samples" />
      {frame?.kind === 'points' && <PlotLegend frame={frame} />}
      {/* Follows the run: while it trains, the enlarged view shows each new frame and the title its step. */}
      <Dialog open={large && frame !== null} title={title} onClose={() => setLarge(false)} wide>
        {frame && (
          <div className="samples-large">
            <FrameCanvas frame={frame} size={LARGE} testId="sample-canvas-large" label="generated samples, enlarged" />
            {frame.kind === 'points' && <PlotLegend frame={frame} />}
          </div>
        )}
      </Dialog>
    </figure>
  );
});

function FrameCanvas({ frame, size, testId, label }: { frame: SampleFrame | null; size: number; testId: string; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx && frame) drawFrame(ctx, frame, size);
  }, [frame, size]);
  return <canvas ref={ref} width={size} height={size} data-testid={testId} data-step={frame?.step ?? -1} data-kind={frame?.kind ?? 'none'} aria-label={label} />;
}
