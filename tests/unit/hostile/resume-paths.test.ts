import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../lib/rng';
import { fileInCheckpoint, loadCheckpoint, ResumeError, saveCheckpoint, type RESUME_ERRORS } from '../../../templates/src/checkpoint';
import type { Training } from '../../../templates/src/trainer';

/**
 * `--resume` in both exported projects reads only inside the checkpoint folder it was given: a manifest naming
 * `../../etc/passwd`, an absolute path or a link out of the folder is refused with a code (E_RESUME_PATH), never
 * read. The TypeScript project's check runs here; the PyTorch project's (train.py file_in) runs with python3 — it
 * needs neither torch nor numpy, so it is lifted out of train.py with Python's own parser and run as written.
 */

type Code = keyof typeof RESUME_ERRORS;
const root = mkdtempSync(join(tmpdir(), 'gan-resume-'));
const ckpt = join(root, 'checkpoints', 'step-000003');
mkdirSync(join(ckpt, 'G'), { recursive: true });
writeFileSync(join(ckpt, 'G', 'weights.bin'), new Uint8Array(8));
writeFileSync(join(root, 'secret.txt'), 'not yours');
symlinkSync(join(root, 'secret.txt'), join(ckpt, 'G', 'link.bin'));

type Case = { name: string; input: unknown; code: Code | null };

const cases: Case[] = [
  { name: 'a name in the network folder', input: 'weights.bin', code: null },
  { name: 'a sibling network folder, still inside the checkpoint', input: '../G/weights.bin', code: null },
  { name: '../../etc/passwd', input: '../../etc/passwd', code: 'E_RESUME_PATH' },
  { name: 'climbing out and back in by another name', input: '../../step-000003x/G/weights.bin', code: 'E_RESUME_PATH' },
  { name: 'an absolute path', input: '/etc/passwd', code: 'E_RESUME_PATH' },
  { name: 'a link inside the folder to a file outside it', input: 'link.bin', code: 'E_RESUME_PATH' },
  { name: 'an empty name', input: '', code: 'E_RESUME_FORMAT' },
  { name: 'a number instead of a name', input: 42, code: 'E_RESUME_FORMAT' },
  { name: 'a name with a NUL byte', input: 'weights.bin\u0000../../x', code: 'E_RESUME_FORMAT' },
];

const outcome = (f: () => string): Code | null => {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof ResumeError) return e.code;
    throw e;
  }
};

describe('the TypeScript project: a checkpoint names files only inside itself', () => {
  it.each(cases)('$name → $code', ({ input, code }) => {
    expect(outcome(() => fileInCheckpoint(ckpt, join(ckpt, 'G'), input, 'G/model.json'))).toBe(code);
  });

  it('loadCheckpoint refuses a model.json naming ../../etc/passwd, and loads the untouched checkpoint', async () => {
    // The parts of a Training that saveCheckpoint and loadCheckpoint read: one real network, no optimizer, no average.
    // Fixed layer names, as the exported project's models have: weights load by name.
    const model = () => tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], name: 'd' })] });
    const training = (m: tf.LayersModel) => ({ networks: { G: m }, optimizers: new Map(), ema: new Map(), step: 3, settings: { seed: 1 }, rng: mulberry32(1) }) as unknown as Training;
    const saved = model();
    const dir = join(root, 'real');
    await saveCheckpoint(dir, training(saved));
    const fresh = model();
    await loadCheckpoint(dir, training(fresh));
    expect(Array.from(fresh.getWeights()[0]!.dataSync())).toEqual(Array.from(saved.getWeights()[0]!.dataSync()));

    const manifest = JSON.parse(readFileSync(join(dir, 'G', 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    manifest.weightsManifest[0]!.paths = ['../../../../../../../../etc/passwd'];
    writeFileSync(join(dir, 'G', 'model.json'), JSON.stringify(manifest));
    await expect(loadCheckpoint(dir, training(model()))).rejects.toThrow(/^E_RESUME_PATH: .*G[/\\]model\.json names "\.\.\/\.\.\/.*etc\/passwd", which is not inside/);

    writeFileSync(join(dir, 'training.json'), '{"step": "three"');
    await expect(loadCheckpoint(dir, training(model()))).rejects.toThrow(/^E_RESUME_FORMAT: .*training\.json is not valid JSON/);
    tf.dispose([saved, fresh].flatMap((m) => m.getWeights()));
  });
});

const PYTHON = '/usr/bin/python3';
const hasPython = existsSync(PYTHON);
/** Lifts `file_in` (and nothing else) out of train.py with the ast module and calls it on each case. */
const HARNESS = `
import ast, json, os, sys
src = open(sys.argv[1]).read()
fn = next(n for n in ast.parse(src).body if isinstance(n, ast.FunctionDef) and n.name == 'file_in')
scope = {'os': os}
exec(compile(ast.Module(body=[fn], type_ignores=[]), 'train.py', 'exec'), scope)
out = []
for name in json.load(sys.stdin)['names']:
    try:
        scope['file_in'](sys.argv[2], name, 'weights/initial.json')
        out.append(None)
    except SystemExit as e:
        out.append(str(e))
print(json.dumps(out))
`;

describe('the PyTorch project: train.py file_in', () => {
  it.skipIf(!hasPython)(`refuses what the TypeScript project refuses, with the same codes (skipped without ${PYTHON})`, () => {
    const folder = join(ckpt, 'G');
    const r = spawnSync(PYTHON, ['-c', HARNESS, join(import.meta.dirname, '../../../templates/pytorch/train.py'), folder], {
      input: JSON.stringify({ names: cases.map((c) => c.input) }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    const messages = JSON.parse(r.stdout) as (string | null)[];
    expect(messages.map((m) => (m === null ? null : m.split(':')[0]))).toEqual(cases.map((c) => c.code));
    expect(messages[2]).toMatch(/names '..\/..\/etc\/passwd', which is not inside .*a checkpoint reads only its own files/);
  });
});
