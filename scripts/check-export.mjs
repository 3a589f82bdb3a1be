// The exported project, end to end, as a user gets it: `gan export` a preset, a fresh `npm install` from the registry,
// `npm run train -- --steps 3 --backend cpu` (a sample PNG and a checkpoint must appear), then `--resume` from that
// checkpoint, then `npm run eval` on it. With a software Vulkan (Debian's Chromium ships SwiftShader) it also trains 3 steps on WebGPU in Node
// through Dawn. Slow (minutes: npm install downloads tfjs): for npm test's e2e / CI stage, not the unit tests.
//
//   node scripts/check-export.mjs [--presets dcgan-mnist,ring8-2d] [--dir DIR] [--keep] [--webgpu auto|on|off] [--image-batch N]
//                                [--report FILE]   (counts for npm test's closing line: one check per preset and per WebGPU run)
//
// Designs that train on images run with --batch 8 (--image-batch): tfjs-backend-cpu's Conv2DBackpropFilter is a scalar
// loop that takes minutes per DCGAN step at the design's batch of 64 on a 2-core machine (measured: > 12 min for 3
// steps, not finished), and SwiftShader is no faster. The 2-D designs train at their own batch size.
// Prints one line per step with its time, and ends with one JSON line of every figure. Exit 1 on the first failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    presets: { type: 'string', default: 'dcgan-mnist,ring8-2d' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    webgpu: { type: 'string', default: 'auto' },
    'image-batch': { type: 'string', default: '8' },
    report: { type: 'string' },
  },
});
const root = resolve(import.meta.dirname, '..');
const base = values.dir ? resolve(values.dir) : mkdtempSync(join(tmpdir(), 'gan-check-export-'));
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
const figures = { base, presets: {} };

function run(label, cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...opts.env } });
  const seconds = (performance.now() - t0) / 1000;
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  console.log(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${label} (${seconds.toFixed(1)} s)`);
  if (r.status !== 0) {
    console.log(out.split('\n').slice(-40).join('\n'));
    throw new Error(`${label} failed with exit ${r.status}`);
  }
  return { seconds, out };
}

function need(path, what) {
  if (!existsSync(path)) throw new Error(`${what}: ${path} is missing`);
}

function check(preset) {
  const dir = join(base, preset);
  const f = {};
  figures.presets[preset] = f;
  f.export_s = run(`${preset}: gan export`, process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'cli/gan.ts'), 'export', `preset:${preset}`, '--out', dir, '--force'], { cwd: root }).seconds;
  f.npm_install_s = run(`${preset}: npm install (fresh, from the registry)`, 'npm', ['install', '--no-audit', '--no-fund'], { cwd: dir }).seconds;
  f.typecheck_s = run(`${preset}: npm run typecheck`, 'npm', ['run', 'typecheck'], { cwd: dir }).seconds;

  const design = JSON.parse(readFileSync(join(dir, 'design.gan.json'), 'utf8'));
  const images = design.training.nodes.some((n) => (n.type === 'dataset' && !['ring8', 'grid25', 'spiral'].includes(n.params?.name ?? 'mnist')) || n.type === 'domains');
  const batch = images ? ['--batch', values['image-batch']] : [];
  f.batch = images ? Number(values['image-batch']) : design.training.settings.batchSize;
  const first = run(`${preset}: npm run train -- --steps 3 --backend cpu ${batch.join(' ')}`, 'npm', ['run', 'train', '--', '--steps', '3', '--backend', 'cpu', '--log-every', '1', ...batch], { cwd: dir });
  f.train3_s = first.seconds;
  need(join(dir, 'samples/step-000003.png'), 'sample picture');
  for (const net of ['G', 'D']) {
    need(join(dir, `checkpoints/step-000003/${net}/model.json`), 'checkpoint');
    need(join(dir, `checkpoints/step-000003/${net}/weights.bin`), 'checkpoint');
  }
  const png = readFileSync(join(dir, 'samples/step-000003.png'));
  if (png.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error('the sample is not a PNG');
  f.first_losses = first.out.split('\n').filter((l) => l.startsWith('step ')).at(-1);

  const resumed = run(`${preset}: npm run train -- --steps 2 --backend cpu --resume`, 'npm', ['run', 'train', '--', '--steps', '2', '--backend', 'cpu', '--resume', '--log-every', '1', ...batch], { cwd: dir });
  f.resume2_s = resumed.seconds;
  if (!/resumed from .*step-000003 at step 3/.test(resumed.out)) throw new Error('the resumed run did not start from step 3');
  need(join(dir, 'checkpoints/step-000005/training.json'), 'resumed checkpoint');
  // `npm run eval` on the resumed checkpoint: the design's metrics as one JSON line (few samples: a smoke test of the
  // path; the metrics themselves are tested in the app's unit tests).
  const evaluated = run(`${preset}: npm run eval -- --samples 200 --kid-subsets 2 --json`, 'npm', ['run', '--silent', 'eval', '--', '--samples', '200', '--kid-subsets', '2', '--json', '--backend', 'wasm'], { cwd: dir });
  f.eval_s = evaluated.seconds;
  const scores = JSON.parse(evaluated.out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1) ?? 'null');
  if (!scores || scores.step !== 5) throw new Error(`npm run eval did not score the step-5 checkpoint: ${evaluated.out.slice(-400)}`);
  const finite = scores.kind === 'toy2d' ? [scores.highQualityFraction, scores.modesCovered] : [scores.frechetDistance, scores.classifierScore, scores.precision, scores.recall];
  if (!finite.every(Number.isFinite)) throw new Error(`npm run eval printed non-finite metrics: ${JSON.stringify(scores)}`);
  f.eval = scores.kind === 'toy2d' ? { modesCovered: scores.modesCovered, highQualityFraction: scores.highQualityFraction } : { frechetDistance: scores.frechetDistance, classifierScore: scores.classifierScore };
  f.backends = first.out.split('\n').filter((l) => l.startsWith('backend')).map((l) => l.trim());

  const webgpu = values.webgpu === 'on' || (values.webgpu === 'auto' && existsSync(SWIFTSHADER));
  if (webgpu) {
    const env = existsSync(SWIFTSHADER) ? { VK_ICD_FILENAMES: SWIFTSHADER, LD_LIBRARY_PATH: '/usr/lib/chromium' } : {};
    const r = spawnSync('npm', ['run', 'train', '--', '--steps', '3', '--backend', 'webgpu', '--log-every', '1', '--out', 'webgpu-run', ...batch], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 900_000 });
    const out = `${r.stdout}${r.stderr}`;
    f.webgpu = { exit: r.status, backend: out.split('\n').find((l) => l.startsWith('backend')) ?? null, steps: out.split('\n').filter((l) => l.startsWith('step ') || l.startsWith('trained')), error: r.status === 0 ? null : out.split('\n').filter((l) => l.startsWith('error')).join(' ') };
    console.log(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${preset}: 3 steps on WebGPU in Node (Dawn): ${f.webgpu.backend ?? f.webgpu.error}`);
    if (r.status !== 0) throw new Error('the WebGPU run failed');
  }
}

let failed = false;
const counts = { passed: 0, failed: 0, skipped: 0 };
try {
  for (const p of values.presets.split(',').filter(Boolean)) {
    try {
      check(p);
      counts.passed += 1 + (figures.presets[p].webgpu ? 1 : 0);
      if (!figures.presets[p].webgpu) counts.skipped += 1;
    } catch (e) {
      counts.failed += 1;
      throw e;
    }
  }
} catch (e) {
  failed = true;
  console.error(`check-export: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  if (values.report) writeFileSync(values.report, JSON.stringify(counts));
  if (!values.keep && !failed && !values.dir) rmSync(base, { recursive: true, force: true });
}
console.log(JSON.stringify({ ok: !failed, ...figures }));
process.exit(failed ? 1 : 0);
