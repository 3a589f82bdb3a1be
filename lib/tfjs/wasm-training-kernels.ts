import { batchMatMulKernel } from './wasm-batch-mat-mul';
import { greaterKernel, leakyReluKernel } from './wasm-branchless';
import { conv2DBackpropFilterKernel } from './wasm-conv2d-backprop-filter';
import { conv2DBackpropInputKernel } from './wasm-conv2d-backprop-input';
import { addWasmKernel, replaceWasmKernel, type Tf } from './wasm-kernel-util';
import { meanKernel, sumKernel } from './wasm-leading-sum';
import { castKernel, identityKernel } from './wasm-shared-buffer';
import { tileKernel } from './wasm-tile';

/** The kernels replaced for speed alone: each returns exactly what wasm's own returns, bit for bit. */
export const SPEED_ONLY_KERNELS = ['Identity', 'Cast', 'Sum', 'Mean', 'Greater', 'LeakyRelu'] as const;

/**
 * Makes tfjs-backend-wasm 4.22 fit for training conv nets. Adds the kernel it lacks, `Conv2DBackpropFilter` (the filter
 * gradient of conv2d and of conv2dTranspose), and replaces three that ran as scalar loops on a DCGAN's training step
 * with compositions that reach XNNPACK or plain block copies:
 *
 * - `Conv2DBackpropInput` — dx of conv2d and the forward pass of conv2dTranspose (wasm-conv2d-backprop-input.ts);
 * - `BatchMatMul` with transposeA/transposeB — every dense layer's gradient (wasm-batch-mat-mul.ts);
 * - `Tile` — batchNorm's gradient (wasm-tile.ts).
 *
 * and speeds up kernels every training step runs many times, each bit-identical to wasm's own:
 *
 * - `Identity`, same-dtype `Cast` — share the input's buffer instead of copying it (wasm-shared-buffer.ts);
 * - `Sum`, `Mean` over leading axes (bias and batch-norm gradients) — no transpose first (wasm-leading-sum.ts);
 * - `Greater`, `LeakyRelu` — loops without a branch per element (wasm-branchless.ts).
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
  replaceWasmKernel(tf, 'Identity', (original) => identityKernel(original));
  replaceWasmKernel(tf, 'Cast', (original) => castKernel(original));
  replaceWasmKernel(tf, 'Sum', (original) => sumKernel(tf, original));
  replaceWasmKernel(tf, 'Mean', (original) => meanKernel(tf, original));
  replaceWasmKernel(tf, 'Greater', (original) => greaterKernel(original));
  replaceWasmKernel(tf, 'LeakyRelu', (original) => leakyReluKernel(original));
}
