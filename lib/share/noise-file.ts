/**
 * The latent explorer's noise file ("Export noise (JSON)", components/explore/ExplorerDialog.tsx), read back by an
 * exported project's `sample --noise FILE` so it renders G on exactly the explorer's vectors. Plain TypeScript with no
 * imports: it travels into exported projects as src/lib/share/noise-file.ts, and the PyTorch project's sample.py
 * checks the same things in the same order with the same messages.
 *
 * The document: { format: "gan-studio-latents", version: 1, latent: { dim, … }, draws: number[][], labels:
 * int[] | null, picks: { a, b }, interpolation: { vectors } | null, moved: number[][] | null, classGrid: { noisePerClass,
 * classes, labels } | null, … }. Only format, version, latent.dim and draws are required, so a hand-written file
 * needs no more; a view other than the draws needs its own fields.
 */

export const NOISE_FORMAT = 'gan-studio-latents';
export const NOISE_VERSION = 1;
/** The most vectors one file may ask G for: 1,024 DCGAN samples are ~3 MB of pixels and one forward pass. */
export const MAX_NOISE_VECTORS = 1024;
/** The largest noise file read: 1,024 vectors of 512 numbers written in full are ~20 MB of JSON. */
export const MAX_NOISE_FILE_BYTES = 32 * 1024 * 1024;
/** Tiles per row of the draws, as the explorer lays them out (its COLUMNS). */
export const DRAW_COLUMNS = 8;

/** The parts of the explorer's view a file holds: the draws, the path from A to B, A moved, the class × noise grid. */
export const NOISE_VIEWS = ['draws', 'path', 'moved', 'classes'] as const;
export type NoiseView = (typeof NOISE_VIEWS)[number];

/** What the design's generator takes: its latent's dimension, and its class count (null: no labels). */
export type NoiseTarget = { dim: number; classes: number | null };

/** `n` vectors of `dim` numbers, row after row; one label per vector for a conditional design; tiles per row. */
export type NoiseBatch = { vectors: Float32Array; count: number; labels: Int32Array | null; columns: number };

/** Why a noise file was refused: `code` is stable (E_NOISE_…), the message names the file and what is wrong. */
export class NoiseFileError extends Error {
  constructor(
    readonly code: 'E_NOISE_FILE' | 'E_NOISE_FORMAT' | 'E_NOISE_TOO_MANY' | 'E_NOISE_DIM' | 'E_NOISE_VALUE' | 'E_NOISE_LABELS' | 'E_NOISE_VIEW',
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'NoiseFileError';
  }
}

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v.slice(0, 40));
  if (v === undefined) return 'missing';
  if (typeof v === 'number') return String(v);
  return (JSON.stringify(v) ?? String(v)).slice(0, 40);
};

/** A file's size, checked before it is read. */
export function checkNoiseFileSize(name: string, bytes: number): void {
  if (bytes > MAX_NOISE_FILE_BYTES) throw new NoiseFileError('E_NOISE_FILE', `${name} is ${(bytes / 1024 / 1024).toFixed(1)} MB; a noise file is at most ${MAX_NOISE_FILE_BYTES / 1024 / 1024} MB.`);
}

/**
 * The vectors (and labels) of `view` in the noise file `text` (named `name` in messages), checked against what the
 * design's generator takes. Every count is checked before any array is allocated. Throws NoiseFileError.
 */
export function readNoiseFile(name: string, text: string, target: NoiseTarget, view: NoiseView = 'draws'): NoiseBatch {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new NoiseFileError('E_NOISE_FILE', `${name} is not JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (!isObject(doc) || doc['format'] !== NOISE_FORMAT) {
    throw new NoiseFileError('E_NOISE_FORMAT', `${name} is not a GAN Studio noise file: its "format" is ${show(isObject(doc) ? doc['format'] : doc)}, not "${NOISE_FORMAT}".`);
  }
  if (doc['version'] !== NOISE_VERSION) throw new NoiseFileError('E_NOISE_FORMAT', `${name} has "version" ${show(doc['version'])}; this project reads version ${NOISE_VERSION}.`);
  const latent = doc['latent'];
  const dim = isObject(latent) ? latent['dim'] : undefined;
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1) throw new NoiseFileError('E_NOISE_FORMAT', `${name} has no whole-number "latent.dim" (it is ${show(dim)}).`);
  if (dim !== target.dim) throw new NoiseFileError('E_NOISE_DIM', `${name} holds ${dim}-dimensional noise; this design's generator takes ${target.dim}-dimensional noise.`);

  const draws = doc['draws'];
  if (!Array.isArray(draws)) throw new NoiseFileError('E_NOISE_FORMAT', `${name} has no "draws" list of noise vectors.`);
  const rows = (field: string, v: unknown): unknown[] => {
    if (!Array.isArray(v)) throw new NoiseFileError('E_NOISE_VIEW', `${name} has no "${field}" list of noise vectors for this view.`);
    return v;
  };
  const labels = doc['labels'] ?? null;
  const picks = isObject(doc['picks']) ? doc['picks'] : {};
  /** The label of pick A: a path and a sweep keep the class of the sample they start from. */
  const labelOfA = (): unknown => {
    const a = picks['a'];
    if (!Array.isArray(labels)) return undefined;
    if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a >= labels.length) throw new NoiseFileError('E_NOISE_VIEW', `${name}: "picks.a" is ${show(a)}, not the index of one of its ${labels.length} draws.`);
    return labels[a];
  };

  let list: unknown[];
  let labelList: unknown[] | null = null;
  let columns = DRAW_COLUMNS;
  if (view === 'draws') {
    list = draws;
    labelList = Array.isArray(labels) ? labels : null;
  } else if (view === 'path') {
    const path = doc['interpolation'];
    list = rows('interpolation.vectors', isObject(path) ? path['vectors'] : undefined);
    if (target.classes !== null && Array.isArray(labels)) labelList = list.map(labelOfA);
    columns = Math.max(list.length, DRAW_COLUMNS);
  } else if (view === 'moved') {
    list = rows('moved', doc['moved']);
    if (target.classes !== null && Array.isArray(labels)) labelList = list.map(labelOfA);
    columns = 1;
  } else {
    const grid = doc['classGrid'];
    const per = isObject(grid) ? grid['noisePerClass'] : undefined;
    if (!isObject(grid) || typeof per !== 'number' || !Number.isInteger(per) || per < 1) throw new NoiseFileError('E_NOISE_VIEW', `${name} has no "classGrid" with a whole-number "noisePerClass" for this view.`);
    labelList = rows('classGrid.labels', grid['labels']);
    if (per > draws.length) throw new NoiseFileError('E_NOISE_VIEW', `${name}: "classGrid.noisePerClass" is ${per}, but it holds ${draws.length} draws.`);
    // Checked here too, before the rows are repeated below.
    if (labelList.length > MAX_NOISE_VECTORS) throw tooMany(name, labelList.length);
    list = labelList.map((_, i) => draws[i % per]);
    columns = per;
  }

  const count = list.length;
  if (count === 0) throw new NoiseFileError('E_NOISE_FORMAT', `${name} holds no noise vectors for the ${view} view.`);
  if (count > MAX_NOISE_VECTORS) throw tooMany(name, count);
  list.forEach((v, i) => {
    if (!Array.isArray(v)) throw new NoiseFileError('E_NOISE_FORMAT', `${name}: vector ${i} of the ${view} view is not a list of numbers.`);
    if (v.length !== dim) throw new NoiseFileError('E_NOISE_DIM', `${name}: vector ${i} of the ${view} view has ${v.length} numbers; this design's generator takes ${dim}-dimensional noise.`);
  });

  let y: Int32Array | null = null;
  if (target.classes === null) {
    if (labelList && view === 'classes') throw new NoiseFileError('E_NOISE_LABELS', `${name} has class labels, but this design's generator takes none.`);
  } else {
    const k = target.classes;
    if (!labelList) throw new NoiseFileError('E_NOISE_LABELS', `${name} has no "labels"; this design's generator needs a class (0–${k - 1}) for every vector.`);
    if (labelList.length !== count) throw new NoiseFileError('E_NOISE_LABELS', `${name} has ${labelList.length} labels for ${count} noise vectors.`);
    labelList.forEach((c, i) => {
      if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= k) throw new NoiseFileError('E_NOISE_LABELS', `${name}: label ${i} is ${show(c)}, not a class of this design's ${k} (0–${k - 1}).`);
    });
    y = Int32Array.from(labelList as number[]);
  }

  const vectors = new Float32Array(count * dim);
  list.forEach((v, i) =>
    (v as unknown[]).forEach((x, j) => {
      // JSON has no NaN or Infinity, but 1e999 parses to Infinity, and a float32 overflows past 3.4e38.
      const f = typeof x === 'number' ? Math.fround(x) : NaN;
      if (!Number.isFinite(f)) throw new NoiseFileError('E_NOISE_VALUE', `${name}: number ${j} of vector ${i} of the ${view} view is ${show(x)}, not a finite number.`);
      vectors[i * dim + j] = f;
    }),
  );
  return { vectors, count, labels: y, columns };
}

const tooMany = (name: string, n: number) =>
  new NoiseFileError('E_NOISE_TOO_MANY', `${name} asks for ${n.toLocaleString('en')} noise vectors; at most ${MAX_NOISE_VECTORS.toLocaleString('en')} are rendered at once.`);
