// Exported PyTorch projects are tested against Debian's python3-torch (1.13, CPU): never a dependency of the app,
// and never a pip download. When it is missing: install it with apt-get if we are root, else say how; the tests that
// need it skip with that reason. With it, OpenBLAS: Debian's torch calls the generic libblas.so.3 for dense products,
// and the reference BLAS that apt installs by default behind it is ~30× slower than OpenBLAS on a 128×256 · 256×256
// product (3.8 ms against 0.12 ms, one thread, measured 2026-12-03) — slow tests, and a PyTorch reference in
// `npm run bench` no user of pip's torch would recognise.
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

const hasTorch = () => spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { stdio: 'ignore' }).status === 0;
/** Whether the libblas.so.3 torch loads is OpenBLAS (Debian's alternatives pick it once it is installed). */
const hasOpenBlas = () =>
  spawnSync(PYTHON, ['-c', "import torch,sys;sys.exit(0 if any('openblas' in l for l in open('/proc/self/maps')) else 1)"], { stdio: 'ignore' }).status === 0;

export function ensureTorch() {
  if (hasTorch() && hasOpenBlas()) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    if (hasTorch()) {
      console.error(`PyTorch for ${PYTHON} runs on the reference BLAS (slow dense layers). For OpenBLAS:\n  sudo apt-get install -y libopenblas0-pthread`);
      return true;
    }
    console.error(`PyTorch is missing for ${PYTHON}; the PyTorch export tests will be skipped. Install it with:\n  sudo apt-get update && sudo apt-get install -y python3-torch libopenblas0-pthread`);
    return false;
  }
  console.log(`${hasTorch() ? 'OpenBLAS' : 'PyTorch'} is missing for ${PYTHON}; installing Debian's python3-torch and libopenblas0-pthread with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'python3-torch', 'python3-numpy', 'python3-pil', 'libopenblas0-pthread']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      const torch = hasTorch();
      console.error(`apt-get ${args.join(' ')} failed (exit ${r.status}); ${torch ? 'PyTorch stays on the reference BLAS.' : 'the PyTorch export tests will be skipped.'}`);
      return torch;
    }
  }
  return hasTorch();
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(ensureTorch() ? 0 : 1);
