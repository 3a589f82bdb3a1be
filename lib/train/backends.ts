import type * as tfType from '@tensorflow/tfjs';
import type { WasmRuntime } from '../tfjs/wasm-threads';

/** The tfjs backends GAN Studio can train on, in the order tried when the user does not choose. */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

export type BackendAttempt = { backend: BackendName; ok: boolean; reason: string };
export type BackendChoice = {
  backend: BackendName;
  /** Why this backend runs, in words a user reads in the dashboard. */
  reason: string;
  attempts: readonly BackendAttempt[];
  /** What the WebGPU adapter is, when there is one (SwiftShader is a software adapter). */
  adapter: string | null;
  /** How wasm runs (threads, SIMD, and why not threaded), when wasm is the backend. */
  wasm?: WasmRuntime;
};

export type GpuProbe = { available: boolean; software: boolean; description: string | null };

export function isBackendName(s: string): s is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(s);
}

/**
 * Asks the platform for a WebGPU adapter. SwiftShader (Chromium's CPU implementation) counts as available but
 * software, so the caller can say so. Works in a window and in a worker.
 */
export async function probeWebGpu(nav: { gpu?: unknown } | undefined): Promise<GpuProbe> {
  type Adapter = { info?: { vendor?: string; architecture?: string; description?: string }; isFallbackAdapter?: boolean };
  const gpu = nav?.gpu as { requestAdapter?: () => Promise<Adapter | null> } | undefined;
  if (!gpu?.requestAdapter) return { available: false, software: false, description: null };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, software: false, description: null };
    const info = adapter.info ?? {};
    const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
    const software = adapter.isFallbackAdapter === true || /swiftshader/i.test(description);
    return { available: true, software, description };
  } catch {
    return { available: false, software: false, description: null };
  }
}

/** Times candidate backends on a short conv trial, fastest first (lib/tfjs/backend-trial.ts in the app). */
export type BackendTrialFn = (candidates: readonly BackendName[]) => Promise<{ ranked: { backend: string; ms: number }[]; failed: { backend: string; reason: string }[] }>;

/**
 * Picks the backend. The user's choice wins when it works; then a real GPU adapter (WebGPU); without one, the
 * backends that exist here are ranked by a short measured trial (`trial`), because on a CPU a backend's name says
 * little about its speed: wasm with XNNPACK usually beats WebGL on SwiftShader and the pure-JS cpu backend.
 * `tf.setBackend` resolves to false on failure while `tf.getBackend()` may still name the failed backend (tfjs 4.22
 * engine.ts), so both the boolean and a warm-up result are checked.
 */
export async function selectBackend(tf: typeof tfType, gpu: GpuProbe, preferred?: BackendName, trial?: BackendTrialFn): Promise<BackendChoice> {
  const attempts: BackendAttempt[] = [];
  const attempt = async (backend: BackendName, why: string): Promise<BackendChoice | null> => {
    if (backend === 'webgpu' && !gpu.available) {
      attempts.push({ backend, ok: false, reason: 'no WebGPU adapter on this device' });
      return null;
    }
    const failure = await tryBackend(tf, backend);
    attempts.push({ backend, ok: failure === null, reason: failure ?? 'ready' });
    return failure === null ? { backend, reason: why, attempts, adapter: gpu.description } : null;
  };
  const gpuName = `WebGPU adapter: ${gpu.description ?? 'unknown'}`;
  if (preferred) {
    const c = await attempt(preferred, preferred === 'webgpu' ? `chosen by you (${gpuName}${gpu.software ? ', software' : ''})` : 'chosen by you');
    if (c) return c;
  }
  if (gpu.available && !gpu.software) {
    const c = await attempt('webgpu', gpuName);
    if (c) return c;
  }
  let order: BackendName[] = BACKEND_ORDER.filter((b) => b !== 'webgpu' || gpu.available);
  let measured = '';
  if (trial) {
    const result = await trial(order);
    for (const r of result.ranked) if (isBackendName(r.backend)) attempts.push({ backend: r.backend, ok: true, reason: `${r.ms.toFixed(1)} ms in the trial` });
    for (const f of result.failed) if (isBackendName(f.backend)) attempts.push({ backend: f.backend, ok: false, reason: f.reason });
    const ranked = result.ranked.map((r) => r.backend).filter(isBackendName);
    if (ranked.length > 0) {
      order = ranked;
      measured = `fastest in a short trial here (${result.ranked.map((r) => `${r.backend} ${r.ms.toFixed(1)} ms`).join(', ')})${gpu.available ? '; the WebGPU adapter is software (SwiftShader)' : '; no GPU adapter'}`;
    }
  }
  for (const backend of order) {
    if (preferred === backend) continue;
    const c = await attempt(backend, measured || (backend === 'webgpu' ? gpuName : `first that works of ${BACKEND_ORDER.join(' → ')}`));
    if (c) return c;
  }
  throw new Error(`No tfjs backend works here: ${attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ')}`);
}

async function tryBackend(tf: typeof tfType, backend: BackendName): Promise<string | null> {
  try {
    if (!tf.findBackend(backend) && !tf.engine().registryFactory[backend]) return 'not registered in this build';
    const ok = await tf.setBackend(backend);
    if (!ok || tf.getBackend() !== backend) return 'failed to initialise';
    await tf.ready();
    const sum = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
    const value = (await sum.data())[0];
    sum.dispose();
    return value === 2 ? null : `warm-up computed 1 + 1 = ${String(value)}`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
