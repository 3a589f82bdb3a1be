import * as tf from '@tensorflow/tfjs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { codedErrorClass } from './lib/coded-error.js';
import type { NetworkId } from './models.js';
import { mulberry32, type RngState } from './lib/rng.js';
import type { Training } from './trainer.js';

/**
 * Checkpoints in the TensorFlow.js format: per network a directory with `model.json` (topology and weights manifest)
 * and `weights.bin` — what `model.save('file://…')` writes with tfjs-node, written here with tf.io.withSaveHandler so it
 * works on every backend. `tf.loadLayersModel` reads it back (import './layers.js' first: it registers GAN Studio's
 * layers). Beside them: the optimizers' slots (`optimizer.json` + `optimizer.bin`), the moving averages, and
 * `training.json` with the step and the random generator's state, so a resumed run continues where it stopped.
 *
 * A checkpoint exported from the browser holds only the networks' weights and the step.
 */

export type TrainingState = { step: number; seed: number; rng?: RngState; savedAt: string; source: 'node' | 'browser' };

/** What can be wrong with a checkpoint given to `--resume`; codes are stable, messages name the file. */
export const RESUME_ERRORS = {
  E_RESUME_PATH: 'A checkpoint file names a path outside its checkpoint folder',
  E_RESUME_FORMAT: 'A checkpoint file does not hold what a checkpoint holds',
} as const;

export class ResumeError extends codedErrorClass('ResumeError', RESUME_ERRORS) {}

/**
 * `name`, as a manifest in the checkpoint names it (relative to the manifest's folder `from`), as a path inside
 * `root`, the checkpoint folder `--resume` was given. A manifest is data anyone could have edited: one naming
 * `../../etc/passwd`, an absolute path, or a link that leads out of the folder is refused, never read.
 */
export function fileInCheckpoint(root: string, from: string, name: unknown, manifest: string): string {
  if (typeof name !== 'string' || name === '' || name.includes('\0')) throw new ResumeError('E_RESUME_FORMAT', `${manifest} names no weights file.`);
  const refuse = () =>
    new ResumeError('E_RESUME_PATH', `${manifest} names ${JSON.stringify(name)}, which is not inside ${resolve(root)}; a checkpoint reads only its own files. Was it edited, or made by someone else?`);
  const base = resolve(root);
  const path = resolve(from, name);
  const within = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  if (isAbsolute(name) || !within(path, base)) throw refuse();
  // A link inside the folder can still point out of it: compare where both really are, when the file exists.
  if (existsSync(path) && !within(realpathSync(path), realpathSync(base))) throw refuse();
  return path;
}

/** A checkpoint's JSON file, or a ResumeError naming it. */
async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (e) {
    throw new ResumeError('E_RESUME_FORMAT', `${file} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
}

/** training.json's fields, checked: a resumed run trusts the step and seed it finds there. */
function trainingState(file: string, v: unknown): TrainingState {
  const s = v as Partial<TrainingState> | null;
  const count = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (!s || typeof s !== 'object' || !count(s.step) || !count(s.seed)) throw new ResumeError('E_RESUME_FORMAT', `${file} has no whole-number step and seed.`);
  return s as TrainingState;
}

type WeightsFile = { weightsManifest: tf.io.WeightsManifestConfig; [k: string]: unknown };

async function writeWeights(dir: string, name: string, tensors: { name: string; tensor: tf.Tensor }[], extra: Record<string, unknown> = {}): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await writeFile(join(dir, `${name}.bin`), Buffer.from(data));
  const manifest: WeightsFile = { ...extra, weightsManifest: [{ paths: [`${name}.bin`], weights: specs }] };
  await writeFile(join(dir, `${name}.json`), JSON.stringify(manifest));
}

/** A weights file pair under `dir` (inside the checkpoint folder `root`): its tensors by name, or null when absent. */
async function readWeights(root: string, dir: string, name: string): Promise<tf.NamedTensorMap | null> {
  const json = join(dir, `${name}.json`);
  if (!existsSync(json)) return null;
  const manifest = (await readJson(json)) as Partial<WeightsFile> | null;
  if (!manifest || !Array.isArray(manifest.weightsManifest)) throw new ResumeError('E_RESUME_FORMAT', `${json} has no weightsManifest list.`);
  const group = manifest.weightsManifest[0];
  if (!group) return {};
  if (!Array.isArray(group.paths) || !Array.isArray(group.weights)) throw new ResumeError('E_RESUME_FORMAT', `${json}: its weightsManifest names no paths and weights.`);
  const bin = await readFile(fileInCheckpoint(root, dir, group.paths[0] ?? `${name}.bin`, json));
  return tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), group.weights);
}

/** Saves every network, optimizer and moving average, then the state; written to a temporary name, then renamed. */
export async function saveCheckpoint(dir: string, t: Training): Promise<void> {
  const tmp = `${dir}.partial`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  for (const [id, model] of Object.entries(t.networks) as [NetworkId, tf.LayersModel][]) {
    const netDir = join(tmp, id);
    await mkdir(netDir, { recursive: true });
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const { weightData, weightSpecs, ...rest } = artifacts;
        if (!weightData || !weightSpecs) throw new Error(`model ${id} has no weights to save`);
        await writeFile(join(netDir, 'weights.bin'), Buffer.from(tf.io.CompositeArrayBuffer.join(weightData)));
        await writeFile(join(netDir, 'model.json'), JSON.stringify({ ...rest, weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }] }));
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    const opt = t.optimizers.get(id);
    if (opt) await writeWeights(netDir, 'optimizer', await opt.getWeights());
    const ema = t.ema.get(id);
    if (ema) await writeWeights(netDir, 'ema', ema.map((v, i) => ({ name: String(i), tensor: v })));
  }
  const state: TrainingState = { step: t.step, seed: t.settings.seed, rng: t.rng.state(), savedAt: new Date().toISOString(), source: 'node' };
  await writeFile(join(tmp, 'training.json'), `${JSON.stringify(state, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
}

/** Loads a checkpoint into a fresh training: weights by name, optimizer slots, moving averages, step and generator. */
export async function loadCheckpoint(dir: string, t: Pick<Training, 'networks' | 'optimizers' | 'ema' | 'step' | 'rng'>): Promise<TrainingState> {
  const stateFile = join(dir, 'training.json');
  if (!existsSync(stateFile)) throw new Error(`${dir} is not a checkpoint (no training.json)`);
  const state = trainingState(stateFile, await readJson(stateFile));
  for (const [id, model] of Object.entries(t.networks) as [NetworkId, tf.LayersModel][]) {
    const weights = await readWeights(dir, join(dir, id), 'model');
    if (!weights) throw new Error(`${dir} has no weights for network ${id}`);
    model.loadWeights(weights, true);
    tf.dispose(Object.values(weights));
    const opt = t.optimizers.get(id);
    const slots = opt ? await readWeights(dir, join(dir, id), 'optimizer') : null;
    // tfjs optimizers keep their slots by position, in the order of the gradients they were given.
    if (opt && slots) await opt.setWeights(Object.entries(slots).map(([name, tensor]) => ({ name, tensor })));
    const ema = t.ema.get(id);
    const avg = ema ? await readWeights(dir, join(dir, id), 'ema') : null;
    if (ema && avg) ema.forEach((v, i) => v.assign(avg[String(i)] ?? v));
    if (ema && !avg) ema.forEach((v, i) => v.assign(model.getWeights()[i]!));
    if (avg) tf.dispose(Object.values(avg));
  }
  t.step = state.step;
  if (state.rng) t.rng = mulberry32(state.seed, state.rng);
  return state;
}

/** The newest checkpoint under `root` (by step), or null. */
export async function latestCheckpoint(root: string): Promise<string | null> {
  if (!existsSync(root)) return null;
  let best: { name: string; step: number } | null = null;
  for (const e of await readdir(root, { withFileTypes: true })) {
    const file = join(root, e.name, 'training.json');
    if (!e.isDirectory() || !existsSync(file)) continue;
    const { step } = trainingState(file, await readJson(file));
    if (!best || step > best.step || (step === best.step && e.name > best.name)) best = { name: e.name, step };
  }
  return best ? join(root, best.name) : null;
}
