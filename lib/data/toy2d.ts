import type { Rng } from '../rng';

/**
 * The 2-D mixtures of the mode-collapse benchmarks (Metz 2017; VEEGAN, Srivastava 2017; PacGAN, Lin 2018):
 * 8 Gaussians on a circle of radius 2 with σ = 0.02, and 25 on a 5 × 5 grid at {−4, −2, 0, 2, 4}² with σ = 0.05.
 * The metrics (lib/metrics) score samples against these same centres.
 */
export type Mixture = { centres: readonly (readonly [number, number])[]; std: number };

export const RING8: Mixture = {
  centres: Array.from({ length: 8 }, (_, i) => [2 * Math.cos((2 * Math.PI * i) / 8), 2 * Math.sin((2 * Math.PI * i) / 8)] as const),
  std: 0.02,
};

export const GRID25: Mixture = {
  centres: [-4, -2, 0, 2, 4].flatMap((x) => [-4, -2, 0, 2, 4].map((y) => [x, y] as const)),
  std: 0.05,
};

export function sampleMixture(m: Mixture, n: number, rng: Rng): { points: Float32Array; modes: Uint8Array } {
  const points = new Float32Array(2 * n);
  const modes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = rng.int(m.centres.length);
    const [cx, cy] = m.centres[k]!;
    points[2 * i] = cx + m.std * rng.normal();
    points[2 * i + 1] = cy + m.std * rng.normal();
    modes[i] = k;
  }
  return { points, modes };
}

/** A two-armed spiral with a little noise: no modes, a thin curved manifold that MLP GANs find hard to cover. */
export function sampleSpiral(n: number, rng: Rng): Float32Array {
  const points = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const t = Math.sqrt(rng.next()) * 3 * Math.PI;
    const arm = rng.int(2) === 0 ? 1 : -1;
    points[2 * i] = (arm * t * Math.cos(t)) / Math.PI + 0.05 * rng.normal();
    points[2 * i + 1] = (arm * t * Math.sin(t)) / Math.PI + 0.05 * rng.normal();
  }
  return points;
}
