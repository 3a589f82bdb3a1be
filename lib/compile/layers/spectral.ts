import type { ConfigDict, Kwargs, LayerArgs, LayerVariable, Shape, Tensor, Tf } from '../tf';
import { activate, checkActivation, isTraining, single, singleShape, withName, type ActivationName } from './util';

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
function spectralNormalize(tf: Tf, kernel: Tensor, u: LayerVariable, training: boolean): Tensor {
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

export type SpectralArgs = LayerArgs & { useBias?: boolean; activation?: string };

/**
 * What the spectral layers share: the weights — kernel (glorot-uniform), bias [outputSize()] (zeros, with useBias) and
 * the non-trainable power-iteration vector u over the kernel's last axis (standard normal), added in that order, which
 * saved models and checkpoints depend on — the normalised kernel, and a call that is `forward(x, W/σ)` plus bias and
 * activation. A concrete layer gives its kernel shape, its bias size, its output shape, its forward op and the config
 * entries before useBias and activation.
 */
export function defineSpectralLayer(tf: Tf) {
  abstract class SpectralLayer extends tf.layers.Layer {
    readonly useBias: boolean;
    readonly activation: ActivationName;
    kernel: LayerVariable | null = null;
    bias: LayerVariable | null = null;
    u: LayerVariable | null = null;
    /** The factory name, for messages. */
    protected readonly factory: string;

    constructor(args: SpectralArgs, factory: string, defaultName: string) {
      super(withName(args, defaultName));
      this.factory = factory;
      this.useBias = args.useBias ?? true;
      this.activation = checkActivation(args.activation);
    }

    /** The kernel's shape for an input shape (throwing if the layer cannot take it); u runs over its last axis. */
    protected abstract kernelShape(input: Shape): number[];
    protected abstract outputSize(): number;
    protected abstract forward(x: Tensor, kernel: Tensor): Tensor;
    /** The layer's own config entries, which come before useBias and activation. */
    protected abstract ownConfig(): ConfigDict;

    override build(inputShape: Shape | Shape[]): void {
      const shape = this.kernelShape(singleShape(inputShape));
      this.kernel = this.addWeight('kernel', shape, 'float32', tf.initializers.glorotUniform({}), undefined, true);
      if (this.useBias) this.bias = this.addWeight('bias', [this.outputSize()], 'float32', tf.initializers.zeros(), undefined, true);
      this.u = this.addWeight('u', [shape[shape.length - 1]!], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 1 }), undefined, false);
      this.built = true;
    }

    /** The kernel divided by the current σ estimate, without updating u. */
    normalizedKernel(): Tensor {
      if (!this.kernel || !this.u) throw new Error(`${this.factory} used before it was built`);
      return spectralNormalize(tf, this.kernel.read(), this.u, false);
    }

    override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        if (!this.kernel || !this.u) throw new Error(`${this.factory} used before it was built`);
        const x = single(inputs);
        let y = this.forward(x, spectralNormalize(tf, this.kernel.read(), this.u, isTraining(kwargs)));
        if (this.bias) y = tf.add(y, this.bias.read());
        return activate(tf, this.activation, y);
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), ...this.ownConfig(), useBias: this.useBias, activation: this.activation };
    }
  }
  return SpectralLayer;
}
