import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { blocks } from '../../lib/blocks';
import { floats, WeightsError, zWeightsPayload, type WeightsPayload } from '../../lib/codegen/initial-checkpoint';
import { buildNetwork } from '../../lib/compile/build-network';
import type { Design } from '../../lib/graph/schema';
import type { DesignReport } from '../../lib/validate/validate';
import { parseArgs, UsageError } from '../args';
import { encodeCheckpoint } from '../checkpoint-file';
import { loadValidDesign } from '../load-design';

/** A weights file may be at most this large: 10⁸ float32 values, base64-encoded, and room for the JSON around them. */
const MAX_WEIGHTS_BYTES = 600 * 1024 * 1024;

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
 * checkpoint, so `gan eval`, the app's sample grid and the evaluation panel score a model trained elsewhere. Each
 * network's tensors are checked against the design's model — count and shapes — before anything is written, and the
 * file is written to a temporary name and renamed.
 */
export async function importWeightsCommand(file: string, ref: string, out: string, json: boolean): Promise<number> {
  const valid = loadValidDesign(ref, 'importing weights');
  if (!valid) return 1;
  const size = statSync(file).size;
  if (size > MAX_WEIGHTS_BYTES) throw new Error(`${file} is ${(size / 2 ** 20).toFixed(0)} MB; a weights file may be at most ${MAX_WEIGHTS_BYTES / 2 ** 20} MB`);
  const parsed = zWeightsPayload.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a weights file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  let snapshot;
  try {
    snapshot = await toSnapshot(valid.design, valid.report, parsed.data);
  } catch (e) {
    if (e instanceof WeightsError) throw new Error(`${file}: ${e.message}`);
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

/** The payload as a Trainer snapshot, after checking each network's tensors against the design's model. */
async function toSnapshot(design: Design, report: DesignReport, payload: WeightsPayload) {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const weights: Record<string, Float32Array[]> = {};
  const shapes: Record<string, number[][]> = {};
  const ema: Record<string, Float32Array[]> = {};
  for (const id of [...Object.keys(payload.networks), ...Object.keys(payload.ema ?? {})]) {
    if (!design.networks.some((n) => n.id === id)) throw new WeightsError(`the weights name the network "${id}", which the design does not have`);
  }
  for (const net of design.networks) {
    const given = payload.networks[net.id];
    if (!given) throw new WeightsError(`the weights have nothing for the network "${net.id}"`);
    const model = buildNetwork(tf, net, report.networks[net.id]!, blocks);
    const want = model.weights.map((w) => w.shape as number[]);
    model.dispose();
    const check = (list: WeightsPayload['networks'][string], what: string) => {
      if (list.length !== want.length) throw new WeightsError(`${what} has ${list.length} tensors; the design's has ${want.length}`);
      return list.map((w, i) => {
        if (w.shape.join('x') !== want[i]!.join('x')) throw new WeightsError(`${what} tensor ${i} is [${w.shape.join(', ')}]; the design's is [${want[i]!.join(', ')}]`);
        return floats(w.data, w.shape.reduce((a, b) => a * b, 1), `${what} tensor ${i}`);
      });
    };
    weights[net.id] = check(given, `"${net.id}"`);
    shapes[net.id] = want;
    const avg = payload.ema?.[net.id];
    if (avg) ema[net.id] = check(avg, `the moving average of "${net.id}"`);
  }
  return { step: payload.step, weights, shapes, ema };
}
