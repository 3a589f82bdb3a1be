/**
 * Symbolic tensor shapes, as tfjs-layers writes them: `null` is the batch or an unknown size.
 * `[null, 28, 28, 1]` is a batch of 28×28 grey images; `[null, 100]` a batch of 100-d vectors.
 */
export type Dim = number | null;
export type Shape = readonly Dim[];

export function formatShape(s: Shape): string {
  // A loop, not map/join: the canvas formats every port and edge of the open graph on each edit.
  let out = '[';
  for (let i = 0; i < s.length; i++) {
    const d = s[i];
    out += (i > 0 ? ', ' : '') + (d === null || d === undefined ? (i === 0 ? 'batch' : '?') : String(d));
  }
  return out + ']';
}

/** Number of values per example (all dims after the batch), or null when a size is unknown. */
export function sizeOf(s: Shape): number | null {
  let n = 1;
  for (let i = 1; i < s.length; i++) {
    const d = s[i]!;
    if (d === null) return null;
    n *= d;
  }
  return n;
}

/** Two shapes agree when their ranks match and every known size matches (null matches anything). */
export function compatible(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

// tfjs-layers src/utils/conv_utils.ts convOutputLength (dilation 1): the output length of a strided convolution.
export function convOutputLength(length: number, kernel: number, padding: 'same' | 'valid', stride: number): number {
  const out = padding === 'same' ? length : length - kernel + 1;
  return Math.floor((out + stride - 1) / stride);
}

// tfjs-layers src/utils/conv_utils.ts deconvLength: the output length of a transposed convolution.
export function deconvLength(length: number, kernel: number, padding: 'same' | 'valid', stride: number): number {
  return padding === 'same' ? length * stride : length * stride + Math.max(kernel - stride, 0);
}
