// The compiled training step against a hand-written tfjs program of the same model (issue: "at most 1.05"), for
// gan-mlp-mnist and dcgan-mnist, on one backend in one run. Both sides draw real batches the same way and use the
// same losses and optimizers; runs alternate so that machine noise hits both alike.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { blocks } from '../../lib/blocks';
import { buildNetwork } from '../../lib/compile/build-network';
import { datasetSource } from '../../lib/blocks/sources/dataset';
import { getPreset } from '../../lib/presets';
import { mulberry32 } from '../../lib/rng';
import { validateDesign } from '../../lib/validate';
import { registerWasmTrainingKernels } from '../../lib/tfjs/wasm-training-kernels';
import { bceWithLogits } from '../../lib/blocks/losses/cross-entropy';
import { Trainer } from '../../lib/train/trainer';
import { loadMnistNode } from '../../cli/node-data';
import type { Bench, Report } from './harness';

const BATCH = 64;
const RUNS = 12;

type Nets = { G: tf.LayersModel; D: tf.LayersModel; data: 'flat' | 'image' };

function handWritten(id: 'gan-mlp-mnist' | 'dcgan-mnist'): Nets {
  const L = tf.layers;
  const leaky = () => L.leakyReLU({ alpha: 0.2 });
  if (id === 'gan-mlp-mnist') {
    const G = tf.sequential({ layers: [L.dense({ units: 256, inputShape: [100] }), leaky(), L.dense({ units: 512 }), leaky(), L.dense({ units: 1024 }), leaky(), L.dense({ units: 784, activation: 'tanh' })] });
    const D = tf.sequential({ layers: [L.dense({ units: 512, inputShape: [784] }), leaky(), L.dense({ units: 256 }), leaky(), L.dense({ units: 1 })] });
    return { G, D, data: 'flat' };
  }
  const G = tf.sequential({
    layers: [
      L.dense({ units: 7 * 7 * 128, useBias: false, inputShape: [100] }), L.batchNormalization(), L.reLU(), L.reshape({ targetShape: [7, 7, 128] }),
      L.conv2dTranspose({ filters: 64, kernelSize: 4, strides: 2, padding: 'same', useBias: false }), L.batchNormalization(), L.reLU(),
      L.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }),
    ],
  });
  const D = tf.sequential({
    layers: [
      L.conv2d({ filters: 64, kernelSize: 4, strides: 2, padding: 'same', inputShape: [28, 28, 1] }), leaky(),
      L.conv2d({ filters: 128, kernelSize: 4, strides: 2, padding: 'same' }), L.batchNormalization(), leaky(), L.flatten(), L.dense({ units: 1 }),
    ],
  });
  return { G, D, data: 'image' };
}

/** The textbook loop: one D update on real and fake, one G update, non-saturating loss on logits, Adam 2e-4 β1 0.5. */
function handStep(n: Nets, real: () => tf.Tensor, gOpt: tf.Optimizer, dOpt: tf.Optimizer) {
  const dVars = n.D.trainableWeights.map((w) => w.read() as tf.Variable);
  const gVars = n.G.trainableWeights.map((w) => w.read() as tf.Variable);
  tf.tidy(() => {
    const x = real();
    const z = tf.randomNormal([BATCH, 100]);
    const d = tf.variableGrads(() => {
      const fake = n.G.apply(z, { training: true }) as tf.Tensor;
      return tf.add(bceWithLogits(tf, n.D.apply(x, { training: true }) as tf.Tensor, 1), bceWithLogits(tf, n.D.apply(fake, { training: true }) as tf.Tensor, 0)) as tf.Scalar;
    }, dVars);
    dOpt.applyGradients(d.grads);
    const z2 = tf.randomNormal([BATCH, 100]);
    const g = tf.variableGrads(() => bceWithLogits(tf, n.D.apply(n.G.apply(z2, { training: true }) as tf.Tensor, { training: true }) as tf.Tensor, 1) as tf.Scalar, gVars);
    gOpt.applyGradients(g.grads);
  });
}

async function measure(report: Report, id: 'gan-mlp-mnist' | 'dcgan-mnist', mnist: Awaited<ReturnType<typeof loadMnistNode>>) {
  const design = getPreset(id)!.design;
  const trainer = Trainer.create(tf, design, validateDesign(design), { images: { mnist }, seed: 1, batchSize: BATCH, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
  const nets = handWritten(id);
  const src = datasetSource(tf, { name: 'mnist', layout: nets.data, range: '[-1,1]', labels: 'none', height: 28, width: 28, channels: 1 }, { mnist });
  const rng = mulberry32(2);
  const real = () => src.sample(BATCH, rng)['x']!;
  const gOpt = tf.train.adam(2e-4, 0.5);
  const dOpt = tf.train.adam(2e-4, 0.5);
  const hand = async () => {
    handStep(nets, real, gOpt, dOpt);
    await (nets.D.trainableWeights[0]!.read() as tf.Tensor).data(); // wait for the work, as the trainer's metrics read does
  };
  const compiled = () => trainer.trainStep();
  for (let i = 0; i < 2; i++) {
    await hand();
    await compiled();
  }
  const th: number[] = [];
  const tc: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t0 = performance.now();
    await compiled();
    tc.push(performance.now() - t0);
    t0 = performance.now();
    await hand();
    th.push(performance.now() - t0);
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!;
  const c = med(tc);
  const h = med(th);
  report.figure({ name: `${id} compiled step`, value: c, unit: 'ms', note: `batch ${BATCH}, median of ${RUNS}` });
  report.figure({ name: `${id} hand-written step`, value: h, unit: 'ms' });
  report.goal({ name: `${id} compiled / hand-written`, value: c / h, unit: '×', target: '≤ 1.05', ok: c / h <= 1.05 });
  trainer.dispose();
  nets.G.dispose();
  nets.D.dispose();
  gOpt.dispose();
  dOpt.dispose();
}

const bench: Bench = {
  title: 'Compiled training step vs hand-written tfjs (wasm)',
  async run(report) {
    registerWasmTrainingKernels(tf);
    if (!(await tf.setBackend('wasm'))) return report.skip('compiled step', 'the wasm backend failed to initialise');
    const mnist = await loadMnistNode('train');
    await measure(report, 'gan-mlp-mnist', mnist);
    await measure(report, 'dcgan-mnist', mnist);
  },
};
export default bench;
