import type * as tfType from '@tensorflow/tfjs';

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

/**
 * Picks the backend: the user's choice when given, else the first of BACKEND_ORDER that initialises and computes
 * 1 + 1 correctly. `tf.setBackend` resolves to false on failure while `tf.getBackend()` may still name the failed
 * backend (tfjs 4.22 engine.ts), so both the boolean and a warm-up result are checked.
 */
export async function selectBackend(
  tf: typeof tfType,
  gpu: GpuProbe,
  preferred?: BackendName,
): Promise<BackendChoice> {
  const order: BackendName[] = preferred ? [preferred, ...BACKEND_ORDER.filter((b) => b !== preferred)] : [...BACKEND_ORDER];
  const attempts: BackendAttempt[] = [];
  for (const backend of order) {
    if (backend === 'webgpu' && !gpu.available) {
      attempts.push({ backend, ok: false, reason: 'no WebGPU adapter on this device' });
      continue;
    }
    const failure = await tryBackend(tf, backend);
    attempts.push({ backend, ok: failure === null, reason: failure ?? 'ready' });
    if (failure !== null) continue;
    const why =
      preferred === backend
        ? 'chosen by you'
        : backend === 'webgpu'
          ? `WebGPU adapter: ${gpu.description ?? 'unknown'}${gpu.software ? ' (software, no GPU)' : ''}`
          : `first that works of ${BACKEND_ORDER.join(' → ')}`;
    return { backend, reason: why, attempts, adapter: gpu.description };
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
