import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_COUNT, HIGH_QUALITY_STDS, MIXTURES_2D, sampleModes2d, scoreModes2d, type Modes2dName } from '../../../lib/metrics';
import { rngFor } from './helpers';

/** n points drawn around the given centre indices only (a generator that dropped the other modes). */
function onModes(name: Modes2dName, modes: readonly number[], n: number, seed: number, stdScale = 1): Float64Array {
  const rng = rngFor(seed);
  const m = MIXTURES_2D[name];
  const p = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = m.centres[modes[i % modes.length]!]!;
    p[2 * i] = cx + stdScale * m.std * rng.normal();
    p[2 * i + 1] = cy + stdScale * m.std * rng.normal();
  }
  return p;
}

function broadGaussian(n: number, std: number, seed: number): Float64Array {
  const rng = rngFor(seed);
  return Float64Array.from({ length: 2 * n }, () => std * rng.normal());
}

describe('the benchmark mixtures', () => {
  it('ring8: 8 distinct centres on a circle of radius 2, σ = 0.02', () => {
    const { centres, std } = MIXTURES_2D.ring8;
    expect(centres).toHaveLength(8);
    expect(std).toBe(0.02);
    for (const [x, y] of centres) expect(Math.hypot(x, y)).toBeCloseTo(2, 12);
    // Neighbours 45° apart: no two centres coincide (the linspace(0, 2π, 8) slip puts the first and last together).
    for (let i = 0; i < 8; i++) {
      const [ax, ay] = centres[i]!;
      const [bx, by] = centres[(i + 1) % 8]!;
      expect(Math.hypot(ax - bx, ay - by)).toBeCloseTo(2 * 2 * Math.sin(Math.PI / 8), 12);
    }
  });

  it('grid25: the 25 points of {−4, −2, 0, 2, 4}², σ = 0.05', () => {
    const { centres, std } = MIXTURES_2D.grid25;
    expect(std).toBe(0.05);
    const keys = new Set(centres.map(([x, y]) => `${x},${y}`));
    expect(keys.size).toBe(25);
    for (const x of [-4, -2, 0, 2, 4]) for (const y of [-4, -2, 0, 2, 4]) expect(keys.has(`${x},${y}`)).toBe(true);
  });

  it('sampleModes2d is reproducible from the seed and labels each point with its mode', () => {
    const a = sampleModes2d('grid25', 500, rngFor(1));
    const b = sampleModes2d('grid25', 500, rngFor(1));
    expect(a.points).toEqual(b.points);
    const { centres, std } = MIXTURES_2D.grid25;
    for (let i = 0; i < 500; i++) {
      const [cx, cy] = centres[a.modes[i]!]!;
      expect(Math.hypot(a.points[2 * i]! - cx, a.points[2 * i + 1]! - cy)).toBeLessThan(6 * std);
    }
  });
});

describe('scoreModes2d', () => {
  it.each([
    { name: 'ring8' as const, n: 2500, seed: 1 },
    { name: 'grid25' as const, n: 2500, seed: 2 },
  ])('real samples of $name cover every mode with ≥ 95 % high-quality samples', ({ name, n, seed }) => {
    const { points } = sampleModes2d(name, n, rngFor(seed));
    const r = scoreModes2d(name, points);
    expect(r.modesCovered).toBe(r.totalModes);
    expect(r.totalModes).toBe(MIXTURES_2D[name].centres.length);
    // A 2-D Gaussian holds 1 − e^{−9/2} ≈ 98.9 % of its mass within 3σ.
    expect(r.highQualityFraction).toBeGreaterThan(0.95);
    expect(r.reverseKl!).toBeLessThan(0.02);
  });

  it.each([
    { name: 'ring8' as const, modes: [3], covered: 1, kl: Math.log(8) },
    { name: 'ring8' as const, modes: [0, 2, 4, 6], covered: 4, kl: Math.log(2) },
    { name: 'grid25' as const, modes: [12], covered: 1, kl: Math.log(25) },
    { name: 'grid25' as const, modes: [0, 1, 2, 3, 4], covered: 5, kl: Math.log(5) },
  ])('$name collapsed onto modes $modes: $covered covered, reverse KL = log(K / $covered)', ({ name, modes, covered, kl }) => {
    // Points at a third of σ: every one high-quality, so the histogram is exactly even over the kept modes.
    const r = scoreModes2d(name, onModes(name, modes, 1000 * modes.length, 7, 1 / 3));
    expect(r.modesCovered).toBe(covered);
    expect(r.highQualityFraction).toBe(1);
    expect(r.reverseKl!).toBeCloseTo(kl, 12);
    modes.forEach((m) => expect(r.counts[m]).toBe(1000));
  });

  it.each([
    { name: 'ring8' as const, std: 2 },
    { name: 'grid25' as const, std: 3 },
  ])('a broad Gaussian (σ = $std) over $name is mostly low-quality', ({ name, std }) => {
    const r = scoreModes2d(name, broadGaussian(2500, std, 5));
    expect(r.highQualityFraction).toBeLessThan(0.05);
  });

  it('counts a mode only with at least minCount high-quality samples', () => {
    // 2,500 points on mode 0, plus one on each of modes 1–7.
    const main = onModes('ring8', [0], 2500, 9, 0.5);
    const strays = onModes('ring8', [1, 2, 3, 4, 5, 6, 7], 7, 10, 0.5);
    const points = Float64Array.from([...main, ...strays]);
    expect(DEFAULT_MIN_COUNT).toBe(1);
    expect(scoreModes2d('ring8', points).modesCovered).toBe(8);
    expect(scoreModes2d('ring8', points, { minCount: 20 }).modesCovered).toBe(1);
  });

  it('draws the high-quality line strictly inside 3σ of the nearest centre', () => {
    const { std } = MIXTURES_2D.grid25;
    const r = (d: number) => scoreModes2d('grid25', Float64Array.of(2 + d, 4)).highQualityFraction;
    expect(HIGH_QUALITY_STDS).toBe(3);
    expect(r(2.99 * std)).toBe(1);
    expect(r(3.01 * std)).toBe(0);
  });

  it('reports reverseKl null when no sample is high-quality', () => {
    const r = scoreModes2d('ring8', Float64Array.of(0, 0, 10, 10));
    expect(r).toMatchObject({ modesCovered: 0, highQualityFraction: 0, reverseKl: null });
  });

  it('accepts a custom mixture', () => {
    const r = scoreModes2d({ centres: [[0, 0], [1, 0]], std: 0.1 }, Float64Array.of(0.01, 0, 0.99, 0.02, 5, 5));
    expect(r).toMatchObject({ modesCovered: 2, totalModes: 2, reverseKl: 0 });
    expect(r.highQualityFraction).toBeCloseTo(2 / 3, 14);
  });

  it.each([
    { name: 'an odd number of values', points: Float64Array.of(1, 2, 3), opts: {}, code: 'E_METRIC_SHAPE' },
    { name: 'no points', points: new Float64Array(0), opts: {}, code: 'E_METRIC_TOO_FEW' },
    { name: 'NaN', points: Float64Array.of(NaN, 0), opts: {}, code: 'E_METRIC_NOT_FINITE' },
    { name: 'minCount 0', points: Float64Array.of(0, 0), opts: { minCount: 0 }, code: 'E_METRIC_PARAM' },
  ])('rejects $name with $code', ({ points, opts, code }) => {
    expect(() => scoreModes2d('ring8', points, opts)).toThrow(code);
  });
});
