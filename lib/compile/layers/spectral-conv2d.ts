import type { ConfigDict, Shape, Tensor, Tensor4D, Tf } from '../tf';
import { convOutputLength } from '../../shapes/shape';
import { defineSpectralLayer, type SpectralArgs } from './spectral';
import { nhwcChannels, singleShape } from './util';

export type SpectralConvArgs = SpectralArgs & {
  filters: number;
  kernelSize: number;
  strides?: number;
  padding?: 'same' | 'valid';
};

/**
 * What both spectral convolutions share (NHWC, square kernel and strides, dilation 1): their config, a 4-d input with
 * known channels, bias [filters] and the output shape from a per-axis `outputLength`. tfjs' default padding is "valid";
 * the blocks always pass one.
 */
export function defineSpectralConv(tf: Tf) {
  abstract class SpectralConv extends defineSpectralLayer(tf) {
    readonly filters: number;
    readonly kernelSize: number;
    readonly strides: number;
    readonly padding: 'same' | 'valid';

    constructor(args: SpectralConvArgs, factory: string, defaultName: string) {
      super(args, factory, defaultName);
      this.filters = args.filters;
      this.kernelSize = args.kernelSize;
      this.strides = args.strides ?? 1;
      this.padding = args.padding ?? 'valid';
    }

    /** The output length of one spatial axis of the given input length. */
    protected abstract outputLength(length: number): number;

    protected override outputSize(): number {
      return this.filters;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      const [b = null, h = null, w = null] = singleShape(inputShape);
      const out = (d: number | null) => (d == null ? null : this.outputLength(d));
      return [b, out(h), out(w), this.filters];
    }

    protected override ownConfig(): ConfigDict {
      const { filters, kernelSize, strides, padding } = this;
      return { filters, kernelSize, strides, padding };
    }
  }
  return SpectralConv;
}

/**
 * tf.layers.conv2d with a spectrally normalised kernel (Miyato 2018; see spectral.ts). Same weights as tfjs Conv2D
 * (kernel [k, k, cin, filters] glorot-uniform, bias [filters] zeros; tfjs-layers layers/convolutional.ts) plus the
 * non-trainable power-iteration vector u [filters].
 */
export function defineSpectralConv2d(tf: Tf) {
  return class SpectralConv2D extends defineSpectralConv(tf) {
    static className = 'GanStudio>SpectralConv2D';

    constructor(args: SpectralConvArgs) {
      super(args, 'spectralConv2d', 'spectral_conv2d');
    }

    protected override kernelShape(s: Shape): number[] {
      return [this.kernelSize, this.kernelSize, nhwcChannels(s, this.factory), this.filters];
    }

    protected override outputLength(length: number): number {
      return convOutputLength(length, this.kernelSize, this.padding, this.strides);
    }

    protected override forward(x: Tensor, k: Tensor): Tensor {
      return tf.conv2d(x as Tensor4D, k as Tensor4D, this.strides, this.padding);
    }
  };
}
