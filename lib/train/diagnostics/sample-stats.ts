import type { SampleFrame } from '../protocol';
import type { SampleStats } from './types';

export type { SampleStats };

/** Samples compared pairwise at most: O(n²) distances, and 128 already estimates the mean within a few per cent. */
const MAX_PAIRWISE = 128;

export function sampleStats(frame: SampleFrame, previous: SampleFrame | null): SampleStats | null {
  const cur = samplesOf(frame);
  if (!cur || cur.count === 0) return null;
  const prev = previous ? samplesOf(previous) : null;
  const same = prev && prev.count === cur.count && prev.dim === cur.dim;
  const real = frame.kind === 'points' && frame.real.length >= 4 ? { data: frame.real, count: Math.floor(frame.real.length / 2), dim: 2 } : null;
  return {
    step: frame.step,
    diversity: meanPairDistance(cur),
    movement: same ? meanMatchedDistance(prev, cur) : null,
    realDiversity: real ? meanPairDistance(real) : null,
    count: cur.count,
  };
}

type Samples = { data: Float32Array; count: number; dim: number };

function samplesOf(frame: SampleFrame): Samples | null {
  if (frame.kind === 'points') return { data: frame.fake, count: Math.floor(frame.fake.length / 2), dim: 2 };
  const dim = frame.height * frame.width * frame.channels;
  if (dim === 0) return null;
  return { data: frame.data, count: Math.min(frame.count, Math.floor(frame.data.length / dim)), dim };
}

/** RMS-per-coordinate distance between samples i of `a` and j of `b`. */
function distance(a: Samples, i: number, b: Samples, j: number): number {
  let s = 0;
  for (let k = 0; k < a.dim; k++) {
    const d = a.data[i * a.dim + k]! - b.data[j * b.dim + k]!;
    s += d * d;
  }
  return Math.sqrt(s / a.dim);
}

function meanPairDistance(x: Samples): number {
  const n = Math.min(x.count, MAX_PAIRWISE);
  if (n < 2) return 0;
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      sum += distance(x, i, x, j);
      pairs++;
    }
  return sum / pairs;
}

function meanMatchedDistance(a: Samples, b: Samples): number {
  let sum = 0;
  for (let i = 0; i < a.count; i++) sum += distance(a, i, b, i);
  return sum / a.count;
}
