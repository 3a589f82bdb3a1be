import type { ConfigDict, Shape, Tensor, Tf } from '../tf';
import { defineSpectralLayer, type SpectralArgs } from './spectral';
import { singleShape } from './util';

export type SpectralDenseArgs = SpectralArgs & { units: number };

/**
 * tf.layers.dense with a spectrally normalised kernel (Miyato 2018; see spectral.ts). Same config, same weights (kernel
 * [in, units] glorot-uniform, bias [units] zeros: tfjs-layers layers/core.ts Dense) plus the non-trainable power-iteration
 * vector u [units]. Like tfjs Dense it applies to the last axis of an input of any rank ≥ 2.
 */
export function defineSpectralDense(tf: Tf) {
  return class SpectralDense extends defineSpectralLayer(tf) {
    static className = 'GanStudio>SpectralDense';
    readonly units: number;

    constructor(args: SpectralDenseArgs) {
      super(args, 'spectralDense', 'spectral_dense');
      this.units = args.units;
    }

    protected override kernelShape(s: Shape): number[] {
      const inUnits = s[s.length - 1];
      if (s.length < 2 || inUnits == null) throw new Error(`spectralDense needs [batch, …, features] with known features; got [${s.join(', ')}]`);
      return [inUnits, this.units];
    }

    protected override outputSize(): number {
      return this.units;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      const s = singleShape(inputShape);
      return [...s.slice(0, -1), this.units];
    }

    protected override forward(x: Tensor, k: Tensor): Tensor {
      const inUnits = k.shape[0]!;
      return x.rank === 2 ? tf.matMul(x, k) : tf.reshape(tf.matMul(tf.reshape(x, [-1, inUnits]), k), [...x.shape.slice(0, -1), this.units]);
    }

    protected override ownConfig(): ConfigDict {
      return { units: this.units };
    }
  };
}
