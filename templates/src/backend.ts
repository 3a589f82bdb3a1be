import * as tf from '@tensorflow/tfjs';
import { setImageDecoder } from './data.js';
import { registerWasmTrainingKernels } from './lib/tfjs/wasm-training-kernels.js';
import { startNodeWasmThreads, threadsFor } from './lib/tfjs/wasm-threads-node.js';

/**
 * Picks the fastest tfjs backend that works on this machine, trying in order and saying why each one was passed over:
 *
 * 1. `node-gpu` — @tensorflow/tfjs-node-gpu, TensorFlow's C library on an NVIDIA GPU. Linux x86-64 (or Windows) with
 *    CUDA 11.2 and cuDNN 8.1 installed (tfjs-node-gpu 4.22 binds TensorFlow 2.9.1, built for exactly those).
 * 2. `node` — @tensorflow/tfjs-node, the same library on the CPU (multi-threaded, with SIMD).
 * 3. `webgpu` — @tensorflow/tfjs-backend-webgpu on Dawn through the `webgpu` npm package (Vulkan, Metal or D3D12).
 * 4. `wasm` — @tensorflow/tfjs-backend-wasm (XNNPACK), with the training kernels GAN Studio adds (lib/tfjs/).
 * 5. `cpu` — plain JavaScript; always works, slowly.
 *
 * The first two and `webgpu` are optional dependencies: npm skips them where they cannot install. With `auto`, a
 * software WebGPU adapter (SwiftShader, llvmpipe/lavapipe: Vulkan on the CPU) is passed over for wasm, which is
 * faster on the same CPU; `--backend webgpu` still takes it.
 */

export const BACKENDS = ['node-gpu', 'node', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendChoice = BackendName | 'auto';

type Attempt = { ok: true; detail: string } | { ok: false; reason: string };

/** tf.node from tfjs-node, for decoding JPEG and other images in image folders. */
type TfNode = { node?: { decodeImage(bytes: Uint8Array, channels?: number): tf.Tensor } };

/** Loads a package by a computed name, so TypeScript does not need it installed (they are optional). */
async function optionalImport<T>(name: string): Promise<T> {
  return (await import(name)) as T;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

async function startTfjsNode(pkg: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node'): Promise<Attempt> {
  let mod: TfNode;
  try {
    mod = await optionalImport<TfNode>(pkg);
  } catch (e) {
    const why = message(e);
    const missing = /Cannot find (module|package)/.test(why) && why.includes(pkg);
    if (missing) return { ok: false, reason: `${pkg} is not installed (npm leaves it out where its install cannot download TensorFlow's library)` };
    return { ok: false, reason: `${pkg} is installed but did not load (${why})` };
  }
  // tfjs-node registers its "tensorflow" backend with the copy of @tensorflow/tfjs it depends on; it must be ours.
  if (!tf.findBackendFactory('tensorflow')) {
    return { ok: false, reason: `${pkg} loaded, but registered with another copy of @tensorflow/tfjs; keep both at 4.22.0 and reinstall` };
  }
  if (!(await tf.setBackend('tensorflow')) || tf.getBackend() !== 'tensorflow') return { ok: false, reason: `${pkg}'s backend failed to start` };
  const decode = mod.node?.decodeImage;
  if (decode) {
    setImageDecoder((bytes) => {
      const t = decode(bytes, 0) as tf.Tensor3D;
      const [height = 0, width = 0, channels = 1] = t.shape;
      const pixels = Uint8Array.from(t.dataSync());
      t.dispose();
      return { height, width, channels: channels as 1 | 2 | 3 | 4, pixels };
    });
  }
  const gpu = (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice;
  if (pkg === '@tensorflow/tfjs-node-gpu' && gpu === false) {
    return { ok: true, detail: 'TensorFlow found no usable GPU (check CUDA 11.2 / cuDNN 8.1 and `nvidia-smi`), so it runs on the CPU' };
  }
  return { ok: true, detail: pkg === '@tensorflow/tfjs-node-gpu' ? 'TensorFlow on the GPU' : 'TensorFlow on the CPU' };
}

type Dawn = { create(flags: string[]): GpuLike; globals: Record<string, unknown> };
type GpuLike = { requestAdapter(options?: object): Promise<{ info?: Record<string, unknown> } | null> };

async function startWebGpu(auto: boolean): Promise<Attempt> {
  let dawn: Dawn;
  try {
    dawn = await optionalImport<Dawn>('webgpu');
  } catch (e) {
    return { ok: false, reason: /Cannot find (module|package)/.test(message(e)) ? 'the webgpu package (Dawn) is not installed' : `the webgpu package did not load (${message(e)})` };
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    return {
      ok: false,
      reason: 'Dawn found no GPU adapter (no Vulkan, Metal or D3D12 driver). Without a GPU, a software Vulkan works: VK_ICD_FILENAMES=…/vk_swiftshader_icd.json',
    };
  }
  const info = (adapter.info ?? {}) as Record<string, unknown>;
  const name = [info['vendor'], info['architecture'], info['device'], info['description']].filter((v) => typeof v === 'string' && v).join(' ');
  if (auto && (info['isFallbackAdapter'] === true || /swiftshader|llvmpipe|lavapipe/i.test(name))) {
    return { ok: false, reason: `Dawn's only adapter is a software one (${name || 'fallback adapter'}), slower than wasm on this CPU; --backend webgpu uses it anyway` };
  }
  // tfjs-backend-webgpu registers itself on import only when navigator.gpu exists (webgpu_util.ts isWebGPUSupported).
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  try {
    if (!(await tf.setBackend('webgpu')) || tf.getBackend() !== 'webgpu') return { ok: false, reason: 'the WebGPU backend failed to start on the adapter Dawn found' };
  } catch (e) {
    return { ok: false, reason: `the WebGPU backend failed to start (${message(e)})` };
  }
  return { ok: true, detail: `Dawn adapter: ${name || 'unnamed'}` };
}

async function startWasm(asked: number | 'auto'): Promise<Attempt> {
  await import('@tensorflow/tfjs-backend-wasm');
  // wasm lacks Conv2DBackpropFilter (so it could not train conv nets) and runs a few gradients as scalar loops.
  registerWasmTrainingKernels(tf);
  const chosen = threadsFor(tf, asked);
  const threads = chosen.threads;
  const why = chosen.why ? ` (${chosen.why}; --threads N to choose)` : '';
  if (threads > 1) {
    // tfjs turns wasm threads off in Node; GAN Studio's starter runs its threaded build (the same numbers).
    try {
      await startNodeWasmThreads(tf, threads);
    } catch (e) {
      throw new Error(`wasm threads did not start (${message(e)}); use --threads 1 to train single-threaded`);
    }
    return { ok: true, detail: `WebAssembly with XNNPACK on the CPU, ${threads} threads${why}` };
  }
  if (!(await tf.setBackend('wasm')) || tf.getBackend() !== 'wasm') return { ok: false, reason: 'the wasm backend failed to start' };
  return { ok: true, detail: `WebAssembly with XNNPACK on the CPU, 1 thread${why}` };
}

async function startCpu(): Promise<Attempt> {
  if (!(await tf.setBackend('cpu'))) return { ok: false, reason: 'the cpu backend failed to start' };
  return { ok: true, detail: 'plain JavaScript; slow, but always there' };
}

const TRY: Record<BackendName, (auto: boolean, threads: number | 'auto') => Promise<Attempt>> = {
  'node-gpu': () => startTfjsNode('@tensorflow/tfjs-node-gpu'),
  node: () => startTfjsNode('@tensorflow/tfjs-node'),
  webgpu: (auto) => startWebGpu(auto),
  wasm: (_auto, threads) => startWasm(threads),
  cpu: startCpu,
};

/**
 * Starts the chosen backend, or with 'auto' the first of BACKENDS that works, printing each attempt. Throws when a
 * backend named explicitly cannot start. `threads` > 1: wasm runs its threaded build with that many XNNPACK threads;
 * 'auto': as many as there are idle cores (at most 4).
 */
export async function selectBackend(choice: BackendChoice, log: (line: string) => void = console.log, threads: number | 'auto' = 1): Promise<BackendName> {
  const order = choice === 'auto' ? BACKENDS : [choice];
  for (const name of order) {
    let attempt: Attempt;
    try {
      attempt = await TRY[name](choice === 'auto', threads);
    } catch (e) {
      // Threads asked for and refused: said as it is rather than passed over for the slow cpu backend.
      if (name === 'wasm' && threads !== 1) throw e;
      attempt = { ok: false, reason: message(e) };
    }
    if (attempt.ok) {
      await tf.ready();
      log(`backend: ${name} — ${attempt.detail}`);
      return name;
    }
    if (choice !== 'auto') throw new Error(`the ${name} backend cannot run here: ${attempt.reason}`);
    log(`backend: ${name} skipped — ${attempt.reason}`);
  }
  throw new Error('no tfjs backend could start');
}

/** Lets the process exit: Dawn keeps Node alive while navigator.gpu holds its instance. */
export function releaseBackend(): void {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav && 'gpu' in nav) delete nav.gpu;
}
