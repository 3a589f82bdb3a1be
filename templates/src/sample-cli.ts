import * as tf from '@tensorflow/tfjs';
import { readFile, stat, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKENDS, selectBackend, type BackendChoice } from './backend.js';
import { latestCheckpoint, loadCheckpoint } from './checkpoint.js';
import { integer, runAsProgram } from './cli.js';
import { sampleKind, settings } from './config.js';
import { generated, LATENT, type Sources } from './graph.js';
import { encodeLabels } from './lib/data/source.js';
import { mulberry32 } from './lib/rng.js';
import { checkNoiseFileSize, DRAW_COLUMNS, MAX_NOISE_VECTORS, NOISE_VIEWS, readNoiseFile, type NoiseBatch, type NoiseView } from './lib/share/noise-file.js';
import { inference } from './lib/train/step.js';
import { encodePng } from './png.js';
import { imageGrid, pointTiles } from './sample.js';
import { createSampler, disposeSampler } from './trainer.js';

/**
 * `npm run sample -- [options]`: the generator of a checkpoint on chosen noise, as a PNG with one tile per vector in
 * order — the vectors of a noise file saved by GAN Studio's latent explorer (`--noise FILE`), so the picture is the
 * explorer's, or `--count` vectors drawn with `--seed`. python sample.py --noise FILE does the same in the PyTorch
 * export, and from the same weights draws the same samples.
 */

const HELP = `usage: npm run sample -- [options]
  --noise FILE.json   the noise vectors (and class labels) of GAN Studio's latent explorer ("Export noise (JSON)")
  --view NAME         which of the file's views: ${NOISE_VIEWS.join(', ')} (default draws)
  --seed N            without --noise: draw the vectors with this seed (default ${settings.seed})
  --count K           without --noise: how many (default 16, at most ${MAX_NOISE_VECTORS})
  --checkpoint DIR    the weights (default: the newest under ./checkpoints)
  --out FILE.png      the picture (default samples/noise.png)
  --values FILE.json  also write the generated samples as numbers ({ shape, values }, channels last)
  --backend NAME      auto (default), ${BACKENDS.join(', ')}`;

/** The generator's latent input as graph.ts states it (lib/codegen/latent-input.ts), or why it has none. */
type Latent = {
  readonly node: string;
  readonly port: string;
  readonly dim: number;
  readonly distribution: 'normal' | 'uniform';
  readonly scale: number;
  readonly labels: { readonly node: string; readonly port: string; readonly classes: number; readonly encoding: 'one-hot' | 'index' } | null;
};

type Options = { noise: string | null; view: NoiseView; seed: number; count: number; checkpoint: string | null; out: string; values: string | null; backend: BackendChoice };


export function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      noise: { type: 'string' },
      view: { type: 'string', default: 'draws' },
      seed: { type: 'string' },
      count: { type: 'string' },
      checkpoint: { type: 'string' },
      out: { type: 'string', default: 'samples/noise.png' },
      values: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const view = values.view as NoiseView;
  if (!NOISE_VIEWS.includes(view)) throw new Error(`--view must be one of ${NOISE_VIEWS.join(', ')}; got "${values.view}"`);
  if (values.noise !== undefined && (values.seed !== undefined || values.count !== undefined)) throw new Error('--seed and --count draw the vectors; --noise reads them: give one or the other');
  const backend = values.backend as BackendChoice;
  if (backend !== 'auto' && !(BACKENDS as readonly string[]).includes(backend)) throw new Error(`--backend must be auto or one of ${BACKENDS.join(', ')}; got "${backend}"`);
  return {
    noise: values.noise ?? null,
    view,
    seed: integer('seed', values.seed, settings.seed, 0, 2 ** 31 - 1),
    count: integer('count', values.count, 16, 1, MAX_NOISE_VECTORS),
    checkpoint: values.checkpoint ?? null,
    out: values.out,
    values: values.values ?? null,
    backend,
  };
}

/** `count` vectors from the latent's own distribution, seeded; labels cycle through the classes (the explorer's grid). */
function drawn(latent: Latent, count: number, seed: number): NoiseBatch {
  const rng = mulberry32(seed);
  const vectors = Float32Array.from({ length: count * latent.dim }, () => (latent.distribution === 'uniform' ? 2 * rng.next() - 1 : latent.scale * rng.normal()));
  const labels = latent.labels ? Int32Array.from({ length: count }, (_, i) => i % latent.labels!.classes) : null;
  return { vectors, count, labels, columns: DRAW_COLUMNS };
}

async function noiseBatch(o: Options, latent: Latent): Promise<NoiseBatch> {
  if (o.noise === null) return drawn(latent, o.count, o.seed);
  const name = basename(o.noise);
  const unreadable = (e: unknown) => new Error(`E_NOISE_FILE: cannot read ${o.noise} (${(e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e))})`);
  const size = await stat(o.noise).then((s) => s.size, (e: unknown) => Promise.reject(unreadable(e)));
  checkNoiseFileSize(name, size);
  const text = await readFile(o.noise, 'utf8').catch((e: unknown) => Promise.reject(unreadable(e)));
  return readNoiseFile(name, text, { dim: latent.dim, classes: latent.labels?.classes ?? null }, o.view);
}

export async function main(argv: string[]): Promise<number> {
  const o = parseOptions(argv);
  if (o === 'help') {
    console.log(HELP);
    return 0;
  }
  // A cast, not a declared type: assigning would narrow to what this design has, and a reason string leaves `never`.
  const latent = LATENT as Latent | string;
  if (typeof latent === 'string') throw new Error(`this design cannot be sampled from chosen noise: ${latent}`);
  // The file is read and checked before a backend or a network is started.
  const batch = await noiseBatch(o, latent);
  const dir = o.checkpoint ? resolve(o.checkpoint) : await latestCheckpoint(resolve('checkpoints'));
  if (!dir) throw new Error(`no checkpoint under ${resolve('checkpoints')}: train first (npm run train) or pass --checkpoint DIR`);
  await selectBackend(o.backend, () => undefined);
  const t = createSampler();
  try {
    const state = await loadCheckpoint(dir, t);
    const z = tf.tensor2d(batch.vectors, [batch.count, latent.dim]);
    const y = batch.labels && latent.labels ? encodeLabels(tf, batch.labels, latent.labels.encoding, latent.labels.classes) : null;
    const fed: Record<string, Record<string, tf.Tensor>> = { [latent.node]: { [latent.port]: z } };
    if (y && latent.labels) fed[latent.labels.node] = { ...fed[latent.labels.node], [latent.labels.port]: y };
    // graph.ts's generated() reads only the sources the sample's calls read: LATENT says those are z and y.
    const fake = inference(t, mulberry32(settings.seed + 2), () => tf.tidy(() => tf.clone(generated(t.networks, fed as unknown as Sources))));
    tf.dispose([z, y ?? []]);
    try {
      const out = resolve(o.out);
      let png: Buffer;
      if (sampleKind.kind === 'points') {
        const p = pointTiles(await fake.data(), sampleKind.extent, sampleKind.dims, batch.columns);
        png = encodePng(p.pixels, p.width, p.height, 3);
      } else {
        const g = await imageGrid(fake, sampleKind, batch.columns);
        png = encodePng(g.pixels, g.width, g.height, g.channels);
      }
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, png);
      if (o.values) {
        await mkdir(dirname(resolve(o.values)), { recursive: true });
        await writeFile(resolve(o.values), `${JSON.stringify({ shape: fake.shape, values: Array.from(await fake.data()) })}\n`);
      }
      console.log(`sample: ${out} (${batch.count} vectors${o.noise ? ` from ${o.noise}, view ${o.view}` : `, seed ${o.seed}`}; ${dir} at step ${state.step})`);
    } finally {
      fake.dispose();
    }
    return 0;
  } finally {
    disposeSampler(t);
  }
}

runAsProgram(import.meta.url, main);
