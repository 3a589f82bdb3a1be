import type { ConfigDict, Kwargs, LayerVariable, Shape, Tensor, Tensor4D, Tf } from '../tf';
import { deconvLength } from '../../shapes/shape';
import { spectralNormalize } from './spectral';
import { convConfig, type SpectralConvArgs } from './spectral-conv2d';
import { activate, isTraining, single, singleShape, withName, type ActivationName } from './util';

/**
 * tf.layers.conv2dTranspose (NHWC, square kernel and strides) with a spectrally normalised kernel (Miyato 2018; see
 * spectral.ts). Same weights as tfjs Conv2DTranspose — kernel [k, k, filters, cin] (output channels before input
 * channels: tfjs-layers layers/convolutional.ts), bias [filters] — plus the non-trainable power-iteration vector
 * u [cin], the kernel's last axis. (PyTorch keeps u on the output-channel side for transposed convolutions; the largest
 * singular value is the same from either side.)
 */
export function defineSpectralConv2dTranspose(tf: Tf) {
  return class SpectralConv2DTranspose extends tf.layers.Layer {
    static className = 'GanStudio>SpectralConv2DTranspose';
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
      super(withName(args, 'spectral_conv2d_transpose'));
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
      if (s.length !== 4 || cin == null) throw new Error(`spectralConv2dTranspose needs [batch, h, w, c] with known c; got [${s.join(', ')}]`);
      const k = this.kernelSize;
      this.kernel = this.addWeight('kernel', [k, k, this.filters, cin], 'float32', tf.initializers.glorotUniform({}), undefined, true);
      if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros(), undefined, true);
      this.u = this.addWeight('u', [cin], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 1 }), undefined, false);
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      const [b = null, h = null, w = null] = singleShape(inputShape);
      const out = (d: number | null) => (d == null ? null : deconvLength(d, this.kernelSize, this.padding, this.strides));
      return [b, out(h), out(w), this.filters];
    }

    /** The kernel divided by the current σ estimate, without updating u. */
    normalizedKernel(): Tensor {
      if (!this.kernel || !this.u) throw new Error('spectralConv2dTranspose used before it was built');
      return spectralNormalize(tf, this.kernel.read(), this.u, false);
    }

    override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
      return tf.tidy(() => {
        if (!this.kernel || !this.u) throw new Error('spectralConv2dTranspose used before it was built');
        const x = single(inputs) as Tensor4D;
        const k = spectralNormalize(tf, this.kernel.read(), this.u, isTraining(kwargs)) as Tensor4D;
        const [b = 1, h = 1, w = 1] = x.shape;
        const out: [number, number, number, number] = [
          b,
          deconvLength(h, this.kernelSize, this.padding, this.strides),
          deconvLength(w, this.kernelSize, this.padding, this.strides),
          this.filters,
        ];
        let y: Tensor = tf.conv2dTranspose(x, k, out, this.strides, this.padding);
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
