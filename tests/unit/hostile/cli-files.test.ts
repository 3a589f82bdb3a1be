import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseArgs, UsageError } from '../../../cli/args';
import { cliBudget } from '../../../cli/budget';
import { readCheckpoint, removeStaleTemporaries } from '../../../cli/checkpoint-file';
import { exportCommand } from '../../../cli/commands/export';
import { importWeightsCommand } from '../../../cli/commands/import-weights';
import { trainCommand } from '../../../cli/commands/train';
import { preset } from './corpus';

const dir = mkdtempSync(join(tmpdir(), 'gan-hostile-cli-'));
const errors = () => vi.spyOn(console, 'error').mockImplementation(() => {});
afterEach(() => vi.restoreAllMocks());

describe('files the user names are checked before the work', () => {
  it('gan train --save into a missing folder fails at once, before training a million steps', async () => {
    const err = errors();
    const started = Date.now();
    const code = await trainCommand('preset:ring8-2d', { steps: 1_000_000, backend: 'cpu', json: false, every: 100, save: join(dir, 'no', 'such', 'run.ckpt') });
    expect(code).toBe(1);
    expect(err.mock.calls.flat().join('\n')).toMatch(/cannot save to .*run\.ckpt: the folder .*no\/such does not exist; create it first/);
    expect(Date.now() - started).toBeLessThan(60_000); // a million steps would take hours: it never started
  });

  it('gan train --save naming a folder is refused', async () => {
    const err = errors();
    mkdirSync(join(dir, 'a-folder'), { recursive: true });
    expect(await trainCommand('preset:ring8-2d', { steps: 1_000_000, backend: 'cpu', json: false, every: 100, save: join(dir, 'a-folder') })).toBe(1);
    expect(err.mock.calls.flat().join('\n')).toMatch(/a-folder is a folder; name a file/);
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.json'), /missing\.json: no such file$/],
    ['a file that is not JSON', () => (writeFileSync(join(dir, 'bad.json'), '{"networks": [1, 2'), join(dir, 'bad.json')), /bad\.json: not valid JSON \(/],
    ['JSON that is not weights', () => (writeFileSync(join(dir, 'other.json'), '{"networks": 3}'), join(dir, 'other.json')), /other\.json: not a weights file: .* at networks$/],
  ])('gan export --weights with %s names the file', async (_what, file, message) => {
    await expect(exportCommand('preset:ring8-2d', { out: join(dir, 'out'), force: false, weights: file(), json: true })).rejects.toThrow(message);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('gan import-weights checks where it writes before reading the weights', async () => {
    await expect(importWeightsCommand(join(dir, 'missing.json'), 'preset:ring8-2d', join(dir, 'nowhere', 'x.ckpt'), true)).rejects.toThrow(/cannot write .*x\.ckpt: the folder .*nowhere does not exist/);
  });

  it('--memory-budget takes a size in GB, and no option is found on Object.prototype', () => {
    expect(() => cliBudget('cpu', 'lots')).toThrow(UsageError);
    expect(() => cliBudget('cpu', '-1')).toThrow(/--memory-budget must be a size in GB above 0/);
    expect(cliBudget('cpu', '0.5').memoryBytes).toBe(0.5 * 1024 ** 3);
    // wasm cannot address more than 4 GB whatever the flag says.
    expect(cliBudget('wasm', '64').memoryBytes).toBe(4 * 1024 ** 3);
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(() => parseArgs([`--${name}`, 'x'], { json: 'boolean' })).toThrow(`unknown option --${name}`);
    }
  });

  it('removes the temporary files of saves whose process is gone, and only those', () => {
    const target = join(dir, 'sweep.ckpt');
    writeFileSync(`${target}.999999999.tmp`, 'left by a kill -9');
    writeFileSync(`${target}.${process.pid}.tmp`, 'a save in progress');
    writeFileSync(`${target}.notes.tmp`, 'not ours');
    removeStaleTemporaries(target);
    expect(readdirSync(dir).filter((f) => f.startsWith('sweep.ckpt.')).sort()).toEqual([`sweep.ckpt.${process.pid}.tmp`, 'sweep.ckpt.notes.tmp']);
  });
});

/** `gan train` in a child process, as a user runs it; `onTemp` is called when its temporary checkpoint appears. */
function train(args: string[], onTemp?: (kill: () => void) => void): Promise<number | null> {
  return new Promise((resolve) => {
    const p = spawn('npx', ['tsx', 'cli/gan.ts', 'train', ...args], { stdio: 'ignore', detached: true });
    // inotify reports the temporary file as it is created, before its bytes are written.
    const watcher = onTemp
      ? watch(killDir, (_event, name) => {
          if (!name?.endsWith('.tmp')) return;
          watcher?.close();
          // The whole process group: npx, tsx and node.
          onTemp(() => process.kill(-p.pid!, 'SIGKILL'));
        })
      : null;
    p.on('close', (code) => {
      watcher?.close();
      resolve(code);
    });
  });
}
const killDir = mkdtempSync(join(tmpdir(), 'gan-kill-'));

describe('kill -9 during gan train --save', () => {
  it('leaves the previous checkpoint readable, and the next save sweeps the partial file', async () => {
    // 1 M parameters: an 8 MB checkpoint (weights and moving averages), so the write takes a few milliseconds.
    const d = preset('ring8-2d');
    for (const n of d.networks[0]!.nodes) if (n.id === 'fc1' || n.id === 'fc2') n.params = { ...n.params, units: 1024 };
    const design = join(killDir, 'wide.gan.json');
    writeFileSync(design, JSON.stringify(d));
    const ckpt = join(killDir, 'run.ckpt');
    const common = [design, '--backend', 'wasm', '--batch', '4', '--save', ckpt, '--json'];
    expect(await train([...common, '--steps', '1'])).toBe(0);
    expect(readCheckpoint(ckpt).step).toBe(1);

    let killed = false;
    await train([...common, '--steps', '2'], (kill) => {
      kill();
      killed = true;
    });
    expect(killed).toBe(true);
    // Whichever instant the kill landed on, the file at the name is a whole checkpoint: the old one or the new one.
    expect([1, 2]).toContain(readCheckpoint(ckpt).step);

    expect(await train([...common, '--steps', '3'])).toBe(0);
    expect(readCheckpoint(ckpt).step).toBe(3);
    expect(readdirSync(killDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 240_000);
});
