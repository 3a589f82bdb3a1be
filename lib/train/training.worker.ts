/// <reference lib="webworker" />
// The dedicated Web Worker that owns tfjs in the browser: training never blocks the page, and the page only
// renders what this worker reports (ARCHITECTURE.md, "Training runs in a dedicated Web Worker").
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { probeWebGpu, selectBackend } from './backends';
import type { FromWorker, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;
const post = (m: FromWorker) => self.postMessage(m);

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if (msg.type === 'init') {
    try {
      setWasmPaths(msg.wasmPath);
      const gpu = await probeWebGpu(self.navigator);
      post({ type: 'backend', choice: await selectBackend(tf, gpu, msg.preferred) });
    } catch (e) {
      post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }
};
