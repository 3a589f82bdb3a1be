import { describe, expect, it } from 'vitest';
import { formatTimeLeft, plural } from '../../../lib/editor/format';

describe('plural', () => {
  it.each([
    [0, 'error', undefined, '0 errors'],
    [1, 'error', undefined, '1 error'],
    [2, 'error', undefined, '2 errors'],
    [1, 'class', 'classes', '1 class'],
    [3, 'class', 'classes', '3 classes'],
    [1200, 'image', undefined, '1,200 images'],
  ] as const)('%d %s → %s', (n, one, many, want) => {
    expect(plural(n, one, many)).toBe(want);
  });
});

describe('formatTimeLeft', () => {
  it.each([
    [0.2, '1 s'],
    [45, '45 s'],
    [59.6, '1 min 0 s'],
    [61, '1 min 1 s'],
    [119.6, '2 min 0 s'],
    [3599.5, '1 h 0 min'],
    [3601, '1 h 1 min'],
    [7199, '2 h 0 min'],
  ])('%d s → %s', (s, want) => {
    expect(formatTimeLeft(s)).toBe(want);
  });

  it('never shows 60 of a unit', () => {
    for (let s = 0; s < 7300; s += 0.1) expect(formatTimeLeft(s), String(s)).not.toMatch(/\b60 (s|min)/);
  });
});
