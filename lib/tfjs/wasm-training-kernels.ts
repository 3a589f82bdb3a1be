import { batchMatMulKernel } from './wasm-batch-mat-mul';
import { conv2DBackpropFilterKernel } from './wasm-conv2d-backprop-filter';
import { conv2DBackpropInputKernel } from './wasm-conv2d-backprop-input';
import { addWasmKernel, replaceWasmKernel, type Tf } from './wasm-kernel-util';
import { tileKernel } from './wasm-tile';

/**
 * Makes tfjs-backend-wasm 4.22 fit for training conv nets. Adds the kernel it lacks, `Conv2DBackpropFilter` (the filter
 * gradient of conv2d and of conv2dTranspose), and replaces three that ran as scalar loops on a DCGAN's training step
 * with compositions that reach XNNPACK or plain block copies:
 *
 * - `Conv2DBackpropInput` — dx of conv2d and the forward pass of conv2dTranspose (wasm-conv2d-backprop-input.ts);
 * - `BatchMatMul` with transposeA/transposeB — every dense layer's gradient (wasm-batch-mat-mul.ts);
 * - `Tile` — batchNorm's gradient (wasm-tile.ts).
 *
 * Each replacement keeps wasm's kernel as its fallback for the configurations it does not handle. Idempotent, and
 * safe to call before or after `tf.setBackend('wasm')`; kernels are looked up when they run. Call it after importing
 * '@tensorflow/tfjs-backend-wasm': the replacements need wasm's kernels registered to replace them.
 */
export function registerWasmTrainingKernels(tf: Tf): void {
  addWasmKernel(tf, 'Conv2DBackpropFilter', conv2DBackpropFilterKernel(tf));
  replaceWasmKernel(tf, 'Conv2DBackpropInput', (original) => conv2DBackpropInputKernel(tf, original));
  replaceWasmKernel(tf, 'BatchMatMul', (original) => batchMatMulKernel(tf, original));
  replaceWasmKernel(tf, 'Tile', (original) => tileKernel(original));
}
