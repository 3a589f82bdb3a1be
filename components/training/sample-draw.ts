import type { SampleFrame } from '../../lib/train/protocol';

export type PointsFrame = Extract<SampleFrame, { kind: 'points' }>;
type ImagesFrame = Extract<SampleFrame, { kind: 'images' }>;

/** The 2-D plot's colours, shared by the canvas and its legend so the two cannot drift apart. */
export const REAL_COLOR = '#1f8a4c';
export const FAKE_COLOR = '#6a3fd1';
/** The surface is drawn translucent over the plot's black background (.samples canvas). */
export const PLOT_BACKGROUND = '#000';

/**
 * D's score on the surface, t = 0 at the frame's lowest score and 1 at its highest: purple where D says fake, green
 * where it says real (GAN Lab's colouring), so the surface reads in the colours of the points it separates.
 */
export function surfaceColor(t: number): string {
  return `rgba(${Math.round(160 - 80 * t)}, ${Math.round(90 + 110 * t)}, ${Math.round(200 - 90 * t)}, 0.35)`;
}

/** The lowest and highest score on the frame's surface: the ends of the colour scale (scores are rescaled per frame). */
export function surfaceRange(surface: NonNullable<PointsFrame['surface']>): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of surface.values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}

/** Draws a frame onto a square canvas of `size` pixels: the image grid, or the points over D's surface. */
export function drawFrame(ctx: CanvasRenderingContext2D, frame: SampleFrame, size: number): void {
  ctx.clearRect(0, 0, size, size);
  if (frame.kind === 'images') drawGrid(ctx, frame, size);
  else drawPoints(ctx, frame, size);
}

function drawGrid(ctx: CanvasRenderingContext2D, f: ImagesFrame, size: number) {
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
  ctx.drawImage(tmp, 0, 0, size, size);
}

/** D's decision surface as a grid of coloured cells filling the square at (x, y) of side `size`. */
export function drawSurface(ctx: CanvasRenderingContext2D, surface: NonNullable<PointsFrame['surface']>, x: number, y: number, size: number): void {
  const { n, values } = surface;
  const { lo, hi } = surfaceRange(surface);
  // Cells end on whole pixels and meet without overlapping: overlapping translucent cells drew a lattice of seams.
  const edge = (k: number) => Math.round((k * size) / n);
  for (let i = 0; i < n * n; i++) {
    const [c, r] = [i % n, Math.floor(i / n)];
    ctx.fillStyle = surfaceColor(hi > lo ? (values[i]! - lo) / (hi - lo) : 0.5);
    ctx.fillRect(x + edge(c), y + edge(r), edge(c + 1) - edge(c), edge(r + 1) - edge(r));
  }
}

function drawPoints(ctx: CanvasRenderingContext2D, f: PointsFrame, size: number) {
  const extent = f.surface?.extent ?? 3;
  const px = (v: number) => ((v + extent) / (2 * extent)) * size;
  const py = (v: number) => size - ((v + extent) / (2 * extent)) * size;
  if (f.surface) drawSurface(ctx, f.surface, 0, 0, size);
  // 3 px on the 256 px plot; the enlarged plot's dots grow with it, a little less than in proportion.
  const dot = Math.max(3, Math.round(size / 110));
  const dots = (pts: Float32Array, color: string) => {
    ctx.fillStyle = color;
    for (let i = 0; i + 1 < pts.length; i += 2) ctx.fillRect(px(pts[i]!) - dot / 2, py(pts[i + 1]!) - dot / 2, dot, dot);
  };
  dots(f.real, REAL_COLOR);
  dots(f.fake, FAKE_COLOR);
}
