// Per-step time of a small DCGAN (one D update + one G update, batch 32, Adam) on tfjs wasm (with our
// Conv2DBackpropFilter kernel) vs tfjs cpu vs PyTorch CPU running the same model (scripts/bench/dcgan_torch.py).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../lib/tfjs/wasm-conv2d-backprop-filter';
import { medianMs, type Bench, type Report } from './harness';

const BATCH = 32;
const Z = 64;

/**
 * G: Dense(64 → 7·7·32, no bias) → BN → ReLU → Reshape → ConvT(16, 4, s2, same) → BN → ReLU → ConvT(1, 4, s2, same) → tanh.
 * D: Conv(16, 4, s2, same) → LReLU(0.2) → Conv(32, 4, s2, same) → LReLU(0.2) → Flatten → Dense(1).
 * Written with ops rather than tf.layers so the PyTorch script can mirror it op for op. Conv and ConvT keep their
 * bias (the Keras and PyTorch default); BN is training-mode batch statistics with ε = 1e-5 (PyTorch's).
 */
function makeDcgan() {
  const v = (shape: number[], name: string, init: 'normal' | 'zeros' | 'ones' = 'normal') =>
    tf.variable(
      init === 'normal' ? tf.randomNormal(shape, 0, 0.02) : init === 'ones' ? tf.ones(shape) : tf.zeros(shape),
      true,
      name,
    );
  const g = {
    w1: v([Z, 7 * 7 * 32], 'g_w1'),
    g1: v([7 * 7 * 32], 'g_g1', 'ones'),
    b1: v([7 * 7 * 32], 'g_b1', 'zeros'),
    k2: v([4, 4, 16, 32], 'g_k2'), // conv2dTranspose filter: [kh, kw, outChannels, inChannels]
    c2: v([16], 'g_c2', 'zeros'),
    g2: v([16], 'g_g2', 'ones'),
    b2: v([16], 'g_b2', 'zeros'),
    k3: v([4, 4, 1, 16], 'g_k3'),
    c3: v([1], 'g_c3', 'zeros'),
  };
  const d = {
    k1: v([4, 4, 1, 16], 'd_k1'),
    c1: v([16], 'd_c1', 'zeros'),
    k2: v([4, 4, 16, 32], 'd_k2'),
    c2: v([32], 'd_c2', 'zeros'),
    w3: v([7 * 7 * 32, 1], 'd_w3'),
    c3: v([1], 'd_c3', 'zeros'),
  };
  const bn = (x: tf.Tensor, axes: number[], gamma: tf.Tensor, beta: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, axes);
    return tf.batchNorm(x, mean, variance, beta, gamma, 1e-5);
  };
  const generate = (z: tf.Tensor2D): tf.Tensor4D => {
    const h1 = tf.relu(bn(tf.matMul(z, g.w1), [0], g.g1, g.b1)).reshape([-1, 7, 7, 32]) as tf.Tensor4D;
    const h2 = tf.conv2dTranspose(h1, g.k2 as tf.Tensor4D, [h1.shape[0], 14, 14, 16], 2, 'same').add(g.c2);
    const h2a = tf.relu(bn(h2, [0, 1, 2], g.g2, g.b2)) as tf.Tensor4D;
    return tf.tanh(tf.conv2dTranspose(h2a, g.k3 as tf.Tensor4D, [h2a.shape[0], 28, 28, 1], 2, 'same').add(g.c3)) as tf.Tensor4D;
  };
  const discriminate = (x: tf.Tensor4D): tf.Tensor2D => {
    const h1 = tf.leakyRelu(tf.conv2d(x, d.k1 as tf.Tensor4D, 2, 'same').add(d.c1), 0.2) as tf.Tensor4D;
    const h2 = tf.leakyRelu(tf.conv2d(h1, d.k2 as tf.Tensor4D, 2, 'same').add(d.c2), 0.2);
    return tf.matMul(h2.reshape([-1, 7 * 7 * 32]), d.w3).add(d.c3);
  };
  return { g: Object.values(g), d: Object.values(d), generate, discriminate };
}

/** Non-saturating GAN loss on logits: softplus(−s) = −log σ(s), softplus(s) = −log(1 − σ(s)). */
const lossOnReal = (s: tf.Tensor) => tf.softplus(tf.neg(s)).mean();
const lossOnFake = (s: tf.Tensor) => tf.softplus(s).mean();

/** variableGrads' map as the list applyGradients is typed to take (tfjs 4.22 types it NamedVariableMap otherwise). */
const named = (grads: tf.NamedTensorMap) => Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));

/** One training step as a closure, built on whatever backend is active. Returns a disposer for its state. */
function makeStep() {
  const net = makeDcgan();
  const optD = tf.train.adam(2e-4, 0.5, 0.999);
  const optG = tf.train.adam(2e-4, 0.5, 0.999);
  const real = tf.randomUniform([BATCH, 28, 28, 1], -1, 1) as tf.Tensor4D;
  const step = () => {
    tf.tidy(() => {
      const z = tf.randomNormal([BATCH, Z]) as tf.Tensor2D;
      const fake = net.generate(z); // D update: no gradient flows into G (varList is D's).
      const dGrads = tf.variableGrads(
        () => lossOnReal(net.discriminate(real)).add(lossOnFake(net.discriminate(fake))) as tf.Scalar,
        net.d,
      );
      optD.applyGradients(named(dGrads.grads));
      const z2 = tf.randomNormal([BATCH, Z]) as tf.Tensor2D;
      const gGrads = tf.variableGrads(() => lossOnReal(net.discriminate(net.generate(z2))) as tf.Scalar, net.g);
      optG.applyGradients(named(gGrads.grads));
      // Force the step to finish (the cpu and wasm backends are synchronous, this keeps it honest anyway).
      gGrads.value.dataSync();
    });
  };
  const dispose = () => {
    for (const x of [...net.g, ...net.d]) x.dispose();
    optD.dispose();
    optG.dispose();
    real.dispose();
  };
  return { step, dispose };
}

async function timeBackend(backend: 'wasm' | 'cpu', runs: number, warmup: number): Promise<number | string> {
  if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') returned false`;
  const { step, dispose } = makeStep();
  try {
    return await medianMs(step, runs, warmup);
  } finally {
    dispose();
  }
}

type TorchResult = { ms_per_step: number; ms_per_step_1thread: number; threads: number; torch: string };

function runTorch(): TorchResult | string {
  const script = join(import.meta.dirname, 'dcgan_torch.py');
  const tried: string[] = [];
  // `python3` first (the one the bench is asked about); Debian's python3-torch installs for /usr/bin/python3, which
  // a pyenv or venv `python3` on PATH may hide.
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    } catch {
      tried.push(`${python}: no torch`);
      continue;
    }
    const out = execFileSync(python, [script], { encoding: 'utf8', timeout: 300_000 });
    return JSON.parse(out.trim().split('\n').pop() ?? '') as TorchResult;
  }
  return `PyTorch is not installed (${tried.join('; ')}); try apt-get install python3-torch or pip install torch`;
}

async function measure(report: Report) {
  registerWasmTrainingKernels(tf);
  const wasm = await timeBackend('wasm', 15, 3);
  if (typeof wasm === 'string') {
    report.skip('wasm ms/step', wasm);
    return;
  }
  const simd = String(tf.env().getBool('WASM_HAS_SIMD_SUPPORT'));
  report.figure({
    name: 'wasm ms/step',
    value: wasm,
    unit: 'ms',
    // tfjs-backend-wasm 4.22 never uses its threaded binary under Node (flags_wasm.ts, tfjs issue #3830).
    note: `median of 15, batch ${BATCH}, ${getThreadsCount()} wasm thread(s), SIMD ${simd}`,
  });
  // The cpu backend's Conv2DBackpropFilter is a scalar JS loop: seconds per step, so fewer runs.
  const cpu = await timeBackend('cpu', 3, 1);
  if (typeof cpu === 'string') report.skip('cpu ms/step', cpu);
  else {
    report.figure({ name: 'cpu ms/step', value: cpu, unit: 'ms', note: 'median of 3' });
    report.goal({ name: 'wasm speed-up over cpu', value: cpu / wasm, unit: '×', target: '≥ 20×', ok: cpu / wasm >= 20 });
  }
  const torch = runTorch();
  if (typeof torch === 'string') {
    report.skip('PyTorch CPU ms/step', torch);
    return;
  }
  const note = `torch ${torch.torch}`;
  report.figure({ name: `PyTorch CPU ms/step, ${torch.threads} threads`, value: torch.ms_per_step, unit: 'ms', note });
  report.figure({ name: 'PyTorch CPU ms/step, 1 thread', value: torch.ms_per_step_1thread, unit: 'ms', note });
  // Against PyTorch's faster setting on this machine: on small models one thread can beat several.
  const best = Math.min(torch.ms_per_step, torch.ms_per_step_1thread);
  const ratio = wasm / best;
  report.goal({ name: 'wasm time / best PyTorch CPU time', value: ratio, unit: '×', target: '≤ 3×', ok: ratio <= 3 });
}

const bench: Bench = {
  title: 'DCGAN training step: tfjs wasm (+ Conv2DBackpropFilter) vs tfjs cpu vs PyTorch CPU',
  async run(report: Report) {
    const previous = tf.engine().backendName as string | undefined;
    try {
      await measure(report);
    } finally {
      if (previous) await tf.setBackend(previous);
    }
  },
};

export default bench;
