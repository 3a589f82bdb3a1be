'use client';
import { memo, useEffect, useRef } from 'react';
import type { SampleFrame } from '../../lib/train/protocol';

const SIZE = 256;

/** The fixed-noise sample grid (images) or, for 2-D data, real and generated points over D's decision surface. */
export const SampleView = memo(function SampleView({ frame }: { frame: SampleFrame | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || !frame) return;
    ctx.clearRect(0, 0, SIZE, SIZE);
    if (frame.kind === 'images') drawGrid(ctx, frame);
    else drawPoints(ctx, frame);
  }, [frame]);
  return (
    <figure className="samples">
      <figcaption>{frame ? `Samples at step ${frame.step}` : 'Samples'}</figcaption>
      <canvas ref={ref} width={SIZE} height={SIZE} data-testid="sample-canvas" data-step={frame?.step ?? -1} data-kind={frame?.kind ?? 'none'} aria-label="generated samples" />
    </figure>
  );
});

function drawGrid(ctx: CanvasRenderingContext2D, f: Extract<SampleFrame, { kind: 'images' }>) {
  const cols = Math.ceil(Math.sqrt(f.count));
  const rows = Math.ceil(f.count / cols);
  const img = ctx.createImageData(cols * f.width, rows * f.height);
  const per = f.height * f.width * f.channels;
  for (let k = 0; k < f.count; k++) {
    const ox = (k % cols) * f.width;
    const oy = Math.floor(k / cols) * f.height;
    for (let y = 0; y < f.height; y++) {
      for (let x = 0; x < f.width; x++) {
        const o = ((oy + y) * cols * f.width + ox + x) * 4;
        for (let c = 0; c < 3; c++) {
          const v = f.data[k * per + (y * f.width + x) * f.channels + (f.channels === 1 ? 0 : c)]!;
          img.data[o + c] = Math.max(0, Math.min(255, f.range === '[-1,1]' ? (v + 1) * 127.5 : v * 255));
        }
        img.data[o + 3] = 255;
      }
    }
  }
  const tmp = new OffscreenCanvas(img.width, img.height);
  tmp.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tmp, 0, 0, SIZE, SIZE);
}

function drawPoints(ctx: CanvasRenderingContext2D, f: Extract<SampleFrame, { kind: 'points' }>) {
  const extent = f.surface?.extent ?? 3;
  const px = (v: number) => ((v + extent) / (2 * extent)) * SIZE;
  const py = (v: number) => SIZE - ((v + extent) / (2 * extent)) * SIZE;
  if (f.surface) {
    // D's score: green where D says real, purple where it says fake (GAN Lab's colouring).
    const { n, values } = f.surface;
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const cell = SIZE / n;
    for (let i = 0; i < n * n; i++) {
      const t = hi > lo ? (values[i]! - lo) / (hi - lo) : 0.5;
      ctx.fillStyle = `rgba(${Math.round(160 - 80 * t)}, ${Math.round(90 + 110 * t)}, ${Math.round(200 - 90 * t)}, 0.35)`;
      ctx.fillRect((i % n) * cell, Math.floor(i / n) * cell, cell + 0.5, cell + 0.5);
    }
  }
  const dots = (pts: Float32Array, color: string) => {
    ctx.fillStyle = color;
    for (let i = 0; i + 1 < pts.length; i += 2) ctx.fillRect(px(pts[i]!) - 1.5, py(pts[i + 1]!) - 1.5, 3, 3);
  };
  dots(f.real, '#1f8a4c');
  dots(f.fake, '#6a3fd1');
}
