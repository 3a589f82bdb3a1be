import type { ImageSet } from './image-set';

/**
 * Paired image-to-image data derived from MNIST (pix2pix, Isola 2017; SRGAN, Ledig 2017): for each digit B, an input A
 * computed from that same digit, so a generator can be trained on A → B with a pixel loss as well as an adversarial
 * one. Integer arithmetic on the 0–255 pixels (and box means whose divisors are powers of two), so the exported
 * PyTorch project's data.py computes exactly the same values (tests/unit/codegen/torch-sources.test.ts).
 */
export const MNIST_PAIRS = {
  // 4× super-resolution: A is the digit's 4×4 box means.
  'mnist-lowres-7': { label: 'MNIST 7×7 → 28×28 (4× super-resolution)', a: [7, 7, 1], factor: 4 },
  // 2× super-resolution: A is the digit's 2×2 box means.
  'mnist-lowres-14': { label: 'MNIST 14×14 → 28×28 (2× super-resolution)', a: [14, 14, 1], factor: 2 },
  // Edges → object, as pix2pix's edges2shoes: A is the digit's outline (ink pixels with a background 4-neighbour).
  'mnist-outline': { label: 'MNIST outline → digit', a: [28, 28, 1], factor: 1 },
  // A spatial mapping: A is the digit turned a quarter turn.
  'mnist-quarter-turn': { label: 'MNIST turned 90° → digit', a: [28, 28, 1], factor: 1 },
} as const;
export type MnistPair = keyof typeof MNIST_PAIRS;
export const MNIST_PAIR_NAMES = Object.keys(MNIST_PAIRS) as [MnistPair, ...MnistPair[]];

/** Where a pixel counts as ink for the outline: MNIST's strokes are ≥ 128 at their core, its background 0. */
export const INK = 128;

/**
 * Input A of image `i` of a 1-channel set, as 0–255 values (box means may be fractional), row-major [h, w].
 * The set must be MNIST-sized (28×28×1); the caller checks.
 */
export function pairInput(pair: MnistPair, set: ImageSet, i: number): Float32Array {
  const { height: h, width: w } = set;
  const base = i * h * w;
  const px = (r: number, c: number) => set.pixels[base + r * w + c]!;
  const spec = MNIST_PAIRS[pair];
  const [ah, aw] = spec.a;
  const out = new Float32Array(ah * aw);
  if (pair === 'mnist-lowres-7' || pair === 'mnist-lowres-14') {
    const f = spec.factor;
    for (let r = 0; r < ah; r++) {
      for (let c = 0; c < aw; c++) {
        let s = 0;
        for (let dr = 0; dr < f; dr++) for (let dc = 0; dc < f; dc++) s += px(r * f + dr, c * f + dc);
        out[r * aw + c] = s / (f * f);
      }
    }
  } else if (pair === 'mnist-outline') {
    const ink = (r: number, c: number) => r >= 0 && r < h && c >= 0 && c < w && px(r, c) >= INK;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const inside = ink(r - 1, c) && ink(r + 1, c) && ink(r, c - 1) && ink(r, c + 1);
        out[r * w + c] = ink(r, c) && !inside ? 255 : 0;
      }
    }
  } else {
    // A quarter turn: output (r, c) takes input (w − 1 − c, r), as the CycleGAN domains do.
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) out[r * w + c] = px(w - 1 - c, r);
  }
  return out;
}
