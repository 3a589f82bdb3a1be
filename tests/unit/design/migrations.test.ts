import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../lib/graph/migrations';
import { parseDesign } from '../../../lib/graph/parse';
import { DESIGN_VERSION } from '../../../lib/graph/schema';
import { presetDesign } from './helpers';

describe('design migrations', () => {
  it('has a migration for every version before the current one', () => {
    for (let v = 1; v < DESIGN_VERSION; v++) expect(MIGRATIONS[v], `migration ${v} → ${v + 1}`).toBeTypeOf('function');
  });

  it('runs a chain of migrations in order and stamps each version', () => {
    const seen: number[] = [];
    const chain = {
      1: (d: Record<string, unknown>) => (seen.push(1), { ...d, renamed: d['name'] }),
      2: (d: Record<string, unknown>) => (seen.push(2), { ...d, extra: true }),
    };
    const r = migrate({ version: 1, name: 'x' }, chain, 3);
    expect(seen).toEqual([1, 2]);
    expect(r).toEqual({ ok: true, doc: { version: 3, name: 'x', renamed: 'x', extra: true } });
  });

  it('does not mutate its input', () => {
    const doc = { version: 1, name: 'x' };
    migrate(doc, { 1: (d) => ({ ...d, name: 'y' }) }, 2);
    expect(doc).toEqual({ version: 1, name: 'x' });
  });

  it.each([
    [{ version: 99 }, /newer GAN Studio/],
    [{ version: 0 }, /whole number from 1/],
    [{ version: '1' }, /whole number from 1/],
    [{}, /got nothing/],
    [{ version: 1.5 }, /whole number/],
  ])('refuses %j with a message', (doc, message) => {
    const r = migrate(doc as Record<string, unknown>);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });

  it('a missing step is an error, not a crash', () => {
    expect(migrate({ version: 1 }, {}, 2)).toEqual({ ok: false, message: 'no migration from version 1 to 2.' });
  });

  it('the current version parses unchanged', () => {
    const d = presetDesign('dcgan-mnist');
    const r = parseDesign(structuredClone(d));
    expect(r.ok && r.design).toEqual(d);
  });
});
