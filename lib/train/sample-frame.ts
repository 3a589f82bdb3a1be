import type * as tfType from '@tensorflow/tfjs';
import { blocks } from '../blocks';
import type { Design } from '../graph/schema';
import { pixelRange } from './image-needs';
import type { SampleFrame } from './protocol';
import type { Trainer } from './trainer';

/** Points on the 2-D plot and the decision surface's resolution. */
const POINTS = 512;
const SURFACE_N = 40;
const SURFACE_EXTENT = 5;

/** Whether G's samples are 2-D points (drawn on the plot) rather than images. */
export const isPoints = (fake: tfType.Tensor): boolean => fake.shape.length === 2 && fake.shape[1] === 2;

/**
 * What the sample view shows of a trainer now: for 2-D designs 512 generated and the fixed real points with D's
 * decision surface behind them; otherwise the fixed-noise sample grid as images.
 */
export async function sampleFrame(t: Trainer, design: Design): Promise<SampleFrame> {
  const fake = t.sample();
  try {
    if (isPoints(fake)) {
      const fakeMore = t.generate(POINTS, 99);
      try {
        return await pointsFrame(t, fakeMore);
      } finally {
        fakeMore.dispose();
      }
    }
    return await imagesFrame(t, design, fake);
  } finally {
    fake.dispose();
  }
}

/** Generated 2-D points `fake` with the fixed real points and D's decision surface behind them; `fake` stays the caller's. */
export async function pointsFrame(t: Trainer, fake: tfType.Tensor): Promise<SampleFrame> {
  const real = t.realSample();
  const surface = t.surface(SURFACE_N, SURFACE_EXTENT);
  try {
    return {
      kind: 'points',
      step: t.step,
      fake: (await fake.data()) as Float32Array,
      real: real ? ((await real.data()) as Float32Array) : new Float32Array(),
      surface: surface ? { n: SURFACE_N, extent: SURFACE_EXTENT, values: (await surface.data()) as Float32Array } : null,
    };
  } finally {
    real?.dispose();
    surface?.dispose();
  }
}

/** Generated images `fake` as a sample frame; `fake` stays the caller's. */
export async function imagesFrame(t: Trainer, design: Design, fake: tfType.Tensor): Promise<SampleFrame> {
  const [count, ...rest] = fake.shape;
  // Flat MLP outputs (784) are shown as square grey images.
  const side = rest.length === 1 ? Math.round(Math.sqrt(rest[0]!)) : 0;
  const [height, width, channels] = rest.length === 3 ? (rest as [number, number, number]) : [side, side, 1];
  return { kind: 'images', step: t.step, count: count!, height, width, channels, range: pixelRange(design, blocks), data: (await fake.data()) as Float32Array };
}
