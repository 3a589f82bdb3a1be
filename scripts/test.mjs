// `npm test`: every check the project promises, in the order that fails fastest —
// type-check, lint, import layers, unit tests, production build, end-to-end tests on Debian's Chromium, then the exported
// project (scripts/check-export.mjs: fresh npm install, train, resume, WebGPU in Node).
// Prints one closing line "tests: N passed, N failed, N skipped" summed over vitest, Playwright and check-export.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';

const reports = '.reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- unit` runs a subset

const steps = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'typecheck-templates', cmd: ['npx', 'tsc', '--noEmit', '-p', 'templates/tsconfig.check.json'], when: () => existsSync('templates/tsconfig.check.json') },
  { name: 'lint', cmd: ['npx', 'eslint', '.', '--max-warnings', '0'] },
  // lib/'s import layers (.dependency-cruiser.cjs): each folder imports only the folders below it, no cycles.
  { name: 'deps', cmd: ['npx', 'depcruise', 'lib', '--config', '.dependency-cruiser.cjs'] },
  { name: 'unit', cmd: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reports}/vitest.json`] },
  { name: 'build', cmd: ['npm', 'run', 'build'] },
  { name: 'e2e', pre: ensureChromium, cmd: ['npx', 'playwright', 'test'] },
  // The exported project as a user gets it: `gan export`, a fresh `npm install` from the registry, 3 steps on the cpu
  // backend, --resume, and 3 steps on WebGPU in Node (Dawn on SwiftShader). Image designs at batch 2: tfjs's cpu
  // Conv2DBackpropFilter is a scalar loop (minutes per step at the design's batch of 64 on 2 cores).
  { name: 'export', cmd: ['node', 'scripts/check-export.mjs', '--image-batch', '2', '--report', `${reports}/check-export.json`] },
];

let failed = null;
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  if (step.when && !step.when()) continue;
  console.log(`\n▶ ${step.name}: ${step.cmd.join(' ')}`);
  if (step.pre && !step.pre()) { failed = step.name; break; }
  const r = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...step.env } });
  if (r.status !== 0) { failed = step.name; break; }
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const read = (f) => { try { return JSON.parse(readFileSync(f, 'utf8')); } catch { return null; } };
const vitest = read(`${reports}/vitest.json`);
if (vitest) {
  counts.passed += vitest.numPassedTests ?? 0;
  counts.failed += vitest.numFailedTests ?? 0;
  counts.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}
const pw = read(`${reports}/playwright.json`);
if (pw?.stats) {
  counts.passed += (pw.stats.expected ?? 0) + (pw.stats.flaky ?? 0);
  counts.failed += pw.stats.unexpected ?? 0;
  counts.skipped += pw.stats.skipped ?? 0;
}
const exported = read(`${reports}/check-export.json`);
if (exported) for (const k of Object.keys(counts)) counts[k] += exported[k] ?? 0;
if (failed) console.error(`\n✖ npm test failed at step "${failed}".`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failed ? 1 : 0);
