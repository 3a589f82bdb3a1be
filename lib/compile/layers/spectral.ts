import type { LayerVariable, Tensor, Tf } from '../tf';

/** Miyato's reference code normalises with this epsilon (sngan_projection, `_l2normalize(v, eps=1e-12)`). */
const EPSILON = 1e-12;

/**
 * Spectral normalisation (Miyato 2018, Algorithm 1) of a kernel whose last axis has `cols` entries: the kernel is seen
 * as a matrix W [rows, cols] (dense [in, units]; conv2d [kh·kw·cin, filters]; conv2dTranspose [kh·kw·filters, cin],
 * tfjs keeping the transposed kernel's input channels last), and `u` [cols] is the running estimate of its first right
 * singular vector. One power-iteration step per call,
 *
 *   v ← W u / ‖W u‖,  u′ ← Wᵀ v / ‖Wᵀ v‖,  σ ≈ vᵀ W u′,
 *
 * and the kernel is divided by σ. u′ and v are constants to the backward pass, as in the paper (§2.1: the gradient is
 * taken through W/σ(W) with u, v fixed) and in torch.nn.utils.spectral_norm (which computes them under no_grad), so
 * ∂σ/∂W = v u′ᵀ. They come out of one tf.customGrad op whose gradient is zero: ops inside a custom op's forward
 * function are not recorded on the tape (tfjs-core engine.ts runKernelFunc raises kernelDepth), so no gradient is
 * computed through the iteration at all.
 *
 * With `training`, u takes the value u′: `LayerVariable.write` assigns the non-trainable variable to a tensor that is
 * not on the path to any trainable variable, which is safe under tf.variableGrads (the optimizers assign the same way)
 * and keeps memory flat, because the variable takes over the new data buffer and drops the old one (tfjs-core
 * tensor.ts Variable.assign). The u update is the only state change; inference reads u and leaves it alone.
 */
export function spectralNormalize(tf: Tf, kernel: Tensor, u: LayerVariable, training: boolean): Tensor {
  return tf.tidy(() => {
    const cols = kernel.shape[kernel.shape.length - 1]!;
    const rows = kernel.size / cols;
    const w = tf.reshape(kernel, [rows, cols]);
    const uv = powerStep(tf)(w, u.read());
    const uNext = tf.slice(uv, [0], [cols]);
    const v = tf.slice(uv, [cols], [rows]);
    const sigma = tf.sum(tf.mul(tf.reshape(v, [rows, 1]), tf.matMul(w, tf.reshape(uNext, [cols, 1]))));
    if (training) u.write(uNext);
    return tf.div(kernel, sigma);
  });
}

const steps = new WeakMap<Tf, (w: Tensor, u: Tensor) => Tensor>();

/** [u′; v] from (W, u), as one op with a zero gradient (see spectralNormalize). */
function powerStep(tf: Tf): (w: Tensor, u: Tensor) => Tensor {
  let step = steps.get(tf);
  if (step) return step;
  const l2normalize = (x: Tensor) => tf.div(x, tf.add(tf.norm(x), EPSILON));
  step = tf.customGrad((...args) => {
    const [w, u] = args as [Tensor, Tensor];
    const [rows, cols] = w.shape as [number, number];
    const v = l2normalize(tf.matMul(w, tf.reshape(u, [cols, 1])));
    const uNext = l2normalize(tf.matMul(w, v, true, false));
    return {
      value: tf.concat([tf.reshape(uNext, [cols]), tf.reshape(v, [rows])]),
      gradFunc: () => [tf.zerosLike(w), tf.zerosLike(u)],
    };
  });
  steps.set(tf, step);
  return step;
}
