import type { ConfigDict, Kwargs, LayerArgs, LayerVariable, Shape, Tensor, Tf } from '../tf';
import { single, singleShape, withName } from './util';

export type LearnedConstantArgs = LayerArgs & { height: number; width: number; channels: number };

/**
 * StyleGAN's learned constant input (Karras 2019 §2): one trained [h, w, c] tensor, the same for every example. The
 * input's values are ignored; it only gives the batch size, so the layer sits in the functional graph like any other.
 */
export function defineLearnedConstant(tf: Tf) {
  return class LearnedConstant extends tf.layers.Layer {
    static className = 'GanStudio>LearnedConstant';
    readonly height: number;
    readonly width: number;
    readonly channels: number;
    constant: LayerVariable | null = null;

    constructor(args: LearnedConstantArgs) {
      super(withName(args, 'learned_constant'));
      this.height = args.height;
      this.width = args.width;
      this.channels = args.channels;
    }

    override build(_inputShape: Shape | Shape[]): void {
      // StyleGAN initialises the constant to ones (training/networks_stylegan.py, `const` with tf.initializers.ones()).
      this.constant = this.addWeight('constant', [this.height, this.width, this.channels], 'float32', tf.initializers.ones(), undefined, true);
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return [singleShape(inputShape)[0] ?? null, this.height, this.width, this.channels];
    }

    override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        if (!this.constant) throw new Error('learnedConstant used before it was built');
        const batch = single(inputs).shape[0] ?? 1;
        // A broadcast add rather than tf.tile: Tile's gradient is a slice and an add per repeat (tfjs-core
        // gradients/Tile_grad.ts), Add's is one sum over the batch axis.
        return tf.add(tf.zeros([batch, 1, 1, 1]), this.constant.read());
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), height: this.height, width: this.width, channels: this.channels };
    }
  };
}
