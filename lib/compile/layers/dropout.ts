import { drawn } from '../../tfjs/random-tap';
import type { ConfigDict, Kwargs, LayerArgs, Shape, Tensor, Tf } from '../tf';
import { single, singleShape, withName } from './util';

/**
 * Dropout (Srivastava 2014) as tf.layers.dropout computes it — while training, x · ⌊u + keep⌋ / keep with
 * u ~ U[0, 1) and keep = 1 − rate (tfjs-core ops/dropout.ts), the identity otherwise — drawn through the random tap
 * (lib/tfjs/random-tap.ts), so a recorded run carries its masks and the PyTorch project can replay them. The draw is
 * the one tfjs makes (one randomUniform seeded from Math.random), so a seeded run is the same as with tf.layers.dropout.
 */
export function defineDropout(tf: Tf) {
  return class Dropout extends tf.layers.Layer {
    static className = 'GanStudio>Dropout';
    readonly rate: number;

    constructor(args: LayerArgs & { rate?: number } = {}) {
      super(withName(args, 'dropout'));
      this.rate = args.rate ?? 0.5;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return singleShape(inputShape);
    }

    override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        const x = single(inputs);
        if (kwargs['training'] !== true || this.rate <= 0) return tf.clone(x);
        const keep = 1 - this.rate;
        const mask = drawn(tf, tf.div(tf.floor(tf.add(tf.randomUniform(x.shape, 0, 1, 'float32'), keep)), keep));
        return tf.mul(x, mask);
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), rate: this.rate };
    }
  };
}
