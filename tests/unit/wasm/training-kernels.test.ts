import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it, vi } from 'vitest';
import { registerWasmTrainingKernels } from '../../../lib/tfjs/wasm-training-kernels';
import { expectClose, filled, runKernel, switchTo, type BackendName } from './compare';

const REPLACED = ['Conv2DBackpropInput', 'BatchMatMul', 'Tile', 'Identity', 'Cast', 'Sum', 'Mean', 'Greater', 'LeakyRelu'];
const kernel = (name: string) => tf.getKernel(name, 'wasm') as tf.KernelConfig | undefined;

// Runs first in this file, before anything initialises the wasm backend: a replacement registered then must still
// carry wasm's setupFunc, or its fallback finds wasm's C++ entry point unbound once the backend starts.
describe('registerWasmTrainingKernels', () => {
  const originals = new Map(REPLACED.map((name) => [name, kernel(name)]));

  it('replaces wasm’s Conv2DBackpropInput, BatchMatMul, Tile and the speed-only kernels, keeping their setup, and adds Conv2DBackpropFilter', () => {
    expect(tf.engine().registry.wasm).toBeUndefined(); // wasm not initialised yet
    expect(kernel('Conv2DBackpropFilter')).toBeUndefined();
    registerWasmTrainingKernels(tf);
    expect(kernel('Conv2DBackpropFilter')).toBeDefined();
    for (const name of REPLACED) {
      const original = originals.get(name)!;
      expect(original).toBeDefined();
      expect(kernel(name)!.kernelFunc).not.toBe(original.kernelFunc);
      expect(kernel(name)!.setupFunc).toBe(original.setupFunc);
    }
  });

  it('is idempotent: a second call, even from a second copy of the module, neither re-wraps nor re-registers', async () => {
    const names = [...REPLACED, 'Conv2DBackpropFilter'];
    const before = names.map(kernel);
    registerWasmTrainingKernels(tf);
    vi.resetModules(); // a hot reload's fresh module instance, with the global kernel registry left as it was
    const copy = await import('../../../lib/tfjs/wasm-training-kernels');
    expect(copy.registerWasmTrainingKernels).not.toBe(registerWasmTrainingKernels);
    copy.registerWasmTrainingKernels(tf);
    names.forEach((name, i) => expect(kernel(name)).toBe(before[i]));
  });

  it('falls back to wasm’s kernels once the backend starts (NCHW conv gradient, batched transposed matMul)', async () => {
    const convT = (backend: BackendName) =>
      runKernel(backend, 'Conv2DBackpropInput', () => ({ dy: filled([2, 4, 4, 5], 1), filter: filled([3, 3, 3, 4], 2) }), {
        inputShape: [2, 3, 8, 7],
        strides: 2,
        pad: 'same',
        dataFormat: 'NCHW',
      });
    const matMul = (backend: BackendName) =>
      runKernel(backend, 'BatchMatMul', () => ({ a: filled([3, 6, 4], 1), b: filled([3, 6, 5], 2) }), {
        transposeA: true,
        transposeB: false,
      });
    await switchTo('wasm');
    for (const run of [convT, matMul]) {
      const actual = await run('wasm');
      const expected = await run('cpu');
      expect(actual.shape).toEqual(expected.shape);
      expectClose(actual.values, expected.values);
    }
  });
});
