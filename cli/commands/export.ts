import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CodegenError, generateProject, type ProjectFiles } from '../../lib/codegen/generate';
import { initialCheckpointFiles, WeightsError } from '../../lib/codegen/initial-checkpoint';
import { readWeightsFile } from '../weights-file';
import { TorchExportError } from '../../lib/codegen/python/generate';
import { torchProjectFiles } from '../../lib/codegen/python/project';
import { loadTemplates, loadTorchTemplates } from '../../lib/codegen/templates';
import { EXPORT_TARGETS, isExportTarget, type ExportTarget } from '../../lib/codegen/export-target';
import { mnistDir } from '../node-data';
import { parseArgs, UsageError } from '../args';
import { loadValidDesign } from '../load-design';

/** The repository's templates/ folder: the exported project's fixed files. */
export const TEMPLATES_DIR = resolve(import.meta.dirname, '../../templates');

export type ExportOptions = { out: string; force: boolean; weights?: string; json: boolean; target?: ExportTarget };

/** `gan export <design> --out DIR [--target typescript|pytorch] [--force] [--weights FILE] [--json]`, from the verb's arguments. */
export function exportFromArgs(argv: readonly string[]): Promise<number> {
  const a = parseArgs(argv, { out: 'string', force: 'boolean', weights: 'string', json: 'boolean', target: 'string' });
  const target = a.flags.get('target') ?? 'typescript';
  if (!isExportTarget(target)) throw new UsageError(`--target must be ${EXPORT_TARGETS.join(' or ')}; got "${String(target)}"`);
  const ref = a.positionals[0];
  if (!ref || a.positionals.length > 1) throw new UsageError('export takes one design: a .gan.json file or preset:ID');
  const out = a.flags.get('out');
  if (typeof out !== 'string') throw new UsageError('export needs --out DIR');
  const weights = a.flags.get('weights');
  return exportCommand(ref, { out, force: a.flags.has('force'), weights: typeof weights === 'string' ? weights : undefined, json: a.flags.has('json'), target });
}

/**
 * Writes the standalone TypeScript project for a design, or with `target: 'pytorch'` the PyTorch one
 * (lib/codegen/python/project.ts, which the app's /api/export uses too). The folder must be empty or missing (`--force` replaces a
 * non-empty one). The project is written to a temporary folder beside it and renamed into place, so a failure never
 * leaves half a project behind.
 */
export async function exportCommand(ref: string, o: ExportOptions): Promise<number> {
  const started = performance.now();
  // The weights file is read first: a wrong name fails at once, naming the file.
  const weights = o.weights ? readWeightsFile(o.weights) : undefined;
  const valid = loadValidDesign(ref, 'exporting');
  if (!valid) return 1;
  const { design, report } = valid;
  const out = resolve(o.out);
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new Error(`${o.out} exists and is not a folder`);
    if (readdirSync(out).length > 0 && !o.force) throw new Error(`${o.out} is not empty; choose an empty folder or pass --force to replace it`);
  }
  let extra: ProjectFiles | undefined;
  if (weights && o.target !== 'pytorch') {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    try {
      extra = await initialCheckpointFiles(tf, design, report, weights);
    } catch (e) {
      if (e instanceof WeightsError) throw new Error(`${o.weights}: ${e.message}`);
      throw e;
    }
  }
  let files: ProjectFiles;
  try {
    files =
      o.target === 'pytorch'
        ? torchProjectFiles(design, { templates: loadTorchTemplates(TEMPLATES_DIR), mnistDir: mnistDir(), report, weights })
        : generateProject(design, { templates: loadTemplates(TEMPLATES_DIR), report, extraFiles: extra });
  } catch (e) {
    if (e instanceof WeightsError && o.weights) throw new Error(`${o.weights}: ${e.message}`);
    if (e instanceof CodegenError || e instanceof TorchExportError) throw new Error(e.message);
    throw e;
  }
  writeProjectAtomically(out, files);
  const ms = Math.round(performance.now() - started);
  if (o.json) console.log(JSON.stringify({ ok: true, source: ref, out, files: [...files.keys()], ms }));
  else {
    console.log(`exported “${design.name}” (${files.size} files) to ${out} in ${ms} ms`);
    console.log(o.target === 'pytorch' ? `next: cd ${o.out} && python train.py --steps 100   (or: torchrun --nproc_per_node=N train.py)` : `next: cd ${o.out} && npm install && npm run train -- --steps 100`);
  }
  return 0;
}

/**
 * Writes every file under a temporary sibling of `out`, then swaps it in: the old folder (if any) is renamed aside,
 * the new one renamed to `out`, the old one removed. On any error the temporary folder goes and `out` is untouched.
 */
export function writeProjectAtomically(out: string, files: ProjectFiles): void {
  const parent = dirname(out);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const tmp = join(parent, `.${basename(out)}.export-${tag}`);
  const old = join(parent, `.${basename(out)}.old-${tag}`);
  try {
    for (const [path, contents] of files) {
      const target = join(tmp, path);
      if (!target.startsWith(tmp + '/')) throw new Error(`refusing to write outside the project: ${path}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, contents);
    }
    const had = existsSync(out);
    if (had) renameSync(out, old);
    try {
      renameSync(tmp, out);
    } catch (e) {
      if (had) renameSync(old, out);
      throw e;
    }
    if (had) rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
