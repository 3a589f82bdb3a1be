import type { CastAttrs, CastInputs, IdentityInputs, KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/**
 * wasm's `Identity` and `Cast` copy their input into a new heap buffer even when nothing changes
 * (tfjs-backend-wasm kernels/Identity.ts, Cast.ts). Tensors are immutable, so the output can share the input's buffer,
 * as wasm's own Reshape does (kernels/Reshape.ts: `incRef`, then the same dataId) and as the cpu backend's Identity
 * does; the buffer is freed when its last tensor is. The copies were not rare: the engine clones every tensor a
 * gradient saves for the backward pass (tfjs-core engine.ts `saveTensorsForBackwardMode`), 125 clones in a ring8-2d
 * step and 88 whole activations in a dcgan-mnist step, which also casts activations from float32 to float32 ten times.
 * Bit-identical: no value is computed.
 *
 * Strings live off the heap and casts that convert go to `fallback`, wasm's kernel.
 */
export function identityKernel(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as IdentityInputs;
    if (!x) throw new Error('Identity (wasm): needs input x.');
    return x.dtype === 'string' ? fallback(args) : shared(args.backend as KernelBackend, x);
  };
}

export function castKernel(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as CastInputs;
    const { dtype } = args.attrs as unknown as CastAttrs;
    if (!x) throw new Error('Cast (wasm): needs input x.');
    return x.dtype === dtype && dtype !== 'string' ? shared(args.backend as KernelBackend, x) : fallback(args);
  };
}

function shared(backend: KernelBackend, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
