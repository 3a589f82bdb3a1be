import type { SampleFrame } from '../../lib/train/protocol';
import { FAKE_COLOR, PLOT_BACKGROUND, REAL_COLOR, drawSurface } from '../training/sample-draw';

/** How many samples a frame holds: images, or 2-D points. */
export const frameCount = (f: SampleFrame): number => (f.kind === 'images' ? f.count : f.fake.length / 2);

/**
 * Draws sample `k` of `frame` into the square at (x, y) of side `size`: the k-th image, or — for 2-D data — the plot
 * (D's surface, the real points) with the k-th generated point marked, so a path of points reads as a path of tiles.
 */
export function drawTile(ctx: CanvasRenderingContext2D, frame: SampleFrame, k: number, x: number, y: number, size: number): void {
  if (frame.kind === 'images') return drawImage(ctx, frame, k, x, y, size);
  ctx.fillStyle = PLOT_BACKGROUND;
  ctx.fillRect(x, y, size, size);
  const extent = frame.surface?.extent ?? 3;
  const px = (v: number) => x + ((v + extent) / (2 * extent)) * size;
  const py = (v: number) => y + size - ((v + extent) / (2 * extent)) * size;
  if (frame.surface) drawSurface(ctx, frame.surface, x, y, size);
  ctx.fillStyle = REAL_COLOR;
  for (let i = 0; i + 1 < frame.real.length; i += 2) ctx.fillRect(px(frame.real[i]!) - 1, py(frame.real[i + 1]!) - 1, 2, 2);
  const r = Math.max(3, size / 16);
  ctx.beginPath();
  ctx.arc(px(frame.fake[2 * k]!), py(frame.fake[2 * k + 1]!), r, 0, 2 * Math.PI);
  ctx.fillStyle = FAKE_COLOR;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#fff';
  ctx.stroke();
}

function drawImage(ctx: CanvasRenderingContext2D, f: Extract<SampleFrame, { kind: 'images' }>, k: number, x: number, y: number, size: number) {
  const img = new ImageData(f.width, f.height);
  const per = f.height * f.width * f.channels;
  for (let p = 0; p < f.height * f.width; p++) {
    for (let c = 0; c < 3; c++) {
      const v = f.data[k * per + p * f.channels + (f.channels === 1 ? 0 : c)]!;
      img.data[p * 4 + c] = Math.max(0, Math.min(255, f.range === '[-1,1]' ? (v + 1) * 127.5 : v * 255));
    }
    img.data[p * 4 + 3] = 255;
  }
  const tmp = new OffscreenCanvas(f.width, f.height);
  tmp.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tmp, x, y, size, size);
}

/** One row (or block of rows) of the exported picture: a heading and its frame's samples, `columns` to a row. */
export type ViewSection = { title: string; frame: SampleFrame; columns: number };

const TILE = 72;
const GAP = 4;
const PAD = 24;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** The explorer's current view as one picture (for "Export PNG"): a title, then each section's tiles under its heading. */
export async function drawViewPng(title: string, subtitle: string, sections: readonly ViewSection[]): Promise<Uint8Array> {
  const rowsOf = (s: ViewSection) => Math.ceil(frameCount(s.frame) / s.columns);
  const widest = sections.reduce((m, s) => Math.max(m, Math.min(s.columns, frameCount(s.frame))), 4);
  const height = PAD + 56 + sections.reduce((h, s) => h + 28 + rowsOf(s) * (TILE + GAP), 0) + PAD;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  // Wide enough for the longest heading too (the nearest images' distances run past the tiles); measured before the
  // size is set, which resets the context.
  const text = (font: string, t: string) => ((ctx.font = font), Math.ceil(ctx.measureText(t).width));
  const headings = Math.max(text(`600 20px ${FONT}`, title), text(`12px ${FONT}`, subtitle), ...sections.map((s) => text(`600 13px ${FONT}`, s.title)));
  const width = Math.max(560, PAD * 2 + widest * (TILE + GAP), PAD * 2 + headings);
  canvas.width = width;
  canvas.height = height;
  ctx.fillStyle = '#f7f7f9';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#1b1d23';
  ctx.font = `600 20px ${FONT}`;
  ctx.fillText(title, PAD, PAD + 18);
  ctx.fillStyle = '#5c6270';
  ctx.font = `12px ${FONT}`;
  ctx.fillText(subtitle, PAD, PAD + 40);
  let y = PAD + 56;
  for (const s of sections) {
    ctx.fillStyle = '#1b1d23';
    ctx.font = `600 13px ${FONT}`;
    ctx.fillText(s.title, PAD, y + 18);
    y += 28;
    for (let k = 0; k < frameCount(s.frame); k++) drawTile(ctx, s.frame, k, PAD + (k % s.columns) * (TILE + GAP), y + Math.floor(k / s.columns) * (TILE + GAP), TILE);
    y += rowsOf(s) * (TILE + GAP);
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the canvas could not be encoded as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}
