import type { ConfigDict, Kwargs, LayerArgs, LayerVariable, Shape, Tensor, Tensor4D, Tf } from '../tf';
import { convOutputLength } from '../../shapes/shape';
import { spectralNormalize } from './spectral';
import { activate, checkActivation, isTraining, single, singleShape, withName, type ActivationName } from './util';

export type SpectralConvArgs = LayerArgs & {
  filters: number;
  kernelSize: number;
  strides?: number;
  padding?: 'same' | 'valid';
  useBias?: boolean;
  activation?: string;
};

/** The config both spectral convolutions share, read once. */
export function convConfig(args: SpectralConvArgs) {
  return {
    filters: args.filters,
    kernelSize: args.kernelSize,
    strides: args.strides ?? 1,
    padding: args.padding ?? 'valid',
    useBias: args.useBias ?? true,
    activation: checkActivation(args.activation),
  };
}

/**
 * tf.layers.conv2d (NHWC, square kernel and strides, dilation 1) with a spectrally normalised kernel (Miyato 2018; see
 * spectral.ts). Same weights as tfjs Conv2D (kernel [k, k, cin, filters] glorot-uniform, bias [filters] zeros;
 * tfjs-layers layers/convolutional.ts) plus the non-trainable power-iteration vector u [filters]. tfjs' default padding
 * is "valid"; the block always passes one.
 */
export function defineSpectralConv2d(tf: Tf) {
  return class SpectralConv2D extends tf.layers.Layer {
    static className = 'GanStudio>SpectralConv2D';
    readonly filters: number;
    readonly kernelSize: number;
    readonly strides: number;
    readonly padding: 'same' | 'valid';
    readonly useBias: boolean;
    readonly activation: ActivationName;
    kernel: LayerVariable | null = null;
    bias: LayerVariable | null = null;
    u: LayerVariable | null = null;

    constructor(args: SpectralConvArgs) {
      super(withName(args, 'spectral_conv2d'));
      const c = convConfig(args);
      this.filters = c.filters;
      this.kernelSize = c.kernelSize;
      this.strides = c.strides;
      this.padding = c.padding;
      this.useBias = c.useBias;
      this.activation = c.activation;
    }

    override build(inputShape: Shape | Shape[]): void {
      const s = singleShape(inputShape);
      const cin = s[3];
      if (s.length !== 4 || cin == null) throw new Error(`spectralConv2d needs [batch, h, w, c] with known c; got [${s.join(', ')}]`);
      const k = this.kernelSize;
      this.kernel = this.addWeight('kernel', [k, k, cin, this.filters], 'float32', tf.initializers.glorotUniform({}), undefined, true);
      if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros(), undefined, true);
      this.u = this.addWeight('u', [this.filters], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 1 }), undefined, false);
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      const [b = null, h = null, w = null] = singleShape(inputShape);
      const out = (d: number | null) => (d == null ? null : convOutputLength(d, this.kernelSize, this.padding, this.strides));
      return [b, out(h), out(w), this.filters];
    }

    /** The kernel divided by the current σ estimate, without updating u. */
    normalizedKernel(): Tensor {
      if (!this.kernel || !this.u) throw new Error('spectralConv2d used before it was built');
      return spectralNormalize(tf, this.kernel.read(), this.u, false);
    }

    override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        if (!this.kernel || !this.u) throw new Error('spectralConv2d used before it was built');
        const x = single(inputs) as Tensor4D;
        const k = spectralNormalize(tf, this.kernel.read(), this.u, isTraining(kwargs)) as Tensor4D;
        let y: Tensor = tf.conv2d(x, k, this.strides, this.padding);
        if (this.bias) y = tf.add(y, this.bias.read());
        return activate(tf, this.activation, y);
      });
    }

    override getConfig(): ConfigDict {
      const { filters, kernelSize, strides, padding, useBias, activation } = this;
      return { ...super.getConfig(), filters, kernelSize, strides, padding, useBias, activation };
    }
  };
}
