'use client';
import { memo } from 'react';

export type Series = { name: string; points: readonly (readonly [number, number])[] };

const COLORS = ['#5b4bdb', '#e0592a', '#2e9d6a', '#c23b8a', '#2a7fd4', '#a6822a', '#6b6f7a'];
const W = 320;
const H = 120;
const PAD = 4;

/**
 * A small multi-series line chart in SVG, scaled to its data; enough for loss curves without a chart library.
 * `markers` draws a dot at every point, for sparse series (evaluations every few hundred steps).
 */
export const LineChart = memo(function LineChart({ title, series, testId, markers = false }: { title: string; series: readonly Series[]; testId?: string; markers?: boolean }) {
  const all = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  if (all.length === 0) {
    return (
      <figure className="chart" data-testid={testId}>
        <figcaption>{title}</figcaption>
        <div className="chart-empty">no data yet</div>
      </figure>
    );
  }
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  // A loop, not Math.min(...xs): a long run's history passed as arguments would overflow the stack past ~120k points.
  const [x0, x1] = extent(xs);
  let [y0, y1] = extent(ys);
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const sx = (x: number) => PAD + ((x - x0) / Math.max(x1 - x0, 1)) * (W - 2 * PAD);
  const sy = (y: number) => H - PAD - ((y - y0) / (y1 - y0)) * (H - 2 * PAD);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        {title}
        <span className="chart-range">
          {fmt(y0)} … {fmt(y1)}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${series.map((s) => s.name).join(', ')}`}>
        {series.map((s, i) => (
          <polyline
            key={s.name}
            fill="none"
            stroke={COLORS[i % COLORS.length]}
            strokeWidth={1.5}
            points={s.points.filter(([, y]) => Number.isFinite(y)).map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}
          />
        ))}
        {markers &&
          series.map((s, i) =>
            s.points
              .filter(([, y]) => Number.isFinite(y))
              .map(([x, y]) => <circle key={`${s.name}@${x}`} cx={sx(x).toFixed(1)} cy={sy(y).toFixed(1)} r={2.5} fill={COLORS[i % COLORS.length]} data-x={x} />),
          )}
      </svg>
      <ul className="chart-legend">
        {series.map((s, i) => (
          <li key={s.name}>
            <i style={{ background: COLORS[i % COLORS.length] }} />
            {s.name} <b>{fmt(s.points.at(-1)?.[1] ?? NaN)}</b>
          </li>
        ))}
      </ul>
    </figure>
  );
});

function fmt(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (Number.isInteger(v) && Math.abs(v) < 1e4) return String(v);
  const a = Math.abs(v);
  return a >= 1000 || (a < 0.01 && a > 0) ? v.toExponential(1) : v.toFixed(a >= 10 ? 1 : 3);
}

function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
