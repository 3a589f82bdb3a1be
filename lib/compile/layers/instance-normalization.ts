import type { ConfigDict, Kwargs, LayerArgs, LayerVariable, Shape, Tensor, Tf } from '../tf';
import { nhwcChannels, single, singleShape, withName } from './util';

export type InstanceNormalizationArgs = LayerArgs & { epsilon?: number; affine?: boolean };

/**
 * Instance normalisation (Ulyanov 2016): each channel of each example is normalised over height and width, so the
 * statistics never mix examples (CycleGAN's generators use it where DCGAN uses batch norm). With `affine`, a learned
 * per-channel scale (gamma, from 1) and offset (beta, from 0), as PyTorch's InstanceNorm2d(affine=True).
 */
export function defineInstanceNormalization(tf: Tf) {
  return class InstanceNormalization extends tf.layers.Layer {
    static className = 'GanStudio>InstanceNormalization';
    readonly epsilon: number;
    readonly affine: boolean;
    gamma: LayerVariable | null = null;
    beta: LayerVariable | null = null;

    constructor(args: InstanceNormalizationArgs = {}) {
      super(withName(args, 'instance_normalization'));
      this.epsilon = args.epsilon ?? 1e-5;
      this.affine = args.affine ?? true;
    }

    override build(inputShape: Shape | Shape[]): void {
      const c = nhwcChannels(singleShape(inputShape), 'instanceNormalization');
      if (this.affine) {
        this.gamma = this.addWeight('gamma', [c], 'float32', tf.initializers.ones(), undefined, true);
        this.beta = this.addWeight('beta', [c], 'float32', tf.initializers.zeros(), undefined, true);
      }
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return singleShape(inputShape);
    }

    override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        const x = single(inputs);
        const { mean, variance } = tf.moments(x, [1, 2], true);
        const y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
        if (!this.gamma || !this.beta) return y;
        return tf.add(tf.mul(y, this.gamma.read()), this.beta.read());
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), epsilon: this.epsilon, affine: this.affine };
    }
  };
}
