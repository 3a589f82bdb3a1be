// The GPU bench's browser side (WebGPU, WebGL, and wasm as the app starts it): esbuild bundles this into the
// dedicated worker of a blank page that gpu.bench.ts serves on localhost, as the app trains in a worker
// (lib/train/training.worker.ts). Playwright calls `self.ganBench(...)` inside the worker; it answers with the step
// times and what the backend ran on.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { loadMnist } from '../../lib/data/mnist';
import type { ImageSets } from '../../lib/data/source';
import { prepareWasm } from '../../lib/tfjs/wasm-start';
import { probeWebGpu } from '../../lib/train/backends';
import { needsMnist, timeSteps, WASM_PATH, type StepRequest, type StepResult } from './gpu-step';

/** What `init` answers: the adapter (WebGPU), renderer (WebGL) or build and threads (wasm) the backend runs on. */
export type BrowserInit = { adapter: string };
export type BrowserBackend = 'webgpu' | 'webgl' | 'wasm';
export type BrowserApi = { init(backend: BrowserBackend, threads?: number): Promise<BrowserInit>; step(req: StepRequest): Promise<StepResult> };

/**
 * wasm as the app's training worker starts it (lib/train/training.worker.ts): threaded where the page is isolated,
 * on `threads` threads (1: the single-threaded build), or the app's default count.
 */
function startWasm(threads: number | undefined): () => string {
  const runtime = prepareWasm(tf, WASM_PATH, self, threads === undefined ? true : threads > 1 ? threads : false);
  return () => runtime()?.note ?? 'wasm (runtime unknown)';
}

/** The renderer the WebGL context runs on (UNMASKED_RENDERER_WEBGL where the browser exposes it). */
function webglRenderer(): string {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (!gl) return 'unknown WebGL renderer';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

let mnist: ImageSets | null = null;

const api: BrowserApi = {
  async init(backend, threads) {
    let adapter = '';
    if (backend === 'webgpu') {
      const probe = await probeWebGpu(self.navigator);
      if (!probe.available) throw new Error('no WebGPU adapter in this browser');
      adapter = `${probe.description ?? 'unnamed'}${probe.software ? ' (software)' : ''}`;
    }
    const wasm = backend === 'wasm' ? startWasm(threads) : null;
    if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) throw new Error(`tf.setBackend('${backend}') failed`);
    await tf.ready();
    return { adapter: wasm ? wasm() : backend === 'webgl' ? webglRenderer() : adapter };
  },
  async step(req) {
    if (needsMnist(req.preset) && !mnist) {
      mnist = { mnist: await loadMnist(async (file) => new Uint8Array(await (await fetch(`/mnist/${file}`)).arrayBuffer())) };
    }
    return timeSteps(tf, req, mnist ?? {});
  },
};

(self as unknown as { ganBench: BrowserApi }).ganBench = api;
