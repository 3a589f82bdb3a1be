import { mulberry32 } from '../rng';
import type { ImageSet } from './image-set';

/**
 * Coloured shapes: a small colour data set drawn here from a fixed seed, so the colour path (RGB training, sample
 * grids, exports) runs without a download. Each image is one circle, square or upward triangle (its label) in one of
 * six colours on a dark grey background, at a random size and place, fully inside the frame.
 *
 * Everything is integer arithmetic on a grid of 1/8 pixel, with 4 × 4 samples per pixel for anti-aliasing, so the
 * exported PyTorch project's images.py (`coloured_shapes`) draws the same bytes from the same seed; only the
 * generator's uniform draws are floating point, and those are mulberry32's exact divisions by 2^32.
 */

export const SHAPE_CLASSES = ['circle', 'square', 'triangle'] as const;

/** Saturated colours that differ in every channel pair, so a grey or channel-swapped sample is visibly wrong. */
export const SHAPE_COLOURS: readonly (readonly [number, number, number])[] = [
  [220, 40, 40],
  [40, 180, 60],
  [50, 80, 220],
  [230, 200, 40],
  [200, 50, 200],
  [40, 190, 200],
];

/**
 * The two sizes, by dataset name. The 64×64 set is the first 5,000 scenes of the 32×32 set drawn at twice the
 * resolution (the same draws, scaled), and half as many: 5,000 × 64 × 64 × 3 bytes is 61 MB in the browser's worker.
 */
export const SHAPE_SETS = {
  shapes: { size: 32, count: 10_000 },
  shapes64: { size: 64, count: 5_000 },
} as const;
export type ShapeSetName = keyof typeof SHAPE_SETS;
export const SHAPES_SEED = 20_261_203;

export const isShapeSet = (name: string): name is ShapeSetName => Object.hasOwn(SHAPE_SETS, name);

/** The image set a dataset name stands for. */
export const shapeSet = (name: ShapeSetName): ImageSet => colouredShapes(SHAPE_SETS[name].size, SHAPE_SETS[name].count);

/** `count` images of `size` × `size` × 3 (size a multiple of 32), labelled by shape; deterministic in `seed`. */
export function colouredShapes(size: number, count: number, seed = SHAPES_SEED): ImageSet {
  if (size % 32 !== 0 || size <= 0) throw new Error(`coloured shapes are drawn at multiples of 32 pixels; got ${size}`);
  const unit = size / 32;
  const rng = mulberry32(seed);
  const per = size * size * 3;
  const pixels = new Uint8Array(count * per);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const shape = rng.int(3);
    const fg = SHAPE_COLOURS[rng.int(SHAPE_COLOURS.length)]!;
    const bg = 16 + rng.int(48);
    // In 1/8 pixel of the 32×32 frame: a half-extent of 4–8 pixels, the centre anywhere that keeps the shape inside.
    const r32 = 32 + rng.int(33);
    const cx32 = r32 + rng.int(256 - 2 * r32 + 1);
    const cy32 = r32 + rng.int(256 - 2 * r32 + 1);
    labels[i] = shape;
    drawShape(pixels.subarray(i * per, (i + 1) * per), size, shape, fg, bg, r32 * unit, cx32 * unit, cy32 * unit);
  }
  return { pixels, labels, count, height: size, width: size, channels: 3, classNames: SHAPE_CLASSES };
}

/** Whether the sample point (x, y), in 1/8 pixel, is inside the shape of half-extent r centred on (cx, cy). */
function inside(shape: number, x: number, y: number, r: number, cx: number, cy: number): boolean {
  const dx = x - cx;
  const dy = y - cy;
  if (shape === 0) return dx * dx + dy * dy <= r * r;
  if (shape === 1) return Math.abs(dx) <= r && Math.abs(dy) <= r;
  // Apex at (cx, cy − r), base from (cx − r, cy + r) to (cx + r, cy + r): the half-width grows by 1/2 per unit down.
  return dy <= r && 2 * Math.abs(dx) <= dy + r;
}

function drawShape(out: Uint8Array, size: number, shape: number, fg: readonly number[], bg: number, r: number, cx: number, cy: number): void {
  out.fill(bg);
  // Only the pixels the shape's box touches can be covered.
  const x0 = Math.max(0, Math.floor((cx - r) / 8) - 1);
  const x1 = Math.min(size - 1, Math.floor((cx + r) / 8) + 1);
  const y0 = Math.max(0, Math.floor((cy - r) / 8) - 1);
  const y1 = Math.min(size - 1, Math.floor((cy + r) / 8) + 1);
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      let k = 0;
      // Sample centres at 1/8, 3/8, 5/8, 7/8 of the pixel: 8p + 1, 3, 5, 7 in 1/8 pixel.
      for (let sy = 1; sy < 8; sy += 2) for (let sx = 1; sx < 8; sx += 2) if (inside(shape, 8 * px + sx, 8 * py + sy, r, cx, cy)) k++;
      if (k === 0) continue;
      const o = (py * size + px) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = (bg * (16 - k) + fg[c]! * k + 8) >> 4;
    }
  }
}
