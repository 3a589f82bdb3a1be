import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { codedErrorClass } from '../lib/coded-error';
import { parseDesign } from '../lib/graph/parse';
import type { Design } from '../lib/graph/schema';
import type { Snapshot, Trainer } from '../lib/train/trainer';

/**
 * A trained design on disk (`gan train --save FILE`, read by `gan eval FILE`). One binary file:
 *
 *   bytes 0–7    "GANSCKPT"
 *   bytes 8–11   header length H, uint32 little-endian
 *   next H bytes header, UTF-8 JSON (zCheckpointHeaderV1): the design, the step, the seed, and per tensor
 *                its network, kind and shape, in data order
 *   zero padding to a multiple of 4 bytes
 *   the rest     every tensor's float32 values, little-endian, in header order
 *
 * The design travels inside, so a checkpoint evaluates without the file it was trained from, and goes through the
 * same boundary parse (and migrations) as a .gan.json file.
 */
export const CHECKPOINT_MAGIC = 'GANSCKPT';
export const CHECKPOINT_VERSION = 1;
/** A DCGAN checkpoint is ~5 MB; anything this large is not one of ours. */
export const MAX_CHECKPOINT_BYTES = 1024 * 1024 * 1024;

export const CHECKPOINT_ERRORS = {
  E_CKPT_READ: 'The checkpoint file cannot be read',
  E_CKPT_FORMAT: 'The file is not a GAN Studio checkpoint',
  E_CKPT_VERSION: 'The checkpoint has a version this build cannot read',
  E_CKPT_CORRUPT: 'The checkpoint is truncated or damaged',
  E_CKPT_MISMATCH: "The checkpoint's weights do not fit its design",
} as const;

export type CheckpointErrorCode = keyof typeof CHECKPOINT_ERRORS;

export class CheckpointError extends codedErrorClass('CheckpointError', CHECKPOINT_ERRORS) {}

const zTensorEntry = z.object({
  network: z.string(),
  /** 'weight': Trainer.snapshot() weights (getWeights order); 'ema': the generator's moving average, when kept. */
  kind: z.enum(['weight', 'ema']),
  shape: z.array(z.number().int().min(0)).max(8),
});

export const zCheckpointHeaderV1 = z.object({
  format: z.literal('gan-studio/checkpoint'),
  version: z.literal(CHECKPOINT_VERSION),
  step: z.number().int().min(0),
  seed: z.number().int().min(0),
  batchSize: z.number().int().min(1),
  source: z.string(),
  design: z.unknown(),
  tensors: z.array(zTensorEntry),
});

export type Checkpoint = {
  design: Design;
  snapshot: Snapshot;
  /** Moving-average generator weights, by network, when the trainer kept and exported them. */
  ema: Record<string, Float32Array[]> | null;
  step: number;
  seed: number;
  batchSize: number;
  source: string;
};

export type CheckpointMeta = { seed: number; source: string };

/** `trainer.snapshot()` and its design as checkpoint bytes. */
export function encodeCheckpoint(design: Design, snapshot: Snapshot, batchSize: number, meta: CheckpointMeta): Uint8Array {
  const tensors: z.infer<typeof zTensorEntry>[] = [];
  const arrays: Float32Array[] = [];
  for (const [network, ws] of Object.entries(snapshot.weights)) {
    ws.forEach((w, i) => {
      tensors.push({ network, kind: 'weight', shape: snapshot.shapes[network]![i]! });
      arrays.push(w);
    });
  }
  for (const [network, ws] of Object.entries(snapshot.ema ?? {})) {
    ws.forEach((w, i) => {
      tensors.push({ network, kind: 'ema', shape: snapshot.shapes[network]?.[i] ?? [w.length] });
      arrays.push(w);
    });
  }
  const header = { format: 'gan-studio/checkpoint', version: CHECKPOINT_VERSION, step: snapshot.step, seed: meta.seed, batchSize, source: meta.source, design, tensors };
  const head = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align4(12 + head.byteLength);
  const values = arrays.reduce((s, a) => s + a.length, 0);
  const out = new Uint8Array(dataStart + values * 4);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  view.setUint32(8, head.byteLength, true);
  out.set(head, 12);
  let offset = dataStart;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++, offset += 4) view.setFloat32(offset, a[i]!, true);
  }
  return out;
}

/** Parses checkpoint bytes; throws a CheckpointError with a code for anything that is not a well-formed checkpoint. */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  if (bytes.byteLength < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== CHECKPOINT_MAGIC) {
    throw new CheckpointError('E_CKPT_FORMAT', 'it does not start with "GANSCKPT". Write one with `gan train <design> --steps N --save FILE`.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLength = view.getUint32(8, true);
  if (12 + headLength > bytes.byteLength) throw new CheckpointError('E_CKPT_CORRUPT', `the header claims ${headLength} bytes; the file has ${bytes.byteLength - 12} after the magic.`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + headLength)));
  } catch {
    throw new CheckpointError('E_CKPT_CORRUPT', 'the header is not valid UTF-8 JSON.');
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (version !== CHECKPOINT_VERSION) {
    throw new CheckpointError('E_CKPT_VERSION', `the file is version ${String(version)}; this build reads version ${CHECKPOINT_VERSION}.`);
  }
  const parsed = zCheckpointHeaderV1.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CheckpointError('E_CKPT_CORRUPT', `header: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`);
  }
  const h = parsed.data;
  const design = parseDesign(h.design);
  if (!design.ok) throw new CheckpointError('E_CKPT_CORRUPT', `its design does not parse: ${design.problems[0]?.message ?? 'invalid'}`);

  const dataStart = align4(12 + headLength);
  const sizes = h.tensors.map((t) => t.shape.reduce((a, b) => a * b, 1));
  const expected = dataStart + sizes.reduce((a, b) => a + b, 0) * 4;
  if (bytes.byteLength !== expected) {
    throw new CheckpointError('E_CKPT_CORRUPT', `the header lists ${expected} bytes in all; the file has ${bytes.byteLength}.`);
  }
  const snapshot: Snapshot = { step: h.step, weights: {}, shapes: {} };
  const ema: Record<string, Float32Array[]> = {};
  let offset = dataStart;
  h.tensors.forEach((t, i) => {
    const a = new Float32Array(sizes[i]!);
    for (let j = 0; j < a.length; j++, offset += 4) a[j] = view.getFloat32(offset, true);
    if (t.kind === 'weight') {
      (snapshot.weights[t.network] ??= []).push(a);
      (snapshot.shapes[t.network] ??= []).push(t.shape);
    } else {
      (ema[t.network] ??= []).push(a);
    }
  });
  return { design: design.design, snapshot, ema: Object.keys(ema).length ? ema : null, step: h.step, seed: h.seed, batchSize: h.batchSize, source: h.source };
}

/** Writes the trainer's current weights and its design to `path` (what `gan train --save` calls). */
export async function writeCheckpoint(path: string, design: Design, trainer: Trainer, meta: CheckpointMeta): Promise<void> {
  writeFileSync(path, encodeCheckpoint(design, await trainer.snapshot(), trainer.batchSize, meta));
}

/** Reads and parses a checkpoint; the size is checked before anything is read. */
export function readCheckpoint(path: string): Checkpoint {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new CheckpointError('E_CKPT_READ', `${path} is not a file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    throw new CheckpointError('E_CKPT_READ', `cannot read ${path}: no such file.`);
  }
  if (size > MAX_CHECKPOINT_BYTES) throw new CheckpointError('E_CKPT_FORMAT', `${path} is ${(size / 2 ** 20).toFixed(0)} MB; a checkpoint is at most ${MAX_CHECKPOINT_BYTES / 2 ** 20} MB.`);
  const buf = new Uint8Array(size);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, size, 0);
  } finally {
    closeSync(fd);
  }
  return decodeCheckpoint(buf);
}

/** Whether a file starts with the checkpoint magic (so `gan eval FILE` can tell checkpoints from designs). */
export function isCheckpointFile(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = new Uint8Array(8);
      return readSync(fd, head, 0, 8, 0) === 8 && new TextDecoder().decode(head) === CHECKPOINT_MAGIC;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

const align4 = (n: number) => (n + 3) & ~3;
