'use client';
import { useEffect, useState } from 'react';
import type { BackendChoice } from '../lib/train/backends';
import type { FromWorker, ToWorker } from '../lib/train/protocol';

export type BackendState = { phase: 'probing' } | { phase: 'ready'; choice: BackendChoice } | { phase: 'failed'; message: string };

/** Starts the training worker and reports which tfjs backend it would train on. */
export function useBackend(): BackendState {
  const [state, setState] = useState<BackendState>({ phase: 'probing' });
  useEffect(() => {
    const worker = new Worker(new URL('../lib/train/training.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      if (m.type === 'backend') setState({ phase: 'ready', choice: m.choice });
      else if (m.type === 'error') setState({ phase: 'failed', message: m.message });
    };
    worker.onerror = (ev) => setState({ phase: 'failed', message: ev.message || 'the training worker failed to start' });
    const init: ToWorker = { type: 'init', wasmPath: '/vendor/tfjs-wasm/' };
    worker.postMessage(init);
    return () => worker.terminate();
  }, []);
  return state;
}
