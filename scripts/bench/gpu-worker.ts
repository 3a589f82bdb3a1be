// The GPU bench's browser side: esbuild bundles this into the dedicated worker of a blank page that gpu.bench.ts
// serves on localhost, as the app trains in a worker (lib/train/training.worker.ts). Playwright calls
// `self.ganBench(...)` inside the worker; it answers with the step times and what the backend ran on.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { loadMnist } from '../../lib/data/mnist';
import type { ImageSets } from '../../lib/data/source';
import { probeWebGpu } from '../../lib/train/backends';
import { needsMnist, timeSteps, type StepRequest, type StepResult } from './gpu-step';

/** What `init` answers: the adapter (WebGPU) or renderer (WebGL) the backend runs on. */
export type BrowserInit = { adapter: string };
export type BrowserApi = { init(backend: 'webgpu' | 'webgl'): Promise<BrowserInit>; step(req: StepRequest): Promise<StepResult> };

/** The renderer the WebGL context runs on (UNMASKED_RENDERER_WEBGL where the browser exposes it). */
function webglRenderer(): string {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (!gl) return 'unknown WebGL renderer';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

let mnist: ImageSets | null = null;

const api: BrowserApi = {
  async init(backend) {
    let adapter = '';
    if (backend === 'webgpu') {
      const probe = await probeWebGpu(self.navigator);
      if (!probe.available) throw new Error('no WebGPU adapter in this browser');
      adapter = `${probe.description ?? 'unnamed'}${probe.software ? ' (software)' : ''}`;
    }
    if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) throw new Error(`tf.setBackend('${backend}') failed`);
    await tf.ready();
    return { adapter: backend === 'webgl' ? webglRenderer() : adapter };
  },
  async step(req) {
    if (needsMnist(req.preset) && !mnist) {
      mnist = { mnist: await loadMnist(async (file) => new Uint8Array(await (await fetch(`/mnist/${file}`)).arrayBuffer())) };
    }
    return timeSteps(tf, req, mnist ?? {});
  },
};

(self as unknown as { ganBench: BrowserApi }).ganBench = api;
