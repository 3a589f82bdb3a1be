import type { ConfigDict, Kwargs, LayerArgs, LayerVariable, Shape, Tensor, Tf } from '../tf';
import { spectralNormalize } from './spectral';
import { activate, checkActivation, isTraining, single, singleShape, withName, type ActivationName } from './util';

export type SpectralDenseArgs = LayerArgs & { units: number; useBias?: boolean; activation?: string };

/**
 * tf.layers.dense with a spectrally normalised kernel (Miyato 2018; see spectral.ts). Same config, same weights (kernel
 * [in, units] glorot-uniform, bias [units] zeros: tfjs-layers layers/core.ts Dense) plus the non-trainable power-iteration
 * vector u [units]. Like tfjs Dense it applies to the last axis of an input of any rank ≥ 2.
 */
export function defineSpectralDense(tf: Tf) {
  return class SpectralDense extends tf.layers.Layer {
    static className = 'GanStudio>SpectralDense';
    readonly units: number;
    readonly useBias: boolean;
    readonly activation: ActivationName;
    kernel: LayerVariable | null = null;
    bias: LayerVariable | null = null;
    u: LayerVariable | null = null;

    constructor(args: SpectralDenseArgs) {
      super(withName(args, 'spectral_dense'));
      this.units = args.units;
      this.useBias = args.useBias ?? true;
      this.activation = checkActivation(args.activation);
    }

    override build(inputShape: Shape | Shape[]): void {
      const s = singleShape(inputShape);
      const inUnits = s[s.length - 1];
      if (s.length < 2 || inUnits == null) throw new Error(`spectralDense needs [batch, …, features] with known features; got [${s.join(', ')}]`);
      this.kernel = this.addWeight('kernel', [inUnits, this.units], 'float32', tf.initializers.glorotUniform({}), undefined, true);
      if (this.useBias) this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros(), undefined, true);
      this.u = this.addWeight('u', [this.units], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 1 }), undefined, false);
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      const s = singleShape(inputShape);
      return [...s.slice(0, -1), this.units];
    }

    /** The kernel divided by the current σ estimate, without updating u. */
    normalizedKernel(): Tensor {
      if (!this.kernel || !this.u) throw new Error('spectralDense used before it was built');
      return spectralNormalize(tf, this.kernel.read(), this.u, false);
    }

    override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        if (!this.kernel || !this.u) throw new Error('spectralDense used before it was built');
        const x = single(inputs);
        const k = spectralNormalize(tf, this.kernel.read(), this.u, isTraining(kwargs));
        const inUnits = k.shape[0]!;
        let y = x.rank === 2 ? tf.matMul(x, k) : tf.reshape(tf.matMul(tf.reshape(x, [-1, inUnits]), k), [...x.shape.slice(0, -1), this.units]);
        if (this.bias) y = tf.add(y, this.bias.read());
        return activate(tf, this.activation, y);
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), units: this.units, useBias: this.useBias, activation: this.activation };
    }
  };
}
