import type { ConfigDict, Kwargs, LayerArgs, Shape, Tensor, Tf } from '../tf';
import { nhwcChannels, single, singleShape, withName } from './util';

export type PixelShuffleArgs = LayerArgs & { factor: number };

/**
 * Sub-pixel up-sampling (Shi et al. 2016, "Real-Time Single Image and Video Super-Resolution Using an Efficient
 * Sub-Pixel Convolutional Neural Network"), with TensorFlow's depth_to_space channel order (DCR): output pixel
 * (h·r + i, w·r + j), channel c reads input channel (i·r + j)·C + c. tf.depthToSpace computes the same forward but
 * has no registered gradient in tfjs 4.22 (tfjs-core src/gradients has no DepthToSpace_grad), so this layer is a
 * reshape and a transpose, both differentiable on every backend.
 */
export function definePixelShuffle(tf: Tf) {
  return class PixelShuffle extends tf.layers.Layer {
    static className = 'GanStudio>PixelShuffle';
    readonly factor: number;

    constructor(args: PixelShuffleArgs) {
      super(withName(args, 'pixel_shuffle'));
      this.factor = args.factor;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      const s = singleShape(inputShape);
      const c = nhwcChannels(s, 'pixelShuffle');
      const r = this.factor;
      if (c % (r * r) !== 0) throw new Error(`pixelShuffle ×${r} needs channels divisible by ${r * r}; got ${c}`);
      return [s[0] ?? null, s[1] == null ? null : s[1] * r, s[2] == null ? null : s[2] * r, c / (r * r)];
    }

    override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        const x = single(inputs);
        const [b, h, w, c] = x.shape as [number, number, number, number];
        const r = this.factor;
        const out = c / (r * r);
        // [b, h, w, i, j, C] → [b, h, i, w, j, C] → [b, h·r, w·r, C]
        const split = tf.reshape(x, [b, h, w, r, r, out]);
        return tf.reshape(tf.transpose(split, [0, 1, 3, 2, 4, 5]), [b, h * r, w * r, out]);
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), factor: this.factor };
    }
  };
}
