import type { ConfigDict, Kwargs, LayerArgs, LayerVariable, Shape, Tensor, Tf } from '../tf';
import { shapeList, withName } from './util';

export type AdaInArgs = LayerArgs & { epsilon?: number };

/**
 * Adaptive instance normalisation (Huang 2017; StyleGAN, Karras 2019 eq. 1): AdaIN(x, w) = y_s · (x − μ(x)) / σ(x) + y_b,
 * with μ, σ per example and channel over h, w, and (y_s, y_b) = A(w), a learned affine map (StyleGAN's "A") from the
 * style w [batch, d] to a scale and a bias per channel: kernel d × 2c, bias 2c.
 *
 * The scale half of the bias starts at 1 and the rest of the bias at 0, so a fresh layer multiplies the normalised
 * features by about 1 instead of about 0 — the same start as StyleGAN's official code, which adds 1 to a zero-biased
 * scale (`x * (style[:, 0] + 1) + style[:, 1]`); storing the 1 in the bias keeps the formula plain.
 */
export function defineAdaIn(tf: Tf) {
  return class AdaIN extends tf.layers.Layer {
    static className = 'GanStudio>AdaIN';
    readonly epsilon: number;
    kernel: LayerVariable | null = null;
    bias: LayerVariable | null = null;
    channels = 0;

    constructor(args: AdaInArgs = {}) {
      super(withName(args, 'ada_in'));
      this.epsilon = args.epsilon ?? 1e-5;
    }

    override build(inputShape: Shape | Shape[]): void {
      const [x, w] = shapeList(inputShape, 2, 'adaIN') as [Shape, Shape];
      const c = x[3];
      const d = w[1];
      if (x.length !== 4 || c == null) throw new Error(`adaIN's features need [batch, h, w, c] with known c; got [${x.join(', ')}]`);
      if (w.length !== 2 || d == null) throw new Error(`adaIN's style needs [batch, d] with known d; got [${w.join(', ')}]`);
      this.channels = c;
      this.kernel = this.addWeight('kernel', [d, 2 * c], 'float32', tf.initializers.glorotUniform({}), undefined, true);
      const bias = this.addWeight('bias', [2 * c], 'float32', tf.initializers.zeros(), undefined, true);
      tf.tidy(() => void bias.write(tf.concat([tf.ones([c]), tf.zeros([c])])));
      this.bias = bias;
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return shapeList(inputShape, 2, 'adaIN')[0]!;
    }

    override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        if (!Array.isArray(inputs) || inputs.length !== 2) throw new Error('adaIN takes two inputs: [features, style]');
        const [x, w] = inputs as [Tensor, Tensor];
        if (!this.kernel || !this.bias) throw new Error('adaIN used before it was built');
        const c = this.channels;
        const { mean, variance } = tf.moments(x, [1, 2], true);
        const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
        const style = tf.add(tf.matMul(w, this.kernel.read()), this.bias.read());
        const scale = tf.reshape(tf.slice(style, [0, 0], [-1, c]), [-1, 1, 1, c]);
        const shift = tf.reshape(tf.slice(style, [0, c], [-1, c]), [-1, 1, 1, c]);
        return tf.add(tf.mul(normalised, scale), shift);
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), epsilon: this.epsilon };
    }
  };
}
