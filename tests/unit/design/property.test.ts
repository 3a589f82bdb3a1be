import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../lib/presets';
import { validateText } from '../../../lib/validate';
import { ERROR_CODES } from '../../../lib/graph/problems';
import { mutate, WEIRD_VALUES, type Json } from './mutations';

describe('validation of randomly mutated presets', () => {
  it('never throws, and every problem is a known code with a one-line message', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: PRESETS.length - 1 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat(50), fc.nat(50), fc.constantFrom(...WEIRD_VALUES)), { minLength: 1, maxLength: 6 }),
        (which, ops) => {
          const d = structuredClone(PRESETS[which]!.design) as unknown as Json;
          for (const [op, a, b, v] of ops) mutate(d, op, a, b, v);
          const v = validateText(JSON.stringify(d));
          for (const p of v.problems) {
            expect(Object.keys(ERROR_CODES)).toContain(p.code);
            expect(p.message.length).toBeGreaterThan(0);
            expect(p.message).not.toContain('\n');
          }
          expect(v.ok).toBe(!v.problems.some((p) => p.severity === 'error'));
        },
      ),
      { numRuns: 400, seed: 1234 },
    );
  });
});
