import type { ConfigDict, Kwargs, LayerArgs, Shape, Tensor, Tf } from '../tf';
import { single, singleShape, withName } from './util';

/** Keeps the square root differentiable where the batch has no spread (ProGAN's official code adds 1e-8 too). */
const EPSILON = 1e-8;

/**
 * Minibatch standard deviation (Karras 2018, ProGAN §3): the standard deviation of every feature over the batch,
 * averaged to one number and appended as one more constant feature (2-D) or channel (4-D), so the discriminator can
 * tell a batch that lacks variety. The whole batch is one group (ProGAN splits it into groups of 4; with one group
 * the layer has no batch-size constraint). Population variance, as in the paper's code.
 */
export function defineMinibatchStdDev(tf: Tf) {
  return class MinibatchStdDev extends tf.layers.Layer {
    static className = 'GanStudio>MinibatchStdDev';

    constructor(args: LayerArgs = {}) {
      super(withName(args, 'minibatch_std_dev'));
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      const s = singleShape(inputShape);
      if (s.length !== 2 && s.length !== 4) throw new Error(`minibatchStdDev needs [batch, features] or [batch, h, w, c]; got [${s.join(', ')}]`);
      const c = s[s.length - 1];
      return [...s.slice(0, -1), c == null ? null : c + 1];
    }

    override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        const x = single(inputs);
        const centred = tf.sub(x, tf.mean(x, 0, true));
        const std = tf.sqrt(tf.add(tf.mean(tf.square(centred), 0), EPSILON));
        const s = tf.mean(std);
        // ones × s rather than fill: the feature must stay differentiable in s.
        const feature = tf.mul(tf.ones([...x.shape.slice(0, -1), 1]), s);
        return tf.concat([x, feature], -1);
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig() };
    }
  };
}
