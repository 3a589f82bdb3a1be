'use client';
import { useEffect, useRef, type ReactNode } from 'react';
import type { SampleFrame } from '../../lib/train/protocol';
import { drawTile, frameCount } from './explore-draw';

/** Side of one sample tile, in CSS pixels. */
export const TILE = 64;

/** What a section shows: a worker's answer with or without a frame of samples, or why there is none. */
export type SectionAnswer = { ok: true; frame?: SampleFrame } | { ok: false; message: string };

/** One part of the explorer, with its state for tests and assistive tech (pending, ready, failed) and its sample count. */
export function Section({ title, testId, state, children }: { title: string; testId: string; state: { result: SectionAnswer | null; pending: boolean }; children: ReactNode }) {
  const phase = state.pending ? 'pending' : state.result?.ok ? 'ready' : state.result ? 'failed' : 'none';
  const count = state.result?.ok && state.result.frame ? frameCount(state.result.frame) : 0;
  return (
    <section className="explore-section" aria-label={title} data-testid={testId} data-state={phase} data-count={count}>
      <h3>{title}</h3>
      {children}
      {state.result && !state.result.ok && (
        <p role="alert" className="explore-problem">
          {state.result.message}
        </p>
      )}
    </section>
  );
}

export function TileRow({ frame, label, name, columns }: { frame: SampleFrame; label: (k: number, n: number) => string; name: string; columns?: number }) {
  const n = frameCount(frame);
  return (
    <ol className="explore-tiles" aria-label={name} style={{ gridTemplateColumns: `repeat(${columns ?? n}, ${TILE}px)` }}>
      {Array.from({ length: n }, (_, k) => (
        <li key={k}>
          <Tile frame={frame} k={k} label={label(k, n)} />
        </li>
      ))}
    </ol>
  );
}

/** One sample of a frame on its own canvas. Inside a pick button the button names it; alone, the canvas is an image. */
export function Tile({ frame, k, label }: { frame: SampleFrame; k: number; label?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) drawTile(ctx, frame, k, 0, 0, TILE);
  }, [frame, k]);
  return <canvas ref={ref} width={TILE} height={TILE} {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })} />;
}
