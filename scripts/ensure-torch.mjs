// Exported PyTorch projects are tested against Debian's python3-torch (1.13, CPU): never a dependency of the app,
// and never a pip download. When it is missing: install it with apt-get if we are root, else say how; the tests that
// need it skip with that reason.
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

const hasTorch = () => spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { stdio: 'ignore' }).status === 0;

export function ensureTorch() {
  if (hasTorch()) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`PyTorch is missing for ${PYTHON}; the PyTorch export tests will be skipped. Install it with:\n  sudo apt-get update && sudo apt-get install -y python3-torch`);
    return false;
  }
  console.log(`PyTorch is missing for ${PYTHON}; installing Debian's python3-torch with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'python3-torch', 'python3-numpy', 'python3-pil']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed (exit ${r.status}); the PyTorch export tests will be skipped.`);
      return false;
    }
  }
  return hasTorch();
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(ensureTorch() ? 0 : 1);
