import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { blocks } from '../../lib/blocks';
import { buildNetwork } from '../../lib/compile/build-network';
import type { Design } from '../../lib/graph/schema';
import { checkWeights, WeightsImportError, type WeightShapes } from '../../lib/train/weights-import';
import type { DesignReport } from '../../lib/validate/validate';
import { parseArgs, UsageError } from '../args';
import { checkpointTargetProblem, encodeCheckpoint } from '../checkpoint-file';
import { readWeightsFile } from '../weights-file';
import { loadValidDesign } from '../load-design';

/** `gan import-weights <weights.json> --design <design> --out FILE [--json]`, from the verb's arguments. */
export function importWeightsFromArgs(argv: readonly string[]): Promise<number> {
  const a = parseArgs(argv, { design: 'string', out: 'string', json: 'boolean' });
  const file = a.positionals[0];
  if (!file || a.positionals.length > 1) throw new UsageError('import-weights takes one weights file (export_weights.py writes gan-studio-weights.json)');
  const design = a.flags.get('design');
  const out = a.flags.get('out');
  if (typeof design !== 'string') throw new UsageError('import-weights needs --design (the .gan.json the project was exported from, or preset:ID)');
  if (typeof out !== 'string') throw new UsageError('import-weights needs --out FILE (the checkpoint to write)');
  return importWeightsCommand(file, design, out, a.flags.has('json'));
}

/**
 * Turns weights in GAN Studio's layouts (a PyTorch project's export_weights.py writes them) into a GAN Studio
 * checkpoint, so `gan eval` scores a model trained elsewhere (the training panel's "Import weights…" does the same in
 * the app). Each network's tensors are checked against the design's model — count and shapes — by the check the app
 * uses too (lib/train/weights-import.ts) before anything is written, and the file is written to a temporary name and
 * renamed.
 */
export async function importWeightsCommand(file: string, ref: string, out: string, json: boolean): Promise<number> {
  // What the user named is checked before any work: where the checkpoint goes, then the weights file.
  const target = checkpointTargetProblem(out);
  if (target) throw new Error(`cannot write ${out}: ${target}`);
  const payload = readWeightsFile(file);
  const valid = loadValidDesign(ref, 'importing weights');
  if (!valid) return 1;
  let snapshot;
  try {
    snapshot = checkWeights(payload, await designShapes(valid.design, valid.report));
  } catch (e) {
    if (e instanceof WeightsImportError) throw new Error(`${file}: ${e.message}`);
    throw e;
  }
  const s = valid.design.training.settings;
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, encodeCheckpoint(valid.design, snapshot, s.batchSize, { seed: s.seed, source: `weights:${file}` }));
    renameSync(tmp, out);
  } finally {
    rmSync(tmp, { force: true });
  }
  if (json) console.log(JSON.stringify({ ok: true, out, step: snapshot.step, networks: Object.keys(snapshot.weights), ema: Object.keys(snapshot.ema) }));
  else console.log(`wrote ${out}: step ${snapshot.step}, networks ${Object.keys(snapshot.weights).join(', ')}${Object.keys(snapshot.ema).length ? ', with moving averages' : ''}`);
  return 0;
}

/** Each network's weight shapes, from the design's models as the trainer builds them. */
async function designShapes(design: Design, report: DesignReport): Promise<WeightShapes> {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const shapes: Record<string, number[][]> = {};
  for (const net of design.networks) {
    const model = buildNetwork(tf, net, report.networks[net.id]!, blocks);
    // model.weights, not getWeights(): the shapes, without reading any value back.
    shapes[net.id] = model.weights.map((w) => w.shape.map((d) => d ?? 0));
    model.dispose();
  }
  return shapes;
}
