import type * as tfType from '@tensorflow/tfjs';

/**
 * Comparison kernels are flat almost everywhere, so their gradient is zero; tfjs 4.22 registers none, which breaks
 * second-order gradients: the gradient of LeakyReLU (and of Prelu, Maximum, ClipByValue) is written with
 * `greater`/`greaterEqual`/`less` masks (tfjs-core src/gradients/LeakyRelu_grad.ts), so differentiating it again —
 * as WGAN-GP's and R1's penalties do — failed with "gradient function not found for Greater".
 */
const COMPARISONS = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual'] as const;

export function registerComparisonGradients(tf: typeof tfType): void {
  for (const kernelName of COMPARISONS) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const [a, b] = saved as [tfType.Tensor, tfType.Tensor];
        return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
      },
    });
  }
}
