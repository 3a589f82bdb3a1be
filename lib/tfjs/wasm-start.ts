import type * as tfType from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './wasm-training-kernels';
import { installWasmThreads, THREADED_MAIN_SCRIPT, type ThreadScope, type WasmRuntime } from './wasm-threads';

/**
 * Prepares wasm in a browser scope the one way GAN Studio trains on it: binaries from `wasmPath`, threaded SIMD where
 * the scope is cross-origin isolated (its pthreads loading the unminified glue from the same folder), single-threaded
 * SIMD otherwise or if the threads fail to start, and the training kernels wasm lacks or runs as scalar loops. The app's
 * training worker and the GPU bench's worker both call it, so the bench times wasm as the app starts it.
 *
 * `threads`: true for the default count (`defaultThreadCount`), false for the single-threaded build, a number for that
 * many XNNPACK threads in the threaded build. Call before `tf.setBackend('wasm')`; the returned function tells how
 * wasm runs once it has started (null before, or when another backend was chosen).
 */
export function prepareWasm(tf: typeof tfType, wasmPath: string, scope: ThreadScope & { location: { href: string } }, threads: boolean | number = true): () => WasmRuntime | null {
  setWasmPaths(wasmPath);
  const runtime = installWasmThreads(tf, {
    mainScriptUrl: new URL(`${wasmPath}${THREADED_MAIN_SCRIPT}`, scope.location.href).href,
    scope,
    enabled: threads !== false,
    ...(typeof threads === 'number' ? { threads } : {}),
  });
  registerWasmTrainingKernels(tf);
  return runtime;
}
