import type { Shape, Tensor, Tensor4D, Tf } from '../tf';
import { deconvLength } from '../../shapes/shape';
import { defineSpectralConv, type SpectralConvArgs } from './spectral-conv2d';
import { nhwcChannels } from './util';

/**
 * tf.layers.conv2dTranspose with a spectrally normalised kernel (Miyato 2018; see spectral.ts). Same weights as tfjs
 * Conv2DTranspose — kernel [k, k, filters, cin] (output channels before input channels: tfjs-layers
 * layers/convolutional.ts), bias [filters] — plus the non-trainable power-iteration vector u [cin], the kernel's last
 * axis. (PyTorch keeps u on the output-channel side for transposed convolutions; the largest singular value is the same
 * from either side.)
 */
export function defineSpectralConv2dTranspose(tf: Tf) {
  return class SpectralConv2DTranspose extends defineSpectralConv(tf) {
    static className = 'GanStudio>SpectralConv2DTranspose';

    constructor(args: SpectralConvArgs) {
      super(args, 'spectralConv2dTranspose', 'spectral_conv2d_transpose');
    }

    protected override kernelShape(s: Shape): number[] {
      return [this.kernelSize, this.kernelSize, this.filters, nhwcChannels(s, this.factory)];
    }

    protected override outputLength(length: number): number {
      return deconvLength(length, this.kernelSize, this.padding, this.strides);
    }

    protected override forward(x: Tensor, k: Tensor): Tensor {
      const [b = 1, h = 1, w = 1] = x.shape;
      const out: [number, number, number, number] = [b, this.outputLength(h), this.outputLength(w), this.filters];
      return tf.conv2dTranspose(x as Tensor4D, k as Tensor4D, out, this.strides, this.padding);
    }
  };
}
