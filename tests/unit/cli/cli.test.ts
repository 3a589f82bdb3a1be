import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../lib/presets';

/** Runs the real CLI in a child process, as a user's script would. */
function gan(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'cli/gan.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, lastLine: r.stdout.trim().split('\n').at(-1) ?? '' };
}

const dir = mkdtempSync(join(tmpdir(), 'gan-cli-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('gan CLI', () => {
  it('presets lists every preset id, one a line', () => {
    const r = gan('presets');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual(PRESETS.map((p) => p.id));
  });

  it('validate --json reports per network shapes and counts, as the last line', () => {
    const r = gan('validate', 'preset:dcgan-mnist', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.lastLine) as { ok: boolean; networks: Record<string, { outputs: Record<string, unknown>; trainable: number; nonTrainable: number }> };
    expect(j.ok).toBe(true);
    expect(j.networks['G']?.outputs['out']).toEqual([null, 28, 28, 1]);
    expect(j.networks['D']).toMatchObject({ trainable: 138_817, nonTrainable: 256 });
  });

  it.each([
    ['malformed JSON', () => file('bad.gan.json', '{"version": 1,'), /E_JSON/],
    ['a missing file', () => join(dir, 'nope.gan.json'), /no such file/],
    ['an unknown preset', () => 'preset:nope', /no preset "nope"/],
    ['a 50 MB file', () => file('huge.gan.json', 'x'.repeat(50 * 1024 * 1024)), /50\.0 MB; a design may be at most 5 MB/],
  ])('%s exits 1 with a one-line error and no stack trace', (_name, make, message) => {
    const r = gan('validate', make());
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(message);
    expect(r.out + r.err).not.toMatch(/\n\s+at /);
  });

  it('an invalid design exits 1 and lists all its errors', () => {
    const d = structuredClone(PRESETS.find((p) => p.id === 'dcgan-mnist')!.design);
    d.networks[0]!.nodes[1]!.params['units'] = 0;
    d.networks[1]!.nodes[1]!.params['filters'] = 1e9;
    const r = gan('validate', file('two-errors.gan.json', JSON.stringify(d)), '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.lastLine) as { errors: number; problems: { code: string; where: { path?: string } }[] };
    expect(j.errors).toBe(2);
    expect(j.problems.map((p) => p.where.path)).toEqual(['networks[0].nodes[1].params.units', 'networks[1].nodes[1].params.filters']);
  });

  it('a usage error exits 2', () => {
    expect(gan('validate').code).toBe(2);
    expect(gan('frobnicate').code).toBe(2);
  });
});
