import { drawn } from '../../tfjs/random-tap';
import type { ConfigDict, Kwargs, LayerArgs, Shape, Tensor, Tf } from '../tf';
import { single, singleShape, withName } from './util';

/**
 * Gaussian noise as tf.layers.gaussianNoise adds it — while training x + N(0, stddev²), the identity otherwise
 * (tfjs-layers layers/noise.ts) — drawn through the random tap (lib/tfjs/random-tap.ts), so a recorded run carries it
 * and the PyTorch project can replay it. The draw is tfjs's own (one randomNormal seeded from Math.random), so a
 * seeded run is the same as with tf.layers.gaussianNoise.
 */
export function defineGaussianNoise(tf: Tf) {
  return class GaussianNoise extends tf.layers.Layer {
    static className = 'GanStudio>GaussianNoise';
    readonly stddev: number;

    constructor(args: LayerArgs & { stddev?: number } = {}) {
      super(withName(args, 'gaussian_noise'));
      this.stddev = args.stddev ?? 0.1;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return singleShape(inputShape);
    }

    override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        const x = single(inputs);
        if (kwargs['training'] !== true) return tf.clone(x);
        return tf.add(x, drawn(tf, tf.randomNormal(x.shape, 0, this.stddev)));
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), stddev: this.stddev };
    }
  };
}
