import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { BlockRegistry } from '../../../lib/blocks/registry';
import { generateTorchProject, TORCH_PROJECT_FILES, TorchExportError } from '../../../lib/codegen/python/generate';
import { loadTorchTemplates } from '../../../lib/codegen/templates';
import { PRESETS } from '../../../lib/presets';
import { validateDesign } from '../../../lib/validate';
import { presetDesign, ROOT } from './helpers';

/**
 * The PyTorch project as a user runs it: `gan export --target pytorch`, then `python train.py` (one process) and
 * `torchrun --nproc_per_node=2` (gloo on CPU, DistributedDataParallel), each training a few steps and resuming from
 * its checkpoint. Needs Debian's python3-torch (and pillow); without them the runs are skipped and say so.
 */

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { stdio: 'ignore' }).status === 0;
const templates = loadTorchTemplates(join(ROOT, 'templates'));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const gan = (...args: string[]) => spawnSync('npx', ['tsx', 'cli/gan.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
/** Runs a Python program in the project; returns the JSON lines it printed. */
function run(dir: string, args: string[]): { step: number; losses: Record<string, number> }[] {
  const r = spawnSync(PYTHON, args, { cwd: dir, encoding: 'utf8', timeout: 300_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  expect(r.status, `${args.join(' ')}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-3000)}`).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{"step"'))
    .map((l) => JSON.parse(l) as { step: number; losses: Record<string, number> });
}
function exported(id: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), `gan-torch-project-${id}-`)), 'project');
  dirs.push(dir);
  const r = gan('export', `preset:${id}`, '--target', 'pytorch', '--out', dir);
  expect(r.status, r.stderr).toBe(0);
  return dir;
}
const torchrun = ['-m', 'torch.distributed.run', '--nproc_per_node=2', '--redirects', '2', '--tee', '2', 'train.py'];

describe('the PyTorch project', () => {
  const exportable = PRESETS.map((p) => p.id).filter((id) => {
    try {
      generateTorchProject(presetDesign(id), { templates });
      return true;
    } catch (e) {
      if (e instanceof TorchExportError) return false;
      throw e;
    }
  });

  it('is generated for every preset whose blocks all have a PyTorch form, and says which block lacks one otherwise', () => {
    expect(exportable.length).toBe(PRESETS.length);
    const files = generateTorchProject(presetDesign('wgan-gp-mnist'), { templates });
    expect([...files.keys()]).toEqual(expect.arrayContaining([...TORCH_PROJECT_FILES]));
    // A block without a PyTorch form (here Dropout, stripped of it) is named, with its network.
    const registry = new BlockRegistry(blocks.all().map((b) => (b.type === 'dropout' ? { ...b, torch: undefined } : b)));
    const d = presetDesign('dcgan-seed-tf');
    expect(() => generateTorchProject(d, { templates, registry, report: validateDesign(d, registry) })).toThrow(/Dropout "[\w-]+" in "D" has no PyTorch form yet/);
  });

  it.skipIf(!hasTorch)(`compiles as Python for every exportable preset (skipped without ${PYTHON}, torch and pillow)`, () => {
    for (const id of exportable) {
      const files = generateTorchProject(presetDesign(id), { templates });
      const code = [...files].filter(([p]) => p.endsWith('.py'));
      const r = spawnSync(PYTHON, ['-c', 'import ast, json, sys\nfor name, src in json.load(sys.stdin): ast.parse(src, name)'], { input: JSON.stringify(code), encoding: 'utf8' });
      expect(r.status, `${id}: ${r.stderr}`).toBe(0);
    }
  });

  it.skipIf(!hasTorch)('ring8-2d: python train.py trains 3 steps, writes a sample and a checkpoint, and resumes from it', () => {
    const dir = exported('ring8-2d');
    const first = run(dir, ['train.py', '--steps', '3', '--log-every', '1']);
    expect(first.map((l) => l.step)).toEqual([1, 2, 3]);
    for (const l of first) for (const v of Object.values(l.losses)) expect(Number.isFinite(v)).toBe(true);
    expect(existsSync(join(dir, 'checkpoints', 'last.pt'))).toBe(true);
    expect(readdirSync(join(dir, 'samples'))).toContain('step-0000003.png');
    expect(run(dir, ['train.py', '--resume', '--steps', '2', '--log-every', '1']).map((l) => l.step)).toEqual([4, 5]);
  }, 300_000);

  it.skipIf(!hasTorch).each(['ring8-2d', 'dcgan-mnist', 'wgan-gp-mnist'])('%s: torchrun --nproc_per_node=2 trains 3 steps with DDP (gloo) and resumes', (id) => {
    const dir = exported(id);
    const batch = id === 'ring8-2d' ? [] : ['--batch', '4'];
    const lines = run(dir, [...torchrun, '--steps', '3', '--log-every', '1', ...batch]);
    // Rank 0 alone logs: one line per step.
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3]);
    expect(Object.keys(lines[0]!.losses).length).toBeGreaterThan(1);
    expect(run(dir, [...torchrun, '--resume', '--steps', '1', '--log-every', '1', ...batch]).map((l) => l.step)).toEqual([4]);
  }, 300_000);

  it.skipIf(!hasTorch)('one DDP step on 2 ranks × batch B leaves the weights one process leaves with batch 2B (ring8-2d, no batch norm)', () => {
    const dir = exported('ring8-2d');
    // Two recorded draws of 2B = 64 examples: one for the critic update, one for the generator's.
    run(dir, ['-c', 'import torch, data, graph\ng = torch.Generator().manual_seed(3)\nsrc = data.open_sources({}, g)\ntorch.save([graph.draw_sources(src, 64) for _ in range(2)], "draws.pt")']);
    run(dir, ['train.py', '--steps', '1', '--batch', '64', '--draws', 'draws.pt', '--out', 'one']);
    run(dir, [...torchrun, '--steps', '1', '--batch', '32', '--draws', 'draws.pt', '--out', 'two']);
    const compare = [
      'import json, torch',
      "a, b = torch.load('one/checkpoints/last.pt'), torch.load('two/checkpoints/last.pt')",
      'import graph',
      // The weights both runs started from: train.py seeds, then builds the networks in this order.
      "torch.manual_seed(graph.SETTINGS['seed'])",
      'start = {k: cls().state_dict() for k, cls in graph.NETWORKS.items()}',
      "diff = max(float((a['networks'][k][p] - b['networks'][k][p]).abs().max()) for k in a['networks'] for p in a['networks'][k])",
      "moved = max(float((a['networks'][k][p] - start[k][p]).abs().max()) for k in a['networks'] for p in a['networks'][k])",
      "print(json.dumps({'step': a['step'], 'maxAbsDiff': diff, 'moved': moved}))",
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', compare], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { step: number; maxAbsDiff: number; moved: number };
    console.log(`DDP 2 x 32 against 1 x 64, ring8-2d: max |Δweight| ${got.maxAbsDiff.toExponential(1)}; the step moved weights by up to ${got.moved.toExponential(1)}`);
    expect(got.step).toBe(1);
    expect(got.moved).toBeGreaterThan(1e-4);
    expect(got.maxAbsDiff).toBeLessThan(1e-5);
  }, 300_000);
});
