import type { TorchIO } from '../types';

/**
 * What PyTorch's side of a layer shares: activations as functions, and Keras's "same" padding, which for strided
 * convolutions pads more at the bottom and right (tf.nn conv2d; tfjs-core conv_util.ts getPadAndOutInfo) than PyTorch's
 * symmetric `padding` can say.
 */

/** The activation `name` applied to the Python expression `x`. */
export function torchActivation(name: string, x: string, io: Pick<TorchIO, 'num'>, alpha = 0.2): string {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
    case 'tanh':
    case 'sigmoid':
      return `torch.${name}(${x})`;
    case 'elu':
    case 'selu':
    case 'softplus':
      return `F.${name}(${x})`;
    case 'leakyReLU':
      return `F.leaky_relu(${x}, ${io.num(alpha)})`;
    default:
      throw new Error(`no PyTorch form for the activation "${name}"`);
  }
}

/** Keras "same" padding along one axis: [before, after] (after gets the odd one). */
export function samePadding(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}


/** tfjs conv kernels are [kh, kw, in, out] (transposed: [kh, kw, out, in]); PyTorch's are [out, in, kh, kw] ([in, out, kh, kw]). */
export const KERNEL_TO_TORCH = [3, 2, 0, 1] as const;
