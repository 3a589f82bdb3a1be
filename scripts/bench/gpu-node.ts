// The GPU bench's Node side, one preset per process (a native crash or a hang costs one figure, and the parent's
// timeout can kill it):  tsx scripts/bench/gpu-node.ts dawn|tfjs-node-gpu <preset> <warmup> <steps> <budgetMs>
// Prints one JSON line: { adapter, result } or { error }.
import { imagesFor } from '../../cli/node-data';
import { nodeTf } from '../../cli/node-tf';
import { getPreset } from '../../lib/presets';
import { probeWebGpu } from '../../lib/train/backends';
import { timeSteps } from './gpu-step';

const [path, preset = '', warmup = '2', steps = '5', budgetMs = '60000'] = process.argv.slice(2);

async function backend(): Promise<{ tf: Awaited<ReturnType<typeof nodeTf>>; adapter: string }> {
  if (path === 'dawn') {
    // The CLI's own WebGPU path (`gan train --backend webgpu`): Dawn from the `webgpu` package as navigator.gpu.
    const tf = await nodeTf('webgpu');
    const probe = await probeWebGpu((globalThis as { navigator?: { gpu?: unknown } }).navigator);
    return { tf, adapter: `${probe.description ?? 'unnamed'}${probe.software ? ' (software)' : ''}` };
  }
  if (path === 'tfjs-node-gpu') {
    // Registers the 'tensorflow' backend (libtensorflow with CUDA) on the tfjs it shares with this process.
    const name = '@tensorflow/tfjs-node-gpu';
    await import(name);
    const tf = await import('@tensorflow/tfjs');
    if (!(await tf.setBackend('tensorflow'))) throw new Error("tf.setBackend('tensorflow') failed");
    return { tf, adapter: 'libtensorflow (CUDA build)' };
  }
  throw new Error(`unknown path ${path ?? ''}`);
}

try {
  const design = getPreset(preset)?.design;
  if (!design) throw new Error(`no preset ${preset}`);
  const { tf, adapter } = await backend();
  const result = await timeSteps(tf, { preset, warmup: Number(warmup), steps: Number(steps), budgetMs: Number(budgetMs) }, await imagesFor(design));
  console.log(JSON.stringify({ adapter, result }));
} catch (e) {
  console.log(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
}
// Dawn keeps the event loop alive after the work is done.
process.exit(0);
