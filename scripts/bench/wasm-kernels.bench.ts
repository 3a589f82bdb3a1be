// `npm run bench -- wasm-kernels`: the wasm kernels GAN Studio replaces for speed alone (lib/tfjs/wasm-training-kernels.ts
// SPEED_ONLY_KERNELS) against wasm's own, in one process: each kernel on a dcgan-mnist activation; a dense layer's
// dx = dy·Wᵀ both ways (wasm-batch-mat-mul.ts); then whole training steps of ring8-2d and dcgan-mnist with the two
// kernel sets swapped between interleaved rounds, and a check that both sets give the same losses and gradient norms
// to the last bit (the replacements may change speed, never a value).
import type * as tfType from '@tensorflow/tfjs';
import { nodeTf } from '../../cli/node-tf';
import { loadValidDesign } from '../../cli/load-design';
import { cliBudget } from '../../cli/budget';
import { imagesFor } from '../../cli/node-data';
import { blocks } from '../../lib/blocks';
import { buildNetwork } from '../../lib/compile/build-network';
import { wasmOwnKernel, withWasmOwnKernels } from '../../lib/tfjs/wasm-kernel-util';
import { SPEED_ONLY_KERNELS } from '../../lib/tfjs/wasm-training-kernels';
import { Trainer } from '../../lib/train/trainer';
import { median, type Bench, type Report } from './harness';

/** A way to run something timed: the call to time, and what each of its rounds runs inside (wasm's own kernels). */
type Variant = { call: () => tfType.Tensor; around?: (round: () => void) => void };

/** Best of `rounds` interleaved rounds of `calls` calls of each variant, ms a call. */
function bestOf(variants: Variant[], rounds = 3, calls = 20): number[] {
  const best = variants.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    variants.forEach((v, i) => {
      const round = () => {
        for (let k = 0; k < 3; k++) v.call().dispose();
        const t0 = performance.now();
        for (let k = 0; k < calls; k++) v.call().dispose();
        best[i] = Math.min(best[i]!, (performance.now() - t0) / calls);
      };
      if (v.around) v.around(round);
      else round();
    });
  }
  return best;
}

/** Every value a step reports, in order: losses, gradient norms, mean critic scores. */
const stepValues = (m: Awaited<ReturnType<Trainer['trainStep']>>) => [...Object.values(m.losses), ...Object.values(m.gradNorms), m.dReal ?? 0, m.dFake ?? 0];

const bench: Bench = {
  title: 'wasm kernels replaced for speed alone, against wasm’s own',
  async run(report: Report) {
    const tf = await nodeTf('wasm', { threads: 1 });
    if (SPEED_ONLY_KERNELS.some((n) => !wasmOwnKernel(tf, n))) return report.skip('wasm kernels', 'registerWasmTrainingKernels did not replace every speed-only kernel');
    /** Runs `fn` under wasm's own kernels (`own`) or GAN Studio's. */
    const under = <T>(own: boolean, fn: () => T): T => (own ? withWasmOwnKernels(tf, SPEED_ONLY_KERNELS, fn) : fn());
    const x = tf.randomNormal([64, 14, 14, 64], 0, 1, 'float32', 1);
    const zero = tf.scalar(0);
    const run = (name: string, inputs: tfType.NamedTensorMap, attrs: object = {}) => () => tf.engine().runKernel(name, inputs, attrs as tfType.NamedAttrMap) as tfType.Tensor;
    const kernels: [string, () => tfType.Tensor][] = [
      ['Greater(x, 0)', run('Greater', { a: x, b: zero })],
      ['LeakyRelu(x, 0.2)', run('LeakyRelu', { x }, { alpha: 0.2 })],
      ['Sum(x, [0, 1, 2])', run('Sum', { x }, { axis: [0, 1, 2], keepDims: false })],
      ['Mean(x, [0, 1, 2])', run('Mean', { x }, { axis: [0, 1, 2], keepDims: false })],
      ['Identity(x)', run('Identity', { x })],
    ];
    console.log('  one kernel on x = [64, 14, 14, 64] float32 (a dcgan-mnist activation), one thread, best of 3 rounds:');
    for (const [name, fn] of kernels) {
      const [before, after] = bestOf([{ call: fn, around: (round) => under(true, round) }, { call: fn }]) as [number, number];
      report.figure({ name: `${name}: wasm's own → GAN Studio's`, value: before / after, unit: '×', note: `${before.toFixed(3)} → ${after.toFixed(3)} ms` });
    }
    tf.dispose([x, zero]);

    // A dense layer's dx = dy·Wᵀ (lib/tfjs/wasm-batch-mat-mul.ts): the way it ran before, W transposed and packed,
    // against (W·dyᵀ)ᵀ where that moves less. W is a fresh tensor each call, as after every optimizer step.
    console.log('  dx = dy·Wᵀ with a fresh W each call, one thread, best of 3 rounds:');
    for (const [preset, m, k, n] of [['gan-mlp-mnist', 64, 1024, 784], ['gan-mlp-mnist', 64, 512, 1024], ['ring8-2d', 128, 256, 256]] as const) {
      const dy = tf.randomNormal([m, n], 0, 1, 'float32', 2);
      const w = tf.randomNormal([k, n], 0, 1, 'float32', 3);
      const fresh = (f: (w2: tfType.Tensor) => tfType.Tensor) => () => tf.tidy(() => f(tf.add(w, 0)));
      const before = fresh((w2) => tf.matMul(dy, tf.transpose(w2)));
      const after = fresh((w2) => tf.matMul(dy, w2, false, true));
      const [a, b] = [before(), after()];
      const [av, bv] = [await a.data(), await b.data()];
      const same = av.every((v, i) => Object.is(v, bv[i]));
      tf.dispose([a, b]);
      const [tBefore, tAfter] = bestOf([{ call: before }, { call: after }]) as [number, number];
      report.figure({
        name: `[${m}, ${n}]·[${k}, ${n}]ᵀ (${preset}): Wᵀ materialised → (W·dyᵀ)ᵀ`,
        value: tBefore / tAfter,
        unit: '×',
        note: `${tBefore.toFixed(2)} → ${tAfter.toFixed(2)} ms; ${same ? 'bit-identical' : 'VALUES DIFFER'}`,
      });
      if (!same) report.goal({ name: `[${m}, ${n}]·[${k}, ${n}]ᵀ: same values either way`, value: 0, unit: 'differ', target: 'bit-identical', ok: false });
      tf.dispose([dy, w]);
    }

    for (const [id, steps, rounds] of [['ring8-2d', 20, 5], ['dcgan-mnist', 3, 3]] as const) {
      const valid = loadValidDesign(`preset:${id}`, 'training', cliBudget('wasm'));
      if (!valid) {
        report.skip(`${id} step`, `preset:${id} does not validate`);
        continue;
      }
      const images = await imagesFor(valid.design);
      const make = () => Trainer.create(tf, valid.design, valid.report, { images, seed: 1, buildNetwork: (t, net, r) => buildNetwork(t, net, r, blocks) });
      // The same seeded run under each set: every reported value must agree to the last bit.
      const values: number[][] = [];
      for (const own of [true, false]) {
        values.push(
          await under(own, async () => {
            const trainer = make();
            const v: number[] = [];
            for (let i = 0; i < 3; i++) v.push(...stepValues(await trainer.trainStep()));
            trainer.dispose();
            return v;
          }),
        );
      }
      const same = values[0]!.length > 0 && values[0]!.every((v, i) => Object.is(v, values[1]![i]));
      report.goal({ name: `${id}: 3 steps' losses and gradient norms with either kernel set`, value: same ? 1 : 0, unit: same ? 'identical' : 'differ', target: 'identical to the last bit', ok: same });
      const trainer = make();
      for (let i = 0; i < 2; i++) await trainer.trainStep();
      const times: [number[], number[]] = [[], []];
      for (let r = 0; r < rounds; r++) {
        for (const [i, own] of [true, false].entries()) {
          await under(own, async () => {
            await trainer.trainStep();
            const t0 = performance.now();
            for (let s = 0; s < steps; s++) await trainer.trainStep();
            times[i]!.push((performance.now() - t0) / steps);
          });
        }
      }
      trainer.dispose();
      const [before, after] = [median(times[0]), median(times[1])];
      report.figure({ name: `${id} step, one thread: wasm's own → GAN Studio's`, value: before / after, unit: '×', note: `${before.toFixed(1)} → ${after.toFixed(1)} ms, medians of ${rounds} interleaved rounds of ${steps} steps` });
    }
  },
};

export default bench;
