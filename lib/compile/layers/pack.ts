import type { ConfigDict, Kwargs, LayerArgs, Shape, Tensor, Tf } from '../tf';
import { single, singleShape, withName } from './util';

/**
 * PacGAN packing (Lin et al. 2018): every m consecutive examples of the batch become one, their features concatenated
 * ([B, d] → [B/m, m·d]), so the discriminator scores m samples jointly and a generator that repeats itself shows.
 * The batch dimension changes, which tf.layers.reshape (per example) cannot do. Real and generated batches reach D in
 * separate calls, so a pack never mixes the two.
 */
export function definePack(tf: Tf) {
  return class Pack extends tf.layers.Layer {
    static className = 'GanStudio>Pack';
    readonly m: number;

    constructor(args: LayerArgs & { m?: number } = {}) {
      const { m = 2, ...rest } = args;
      super(withName(rest, 'pack'));
      if (!Number.isInteger(m) || m < 1) throw new Error(`pack needs a whole number m ≥ 1; got ${m}`);
      this.m = m;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      const s = singleShape(inputShape);
      const d = s[1];
      if (s.length !== 2) throw new Error(`pack needs [batch, features]; got [${s.join(', ')}]`);
      const b = s[0];
      return [b == null ? null : b / this.m, d == null ? null : d * this.m];
    }

    override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
      const x = single(inputs);
      const [b, d] = x.shape as [number, number];
      // Said in figures rather than left to reshape's "size mismatch".
      if (b % this.m !== 0) throw new Error(`pack: the batch of ${b} examples is not a multiple of m = ${this.m}; make the batch size a multiple of ${this.m}`);
      return tf.reshape(x, [b / this.m, d * this.m]);
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), m: this.m };
    }
  };
}
