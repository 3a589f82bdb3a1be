import { drawn } from '../../tfjs/random-tap';
import type { ConfigDict, Kwargs, LayerArgs, LayerVariable, Shape, Tensor, Tf } from '../tf';
import { nhwcChannels, single, singleShape, withName } from './util';

/**
 * StyleGAN's noise inputs (Karras 2019 §3.2, "B" in fig. 1): one Gaussian noise image [batch, h, w, 1] per call,
 * added to every channel scaled by a learned per-channel weight that starts at 0 (as in the official code), so a fresh
 * layer is the identity.
 *
 * Noise is added on every call, in training and in inference alike: in StyleGAN it is part of the generator's input
 * (it drives stochastic detail such as hair placement), not a regulariser like tf.layers.gaussianNoise, which only
 * acts while training. Random draws fall back to Math.random when unseeded (tfjs-core ops/rand_util.ts), so a seeded
 * Math.random makes runs reproducible.
 */
export function defineNoiseInjection(tf: Tf) {
  return class NoiseInjection extends tf.layers.Layer {
    static className = 'GanStudio>NoiseInjection';
    weight: LayerVariable | null = null;

    constructor(args: LayerArgs = {}) {
      super(withName(args, 'noise_injection'));
    }

    override build(inputShape: Shape | Shape[]): void {
      const c = nhwcChannels(singleShape(inputShape), 'noiseInjection');
      this.weight = this.addWeight('weight', [c], 'float32', tf.initializers.zeros(), undefined, true);
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return singleShape(inputShape);
    }

    override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        if (!this.weight) throw new Error('noiseInjection used before it was built');
        const x = single(inputs);
        const [b = 1, h = 1, w = 1] = x.shape;
        const noise = drawn(tf, tf.randomNormal([b, h, w, 1]));
        return tf.add(x, tf.mul(noise, this.weight.read()));
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig() };
    }
  };
}
