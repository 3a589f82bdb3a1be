// `npm run bench -- gpu [--presets ring8-2d,dcgan-mnist | all] [--paths A,B] [--path-s S] [--deadline-min M]`: the
// same presets' training step on every path this machine has (issue 19, "The GPU paths, ready to measure", and the
// browser worker's wasm), in one table of ms/step and ratios to PyTorch:
//   - headless Chromium (Debian's, through Playwright), WebGPU, WebGL and wasm (threaded as the app starts it, and on
//     one thread), in a worker as the app trains: the app's Trainer bundled with esbuild (gpu-worker.ts) into a page
//     served on localhost, cross-origin isolated as the app is;
//   - Node through Dawn (the `webgpu` package, the CLI's `--backend webgpu`), and tfjs-node-gpu, in child processes;
//   - PyTorch, the exported project's own train.py: CUDA when torch sees a GPU, CPU always (the reference here).
// Every path reports which adapter it ran on, so a SwiftShader figure is never read as a GPU's. A path that is
// missing or fails is named with why; the others still report. Each path has its own time limit, and the module
// stops starting work past a global deadline, so it finishes unattended in under 8 minutes. `--paths` picks paths by
// name (e.g. "PyTorch CPU,Chromium wasm,Chromium wasm 1 thread"); `--path-s` and `--deadline-min` give a run of
// many presets the time it needs.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Worker } from '@playwright/test';
import { mnistDir } from '../../cli/node-data';
import { generateTorchProject } from '../../lib/codegen/python/generate';
import { loadTorchTemplates } from '../../lib/codegen/templates';
import { MNIST_FILES } from '../../lib/data/mnist';
import { parseDesign } from '../../lib/graph/parse';
import { getPreset, PRESETS } from '../../lib/presets';
import { median, type Bench, type Report } from './harness';
import { THREADED_MAIN_SCRIPT } from '../../lib/tfjs/wasm-threads';
import { needsMnist, WASM_PATH, type StepRequest, type StepResult } from './gpu-step';
import type { BrowserApi, BrowserBackend } from './gpu-worker';

const ROOT = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const PYTHON = '/usr/bin/python3';
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
/** The whole module (`--deadline-min M` for longer runs of many presets); paths that would start later are not run. */
const DEADLINE_MS = Number(option('deadline-min', '7.5')) * 60_000;
/** `--path-s S`: each path's own limit in seconds, instead of its default, for runs of many presets. */
const PATH_MS = Number(option('path-s', '0')) * 1000;
const WARMUP = 2;
const STEPS = 5;

type Cell = { ms: number; steps: number; note: string } | { why: string };
type PathResult = { adapter: string; cells: Map<string, Cell> };
/** One path: measures `presets` within `budgetMs` (its own limit, cut to the time left), or throws why it cannot. */
type Path = { name: string; budgetMs: number; run(presets: string[], budgetMs: number): Promise<PathResult> };

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function cellOf(r: StepResult): Cell {
  const warm = r.warmupMs.length > 3 ? `${r.warmupMs.length} warm-up, the first ${r.warmupMs[0]!.toFixed(0)} ms` : `${r.warmupMs.length} warm-up (${r.warmupMs.map((m) => m.toFixed(0)).join(', ')} ms)`;
  return { ms: median(r.ms), steps: r.ms.length, note: `median of ${r.ms.length} after ${warm}, batch ${r.batch}` };
}

/** Rejects with `what timed out` after `ms`, so a hung GPU call costs its path, not the run. */
function withTimeout<T>(p: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${what} timed out after ${(ms / 1000).toFixed(0)} s`));
    }, Math.max(ms, 1));
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

// ---- Chromium: a blank page on localhost whose worker is gpu-worker.ts, bundled once with esbuild (tsx ships it).

let bundle: Promise<string> | null = null;
function workerBundle(): Promise<string> {
  bundle ??= (async () => {
    // Not a dependency of its own: tsx's, found through node_modules; without it this path reports why.
    const name = 'esbuild';
    type OutFile = { text: string };
    const esbuild = (await import(name)) as { build(o: object): Promise<{ outputFiles: OutFile[] }> };
    const out = await esbuild.build({
      entryPoints: [join(import.meta.dirname, 'gpu-worker.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    return out.outputFiles[0]!.text;
  })();
  return bundle;
}

/**
 * Serves the page, the worker, MNIST's files and tfjs-backend-wasm's binaries (the only names it answers); localhost
 * only. Cross-origin isolated, as the app is (next.config.js), so wasm may run its threaded build.
 */
async function serve(js: string): Promise<{ server: Server; url: string }> {
  const mnist = new Set<string>(Object.values(MNIST_FILES.train));
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const wasmFiles = new Map<string, string>([
    ...readdirSync(join(wasmDir, 'dist')).filter((f) => f.endsWith('.wasm')).map((f) => [f, join(wasmDir, 'dist', f)] as const),
    [THREADED_MAIN_SCRIPT, join(wasmDir, 'wasm-out', THREADED_MAIN_SCRIPT)],
  ]);
  const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = path.startsWith(WASM_PATH) ? wasmFiles.get(path.slice(WASM_PATH.length)) : undefined;
    if (path === '/favicon.ico') res.writeHead(204).end();
    else if (path === '/') res.writeHead(200, { ...isolated, 'content-type': 'text/html' }).end('<!doctype html><script>new Worker("/worker.js")</script>');
    else if (path === '/worker.js') res.writeHead(200, { ...isolated, 'content-type': 'text/javascript' }).end(js);
    else if (path.startsWith('/mnist/') && mnist.has(path.slice(7))) res.writeHead(200, isolated).end(readFileSync(join(mnistDir(), path.slice(7))));
    else if (file) res.writeHead(200, { ...isolated, 'content-type': file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' }).end(readFileSync(file));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the page server has no port');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

const BROWSER_NAMES: Record<BrowserBackend, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'wasm' };

/** Chromium's worker on `backend`; for wasm, on `threads` threads (default: as many as the app starts). */
function chromiumPath(backend: BrowserBackend, threads?: number): Path {
  return {
    name: `Chromium ${BROWSER_NAMES[backend]}${threads ? ` ${threads} thread${threads === 1 ? '' : 's'}` : ''}`,
    budgetMs: 150_000,
    async run(presets, budgetMs) {
      if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
      const started = performance.now();
      const js = await workerBundle().catch((e: unknown) => {
        throw new Error(`could not bundle gpu-worker.ts with esbuild: ${errorText(e)}`);
      });
      const { server, url } = await serve(js);
      let browser: Browser | undefined;
      try {
        // --enable-unsafe-webgpu: WebGPU in headless Chromium on Linux; Vulkan for the adapter (a GPU's, or
        // SwiftShader's without one); --ignore-gpu-blocklist so a real GPU is not refused; SwiftShader for WebGL
        // without one, which Chromium otherwise no longer falls back to.
        const args = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run',
          '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--ignore-gpu-blocklist', '--enable-unsafe-swiftshader'];
        browser = await chromium.launch({ executablePath: CHROMIUM, args });
        const page = await browser.newPage();
        // The worker's own errors (a script that fails to load, a backend's complaint) reach the page's console.
        let lastError = '';
        page.on('console', (m) => {
          if (m.type() === 'error') lastError = m.text().slice(0, 200);
        });
        const why = (e: unknown) => `${errorText(e)}${lastError ? ` (console: ${lastError})` : ''}`;
        const ready = page.waitForEvent('worker', { timeout: 30_000 });
        await page.goto(url);
        const worker: Worker = await ready;
        const left = () => budgetMs - (performance.now() - started);
        const close = () => void browser?.close().catch(() => {});
        const { adapter } = await withTimeout(
          // The worker exists before its 4 MB script has run: wait for the script to define ganBench.
          worker.evaluate(async ([b, t]) => {
            const g = globalThis as unknown as { ganBench?: BrowserApi };
            while (!g.ganBench) await new Promise((r) => setTimeout(r, 50));
            return g.ganBench.init(b, t);
          }, [backend, threads] as const),
          Math.min(60_000, left()), `${backend} start-up`, close).catch((e: unknown) => {
          throw new Error(why(e));
        });
        const cells = new Map<string, Cell>();
        for (const [i, preset] of presets.entries()) {
          if (left() < 5_000) {
            cells.set(preset, { why: 'not run: this path\'s time was spent' });
            continue;
          }
          // Timed steps stop after an even share of what is left; warm-up and a slow step may run over, up to the limit.
          const req: StepRequest = { preset, warmup: WARMUP, steps: STEPS, budgetMs: left() / (presets.length - i) };
          try {
            const r = await withTimeout(
              worker.evaluate((q) => (globalThis as unknown as { ganBench: BrowserApi }).ganBench.step(q), req),
              left(), `${preset}`, close);
            cells.set(preset, cellOf(r));
          } catch (e) {
            cells.set(preset, { why: why(e) });
            if (!browser.isConnected()) break;
          }
        }
        for (const p of presets) if (!cells.has(p)) cells.set(p, { why: 'not run: the browser was closed after a time-out' });
        return { adapter, cells };
      } finally {
        await browser?.close().catch(() => {});
        server.closeAllConnections();
        server.close();
      }
    },
  };
}

// ---- Node: one child process per preset (gpu-node.ts), killed at its limit.

type ChildOut = { lines: string[]; stderr: string; code: number | null; killed: boolean };

function runChild(cmd: string, args: string[], env: Record<string, string>, ms: number, cwd = ROOT): Promise<ChildOut> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: ChildOut = { lines: [], stderr: '', code: null, killed: false };
    let partial = '';
    child.stdout.on('data', (d: Buffer) => {
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop() ?? '';
      out.lines.push(...parts);
    });
    child.stderr.on('data', (d: Buffer) => (out.stderr = (out.stderr + d.toString()).slice(-4000)));
    const timer = setTimeout(() => {
      out.killed = true;
      child.kill('SIGKILL');
    }, Math.max(ms, 1));
    child.on('error', (e) => (out.stderr += String(e)));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (partial) out.lines.push(partial);
      out.code = code;
      resolve(out);
    });
  });
}

const lastLine = (s: string) => s.trim().split('\n').filter(Boolean).pop() ?? '';

function nodePath(name: string, kind: 'dawn' | 'tfjs-node-gpu', pkg: string): Path {
  return {
    name,
    budgetMs: 120_000,
    async run(presets, budgetMs) {
      try {
        require.resolve(pkg);
      } catch {
        throw new Error(`missing: the "${pkg}" package is not installed here`);
      }
      const started = performance.now();
      const left = () => budgetMs - (performance.now() - started);
      const adapters = new Set<string>();
      const cells = new Map<string, Cell>();
      // Dawn finds a GPU's Vulkan driver on its own; only without one is SwiftShader's named (check-export.mjs).
      let env: Record<string, string> = {};
      for (const [i, preset] of presets.entries()) {
        if (left() < 5_000) {
          cells.set(preset, { why: "not run: this path's time was spent" });
          continue;
        }
        const share = left() / (presets.length - i);
        const attempt = () =>
          runChild(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(import.meta.dirname, 'gpu-node.ts'), kind, preset, `${WARMUP}`, `${STEPS}`, `${share}`], env, left());
        let out = await attempt();
        let answer = JSON.parse(out.lines.find((l) => l.startsWith('{')) ?? 'null') as { adapter: string; result: StepResult } | { error: string } | null;
        if (kind === 'dawn' && answer && 'error' in answer && !env['VK_ICD_FILENAMES'] && existsSync(SWIFTSHADER_ICD)) {
          env = { VK_ICD_FILENAMES: SWIFTSHADER_ICD, LD_LIBRARY_PATH: '/usr/lib/chromium' };
          out = await attempt();
          answer = JSON.parse(out.lines.find((l) => l.startsWith('{')) ?? 'null') as typeof answer;
        }
        if (answer && 'result' in answer) {
          adapters.add(answer.adapter);
          cells.set(preset, cellOf(answer.result));
        } else {
          const why = answer && 'error' in answer ? answer.error : out.killed ? `timed out after ${(left() / 1000).toFixed(0)} s` : `exited ${out.code ?? '?'}: ${lastLine(out.stderr)}`;
          cells.set(preset, { why: why.slice(0, 300) });
        }
      }
      return { adapter: [...adapters].join('; ') || 'none reported', cells };
    },
  };
}

// ---- PyTorch: the exported project's train.py, logging every step's cumulative seconds.

/** The export of `preset` into `dir` (as torch-export.bench.ts writes it). */
function writeExport(preset: string, dir: string) {
  const parsed = parseDesign(structuredClone(getPreset(preset)!.design));
  if (!parsed.ok) throw new Error(`preset ${preset} does not parse`);
  for (const [path, contents] of generateTorchProject(parsed.design, { templates: loadTorchTemplates(join(ROOT, 'templates')) })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
}

/**
 * train.py logs the seconds since it started, rounded to 10 ms, after each step. A 2-D step takes a few ms, so the
 * timed steps are grouped into runs of at least MIN_SPAN_S and each run's mean counts as one sample; a DCGAN step
 * is longer than that on its own, so its samples are single steps. Steps up to `warmup` are left out.
 */
const MIN_SPAN_S = 0.25;
function torchSamples(lines: string[], warmup: number): number[] {
  const log = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { step: number; seconds: number });
  const start = log.findIndex((l) => l.step === warmup);
  const out: number[] = [];
  if (start < 0) return out;
  let from = log[start]!;
  for (const l of log.slice(start + 1)) {
    if (l.seconds - from.seconds >= MIN_SPAN_S) {
      out.push((1000 * (l.seconds - from.seconds)) / (l.step - from.step));
      from = l;
    }
  }
  return out;
}

let torchProbe: Promise<ChildOut> | null = null;
function torchPath(device: 'cuda' | 'cpu'): Path {
  return {
    name: `PyTorch ${device === 'cuda' ? 'CUDA' : 'CPU'}`,
    budgetMs: 90_000,
    async run(presets, budgetMs) {
      torchProbe ??= runChild(PYTHON, ['-c', 'import torch, numpy, PIL; print(torch.__version__, torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")'], {}, 60_000);
      const probe = await torchProbe;
      if (probe.code !== 0) throw new Error(`missing: ${PYTHON} cannot import torch, numpy and PIL (${lastLine(probe.stderr)})`);
      const [version, cuda, ...gpu] = (probe.lines[0] ?? '').split(' ');
      if (device === 'cuda' && cuda !== 'True') throw new Error(`missing: torch ${version} sees no CUDA device (torch.cuda.is_available() is False)`);
      const started = performance.now();
      const left = () => budgetMs - (performance.now() - started);
      const cells = new Map<string, Cell>();
      const dir = mkdtempSync(join(tmpdir(), 'gan-bench-gpu-'));
      try {
        for (const [i, preset] of presets.entries()) {
          const project = join(dir, preset);
          writeExport(preset, project);
          const image = needsMnist(preset);
          // Enough steps for the samples, and a time share that stops a slow run with what it logged by then.
          const steps = image ? WARMUP + 2 * STEPS : 1_500;
          const warmup = image ? WARMUP : 25;
          // A log line costs a sync and, for 2-D designs, the scores train.py logs with it: every 25 steps there.
          const every = image ? 1 : 25;
          const args = ['train.py', '--device', device, '--steps', `${steps}`, '--log-every', `${every}`, '--sample-every', '1000000', '--out', join(project, 'run')];
          const env = { MNIST_DIR: mnistDir(), PYTHONDONTWRITEBYTECODE: '1' };
          const out = await runChild(PYTHON, args, env, Math.min(left() / (presets.length - i), 45_000), project);
          const ms = torchSamples(out.lines, warmup);
          if (ms.length === 0) cells.set(preset, { why: out.killed ? 'no timed step before its time share ran out' : `train.py exited ${out.code ?? '?'}: ${lastLine(out.stderr)}` });
          else cells.set(preset, { ms: median(ms), steps: ms.length, note: `median of ${ms.length} ${image ? 'steps' : `runs of ≥ ${MIN_SPAN_S} s (logging every ${every} steps)`} after ${warmup} warm-up, the export's train.py` });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return { adapter: device === 'cuda' ? `${gpu.join(' ')} (torch ${version})` : `CPU, torch ${version}, its default threads`, cells };
    },
  };
}

// ---- The table.

function printTable(presets: string[], results: Map<string, PathResult | { why: string }>, reference: (preset: string) => { path: string; ms: number } | null) {
  const cols = [...results.keys()];
  const cell = (path: string, preset: string) => {
    const r = results.get(path)!;
    if ('why' in r) return '—';
    const c = r.cells.get(preset);
    if (!c || 'why' in c) return 'failed';
    const ref = reference(preset);
    return `${c.ms.toFixed(1)}${ref ? ` (${(c.ms / ref.ms).toFixed(2)}×)` : ''}`;
  };
  const width = Math.max(...cols.map((c) => c.length), 16);
  console.log(`\n  ms/step (× the reference: PyTorch CUDA where present, else PyTorch CPU); — missing, failed: see SKIP above`);
  const name = Math.max(...presets.map((p) => p.length), 14);
  console.log(`  ${'preset'.padEnd(name)}${cols.map((c) => c.padStart(width + 2)).join('')}`);
  for (const p of presets) console.log(`  ${p.padEnd(name)}${cols.map((c) => cell(c, p).padStart(width + 2)).join('')}`);
  console.log('');
}

const bench: Bench = {
  title: 'GPU paths: the same presets on Chromium WebGPU / WebGL, Node Dawn, tfjs-node-gpu and PyTorch',
  async run(report: Report) {
    const started = performance.now();
    const asked = option('presets', 'ring8-2d,dcgan-mnist');
    const presets = asked === 'all' ? PRESETS.map((p) => p.id) : asked.split(',').filter(Boolean);
    for (const p of presets) if (!getPreset(p)) return report.skip('gpu', `no preset ${p}`);
    // The GPU paths first, so the deadline cuts the CPU-only wasm paths rather than a GPU's.
    const every: Path[] = [torchPath('cuda'), torchPath('cpu'), chromiumPath('webgpu'), chromiumPath('webgl'),
      nodePath('Node Dawn WebGPU', 'dawn', 'webgpu'), nodePath('Node tfjs-node-gpu', 'tfjs-node-gpu', '@tensorflow/tfjs-node-gpu'),
      chromiumPath('wasm'), chromiumPath('wasm', 1)];
    // --paths "PyTorch CPU,Chromium wasm,Chromium wasm 1 thread": the browser worker's wasm against PyTorch on this
    // CPU, both on all its cores, and what wasm's threads add.
    const only = option('paths', '').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
    const paths = only.length ? every.filter((p) => only.includes(p.name.toLowerCase())) : every;
    if (paths.length === 0) return report.skip('gpu', `--paths names none of: ${every.map((p) => p.name).join(', ')}`);
    const results = new Map<string, PathResult | { why: string }>();
    for (const path of paths) {
      const left = DEADLINE_MS - (performance.now() - started);
      const t0 = performance.now();
      if (left < 10_000) results.set(path.name, { why: `not run: the bench's ${DEADLINE_MS / 60_000}-minute deadline was near` });
      else {
        try {
          results.set(path.name, await path.run(presets, Math.min(PATH_MS || path.budgetMs, left - 5_000)));
        } catch (e) {
          results.set(path.name, { why: errorText(e) });
        }
      }
      console.log(`  · ${path.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const reference = (preset: string) => {
      for (const path of ['PyTorch CUDA', 'PyTorch CPU']) {
        const r = results.get(path);
        const c = r && !('why' in r) ? r.cells.get(preset) : undefined;
        if (c && !('why' in c)) return { path, ms: c.ms };
      }
      return null;
    };
    for (const [path, r] of results) {
      if ('why' in r) {
        report.skip(path, r.why);
        continue;
      }
      console.log(`  ${path} ran on: ${r.adapter}`);
      for (const preset of presets) {
        const c = r.cells.get(preset)!;
        if ('why' in c) {
          report.skip(`${preset} · ${path}`, c.why);
          continue;
        }
        const ref = reference(preset);
        const ratio = ref && ref.path !== path ? `, ${(c.ms / ref.ms).toFixed(2)}× ${ref.path}` : '';
        report.figure({ name: `${preset} · ${path}`, value: c.ms, unit: 'ms/step', note: `${c.note}${ratio}; ${r.adapter}` });
      }
    }
    printTable(presets, results, reference);
    report.figure({ name: 'bench module time', value: (performance.now() - started) / 1000, unit: 's', note: `deadline ${DEADLINE_MS / 60_000} min` });
  },
};
export default bench;
