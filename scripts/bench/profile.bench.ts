// `npm run bench -- profile [preset] [--backend wasm|cpu] [--steps N]`: where one training step's time goes, kernel by
// kernel, so each speed-up is aimed (issue: "Where the time goes"). Only this module runs under the `profile`
// filter; `npm run bench` on its own runs it too, on dcgan-mnist.
import { imagesFor } from '../../cli/node-data';
import { nodeTf } from '../../cli/node-tf';
import { loadValidDesign } from '../../cli/load-design';
import { cliBudget } from '../../cli/budget';
import { blocks } from '../../lib/blocks';
import { buildNetwork } from '../../lib/compile/build-network';
import { Trainer } from '../../lib/train/trainer';
import type { Bench, Report } from './harness';
import { aggregateKernels, type KernelRecord } from './kernel-profile';

const WARMUP = 2;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** The preset named after `profile` on the command line (the filter), or dcgan-mnist. */
function presetArg(): string {
  const args = process.argv.slice(2);
  const at = args.indexOf('profile');
  const next = at >= 0 ? args[at + 1] : undefined;
  return next && !next.startsWith('--') ? next : 'dcgan-mnist';
}

const bench: Bench = {
  title: 'Per-kernel profile of one training step',
  async run(report: Report) {
    const id = presetArg();
    const backend = option('backend', 'wasm');
    const steps = Math.max(1, Math.min(50, Number(option('steps', '3')) || 3));
    const valid = loadValidDesign(`preset:${id}`, 'training', cliBudget(backend));
    if (!valid) return report.skip(`profile ${id}`, `preset:${id} does not validate (see above)`);
    const tf = await nodeTf(backend);
    const images = await imagesFor(valid.design);
    const trainer = Trainer.create(tf, valid.design, valid.report, { images, seed: 1, buildNetwork: (t, net, r) => buildNetwork(t, net, r, blocks) });
    try {
      for (let i = 0; i < WARMUP; i++) await trainer.trainStep();
      const records: KernelRecord[] = [];
      let wallMs = 0;
      for (let i = 0; i < steps; i++) {
        const t0 = performance.now();
        // tf.profile times each kernel with the backend's timer (wasm and cpu: wall time around the synchronous
        // kernel, tfjs-backend-wasm backend_wasm.ts `time`), and lists its input shapes.
        const info = await tf.profile(async () => {
          await trainer.trainStep();
          return [];
        });
        wallMs += performance.now() - t0;
        for (const k of info.kernels) records.push({ name: k.name, ms: typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0, inputShapes: k.inputShapes });
      }
      const p = aggregateKernels(records, wallMs, steps);
      console.log(`  ${id} on ${tf.getBackend()}, batch ${trainer.batchSize}, ${steps} profiled steps after ${WARMUP} warm-up`);
      console.log(`  ${'kernel'.padEnd(28)} ${'ms/step'.padStart(9)} ${'share'.padStart(7)} ${'calls'.padStart(6)}  slowest call's input shapes`);
      for (const k of p.top) console.log(`  ${k.name.padEnd(28)} ${k.msPerStep.toFixed(2).padStart(9)} ${`${(100 * k.share).toFixed(1)}%`.padStart(7)} ${String(k.callsPerStep).padStart(6)}  ${k.slowestShapes}`);
      report.figure({ name: `${id} step, profiled`, value: p.wallMsPerStep, unit: 'ms', note: `${p.kernelCallsPerStep} kernel calls a step; profiling adds a little to each` });
      report.figure({ name: `${id} time inside kernels`, value: 100 * p.kernelShare, unit: '%', note: `${p.kernelMsPerStep.toFixed(1)} ms; the rest is JavaScript between kernels (op dispatch, tapes, tidy)` });
      for (const k of p.top.slice(0, 5)) report.figure({ name: `${id} ${k.name}`, value: 100 * k.share, unit: '% of step', note: `${k.msPerStep.toFixed(2)} ms, ${k.callsPerStep} calls` });
    } finally {
      trainer.dispose();
    }
  },
};
export default bench;
