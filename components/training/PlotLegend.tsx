'use client';
import { FAKE_COLOR, PLOT_BACKGROUND, REAL_COLOR, surfaceColor, surfaceRange, type PointsFrame } from './sample-draw';

/**
 * What the 2-D plot draws: real points, generated points, and D's score behind them. The surface is rescaled to each
 * frame's lowest … highest score, so the scale shows those two numbers rather than a fixed 0 … 1.
 */
export function PlotLegend({ frame }: { frame: PointsFrame }) {
  const range = frame.surface ? surfaceRange(frame.surface) : null;
  return (
    <ul className="plot-legend" aria-label="Plot legend" data-testid="plot-legend">
      <li>
        <i className="plot-dot" style={{ background: REAL_COLOR }} />
        real data
      </li>
      <li>
        <i className="plot-dot" style={{ background: FAKE_COLOR }} />
        generated
      </li>
      {range && (
        <li className="plot-surface" title="The discriminator's (critic's) score at each point of the plane, rescaled to this frame's lowest … highest score.">
          <span>D&apos;s score</span>
          <span className="plot-scale">
            <span className="plot-scale-end">{fmtScore(range.lo)}</span>
            <i
              className="plot-gradient"
              style={{ background: `linear-gradient(to right, ${surfaceColor(0)}, ${surfaceColor(1)}), ${PLOT_BACKGROUND}` }}
            />
            <span className="plot-scale-end">{fmtScore(range.hi)}</span>
          </span>
          <span className="plot-scale-words">
            <span>
              <span aria-hidden>← </span>generated
            </span>
            <span>
              real<span aria-hidden> →</span>
            </span>
          </span>
        </li>
      )}
    </ul>
  );
}

function fmtScore(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1000 || a < 0.01) ? v.toExponential(1) : v.toFixed(2);
}
