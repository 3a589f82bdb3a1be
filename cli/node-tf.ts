import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../lib/tfjs/wasm-training-kernels';
import { UsageError } from './args';
import { MAX_NODE_THREADS, startNodeWasmThreads, threadsFor as threadsForWasm } from '../lib/tfjs/wasm-threads-node';

export const NODE_BACKENDS = ['wasm', 'cpu', 'webgpu'] as const;

/** tfjs with every backend's kernels registered, GAN Studio's wasm training kernels included; no backend chosen. */
export async function tfWithTrainingKernels(): Promise<typeof tf> {
  // Importing the WebGPU backend only registers its kernels; it needs no adapter until it is initialised.
  await import('@tensorflow/tfjs-backend-webgpu');
  registerWasmTrainingKernels(tf);
  return tf;
}

/** wasm's thread count for `gan train`: `asked`, else 'auto' (lib/tfjs/wasm-threads-node.ts threadsFor). */
export function threadsFor(backend: string, asked: number | undefined): { threads: number; why: string | null } {
  return backend === 'wasm' ? threadsForWasm(tf, asked ?? 'auto') : { threads: asked ?? 1, why: null };
}

/**
 * tfjs for the command line. Without a GPU, wasm is the default: with GAN Studio's Conv2DBackpropFilter kernel it
 * trains conv nets many times faster than the pure-JS cpu backend (`npm run bench -- wasm`).
 */
export async function nodeTf(backend: string = 'wasm', opts: { threads?: number } = {}): Promise<typeof tf> {
  if (!(NODE_BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${NODE_BACKENDS.join(', ')}; got "${backend}"`);
  const threads = opts.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_NODE_THREADS) throw new UsageError(`--threads must be a whole number from 1 to ${MAX_NODE_THREADS}; got ${threads}`);
  if (threads > 1 && backend !== 'wasm') throw new UsageError(`--threads sets wasm's XNNPACK threads; the ${backend} backend has none`);
  if (backend === 'webgpu') await loadWebGpu();
  registerWasmTrainingKernels(tf);
  if (threads > 1) {
    try {
      await startNodeWasmThreads(tf, threads);
    } catch (e) {
      throw new Error(`wasm threads did not start (${e instanceof Error ? e.message : String(e)}); use --threads 1 to train single-threaded`);
    }
    return tf;
  }
  const ok = await tf.setBackend(backend);
  // tf.setBackend resolves false on failure while tf.getBackend() may still name the failed backend (tfjs 4.22).
  if (!ok || tf.getBackend() !== backend) throw new Error(`the ${backend} backend failed to initialise here`);
  await tf.ready();
  return tf;
}

async function loadWebGpu(): Promise<void> {
  type Dawn = { create(flags: string[]): unknown; globals: Record<string, unknown> };
  let dawn: Dawn;
  try {
    const name = 'webgpu';
    dawn = (await import(/* webpackIgnore: true */ name)) as Dawn;
  } catch {
    throw new Error('the webgpu backend needs the "webgpu" npm package (Dawn): npm install webgpu');
  }
  Object.assign(globalThis, dawn.globals);
  (globalThis as { navigator?: object }).navigator = { ...(globalThis as { navigator?: object }).navigator, gpu: dawn.create([]) };
  await import('@tensorflow/tfjs-backend-webgpu');
}
