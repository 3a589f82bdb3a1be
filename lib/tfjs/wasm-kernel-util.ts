import type * as tfType from '@tensorflow/tfjs';
import type {
  KernelBackend,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type Tf = typeof tfType;

export const WASM = 'wasm';

/** Runs another registered wasm kernel on TensorInfos, as tfjs backends compose kernels (wasm BatchMatMul → Reshape). */
export function kernelCaller(tf: Tf, backend: KernelBackend, owner: string) {
  return (name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo => {
    const kernel = tf.getKernel(name, WASM) as KernelConfig | undefined;
    if (!kernel) throw new Error(`${owner} (wasm): this tfjs-backend-wasm has no ${name} kernel to build on.`);
    const out = kernel.kernelFunc({ inputs, backend, attrs });
    if (Array.isArray(out)) throw new Error(`${owner} (wasm): ${name} returned several tensors, expected one.`);
    return out;
  };
}

/**
 * Intermediate tensors of one kernel call, freed together however the call ends. A kernel's temporaries never reach
 * the engine, so nothing else would free them (wasm's own BatchMatMul disposes its reshapes the same way).
 */
export function scratch(backend: KernelBackend) {
  const temps: TensorInfo[] = [];
  const keep = <T extends TensorInfo>(t: T): T => {
    temps.push(t);
    return t;
  };
  const dispose = () => {
    for (const t of temps) backend.disposeData(t.dataId);
    temps.length = 0;
  };
  return { keep, dispose };
}

/**
 * The wasm backend's JS side, for kernels that read and write the heap directly as wasm's own JS kernels do
 * (tfjs-backend-wasm kernels/Slice.ts). `makeOutput` allocates on the heap and may grow it, which detaches earlier
 * views, so callers take `typedArrayFromHeap` views only after their last allocation.
 */
export function asWasm(backend: unknown): BackendWasm {
  const be = backend as Partial<BackendWasm>;
  if (typeof be.makeOutput !== 'function' || typeof be.typedArrayFromHeap !== 'function') {
    throw new Error('wasm kernel: the backend is not tfjs-backend-wasm (no makeOutput / typedArrayFromHeap).');
  }
  return backend as BackendWasm;
}

/**
 * Marks the replacements registered here, so a second registration does not wrap one replacement in another. A global
 * symbol rather than a module-level set: the kernel registry is global, and a second copy of this module (a dev
 * server's hot reload, two bundles in one page) must recognise the first copy's kernels too.
 */
const REPLACEMENT = Symbol.for('gan-studio.wasm-training-kernel');
const isReplacement = (f: KernelFunc) => REPLACEMENT in f;

/**
 * wasm's own kernel that `name`'s registered replacement stands in for, or undefined when `name` is not replaced.
 */
export function wasmOwnKernel(tf: Tf, name: string): KernelConfig | undefined {
  const current = tf.getKernel(name, WASM) as KernelConfig | undefined;
  if (!current || !isReplacement(current.kernelFunc)) return undefined;
  return (current.kernelFunc as unknown as Record<symbol, KernelConfig>)[REPLACEMENT];
}

/**
 * Runs `fn` with wasm's own kernels registered in place of the named replacements, and puts the replacements back when
 * it returns or, for a promise, settles. The bench and the tests hold replacements to wasm's own results and speed with
 * it, in one process. Throws, registering nothing, when a name has no replacement.
 */
export function withWasmOwnKernels<T>(tf: Tf, names: readonly string[], fn: () => T): T {
  const own = names.map((name) => {
    const kernel = wasmOwnKernel(tf, name);
    if (!kernel) throw new Error(`wasm's ${name} is not replaced, so there is no own kernel to put back`);
    return kernel;
  });
  const replacements = names.map((name) => tf.getKernel(name, WASM) as KernelConfig);
  const register = (configs: KernelConfig[]) =>
    configs.forEach((c) => {
      tf.unregisterKernel(c.kernelName, WASM);
      tf.registerKernel(c);
    });
  register(own);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    register(replacements);
    throw e;
  }
  if (result instanceof Promise) return result.finally(() => register(replacements)) as T;
  register(replacements);
  return result;
}

/**
 * Replaces wasm's kernel `name` with `make(original)`, keeping the original's setupFunc and disposeFunc (wasm binds its
 * C++ entry points in setupFunc, which the engine calls on every `setBackend('wasm')`) so the original stays usable as
 * the fallback. Idempotent. Does nothing when wasm has no such kernel (tfjs-backend-wasm not imported yet): there is
 * nothing to fall back to.
 */
export function replaceWasmKernel(tf: Tf, name: string, make: (original: KernelFunc) => KernelFunc): void {
  const original = tf.getKernel(name, WASM) as KernelConfig | undefined;
  if (!original || isReplacement(original.kernelFunc)) return;
  const kernelFunc = make(original.kernelFunc);
  Object.defineProperty(kernelFunc, REPLACEMENT, { value: original });
  tf.unregisterKernel(name, WASM);
  tf.registerKernel({ ...original, kernelFunc });
}

/** Adds a kernel wasm lacks. Idempotent: one already registered (by an earlier call or a future tfjs) is left alone. */
export function addWasmKernel(tf: Tf, name: string, kernelFunc: KernelFunc): void {
  if (tf.getKernel(name, WASM) as KernelConfig | undefined) return;
  tf.registerKernel({ kernelName: name, backendName: WASM, kernelFunc });
}
