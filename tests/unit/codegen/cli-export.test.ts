import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportCommand, writeProjectAtomically } from '../../../cli/commands/export';
import { PROJECT_FILES } from '../../../lib/codegen/generate';

/**
 * `gan export`, called in-process (the CLI's own test spawns the real binary for the other verbs; spawning tsx here
 * would only add seconds).
 */
let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'gan-export-cli-'));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

const siblings = () => readdirSync(base).sort();

describe('gan export', () => {
  it('writes the project into a new folder', async () => {
    const out = join(base, 'ring');
    expect(await exportCommand('preset:ring8-2d', { out, force: false, json: false })).toBe(0);
    for (const f of PROJECT_FILES) expect(existsSync(join(out, f)), f).toBe(true);
    expect(siblings()).toEqual(['ring']);
  });

  it('refuses a non-empty folder, and replaces it with --force', async () => {
    const out = join(base, 'taken');
    mkdirSync(out);
    writeFileSync(join(out, 'mine.txt'), 'keep me');
    await expect(exportCommand('preset:ring8-2d', { out, force: false, json: false })).rejects.toThrow(/not empty.*--force/);
    expect(readdirSync(out)).toEqual(['mine.txt']);
    expect(await exportCommand('preset:ring8-2d', { out, force: true, json: true })).toBe(0);
    expect(existsSync(join(out, 'mine.txt'))).toBe(false);
    expect(existsSync(join(out, 'src/models.ts'))).toBe(true);
    expect(siblings()).toEqual(['taken']);
  });

  it('accepts an empty folder', async () => {
    const out = join(base, 'empty');
    mkdirSync(out);
    expect(await exportCommand('preset:ring8-2d', { out, force: false, json: false })).toBe(0);
  });

  it('writes nothing for a design with errors', async () => {
    const file = join(base, 'bad.gan.json');
    const design = JSON.parse(JSON.stringify((await import('../../../lib/presets')).getPreset('dcgan-mnist')!.design)) as { networks: { nodes: { id: string; params: Record<string, unknown> }[] }[] };
    design.networks[0]!.nodes.find((n) => n.id === 'project')!.params['units'] = 5;
    writeFileSync(file, JSON.stringify(design));
    expect(await exportCommand(file, { out: join(base, 'never'), force: false, json: false })).toBe(1);
    expect(siblings()).toEqual(['bad.gan.json']);
  });

  it('leaves the old folder untouched when writing fails half-way', () => {
    const out = join(base, 'old');
    mkdirSync(out);
    writeFileSync(join(out, 'a.txt'), 'old');
    const files = new Map<string, string | Uint8Array>([
      ['ok.txt', 'fine'],
      ['../escape.txt', 'not allowed'],
    ]);
    expect(() => writeProjectAtomically(out, files)).toThrow(/outside the project/);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('old');
    expect(siblings()).toEqual(['old']);
  });
});
