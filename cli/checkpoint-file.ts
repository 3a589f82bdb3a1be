import { accessSync, closeSync, constants, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { dict } from '../lib/records';
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
/** The header is the design (at most MAX_DESIGN_BYTES) and one line per tensor. */
export const MAX_CHECKPOINT_HEADER_BYTES = 16 * 1024 * 1024;

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
  shape: z.array(z.number().int().min(0).max(2 ** 31)).max(8),
});

export const zCheckpointHeaderV1 = z.object({
  format: z.literal('gan-studio/checkpoint'),
  version: z.literal(CHECKPOINT_VERSION),
  step: z.number().int().min(0),
  seed: z.number().int().min(0),
  batchSize: z.number().int().min(1),
  source: z.string(),
  design: z.unknown(),
  tensors: z.array(zTensorEntry).max(100_000),
  /** The run's health-check history (lib/train/diagnostics/run-record.ts), for `gan diagnose`; absent in older files. */
  run: z.unknown().optional(),
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
  /** The run's health-check history, unparsed (parseRunRecord reads it), or undefined in a checkpoint without one. */
  run: unknown;
};

export type CheckpointMeta = { seed: number; source: string; run?: unknown };

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
  const header = { format: 'gan-studio/checkpoint', version: CHECKPOINT_VERSION, step: snapshot.step, seed: meta.seed, batchSize, source: meta.source, design, tensors, ...(meta.run !== undefined ? { run: meta.run } : {}) };
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
  const h = decodeHeader(bytes, bytes.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const snapshot: Snapshot = { step: h.step, weights: dict(), shapes: dict() };
  const ema = dict<Float32Array[]>();
  let offset = h.dataStart;
  h.tensors.forEach((t, i) => {
    const a = new Float32Array(h.sizes[i]!);
    for (let j = 0; j < a.length; j++, offset += 4) a[j] = view.getFloat32(offset, true);
    if (t.kind === 'weight') {
      (snapshot.weights[t.network] ??= []).push(a);
      (snapshot.shapes[t.network] ??= []).push(t.shape);
    } else {
      (ema[t.network] ??= []).push(a);
    }
  });
  return { design: h.design, snapshot, ema: Object.keys(ema).length ? ema : null, step: h.step, seed: h.seed, batchSize: h.batchSize, source: h.source, run: h.run };
}

type Header = z.infer<typeof zCheckpointHeaderV1> & { design: Design; sizes: number[]; dataStart: number };

/**
 * The header from the first bytes of a checkpoint, checked against the size of the whole file before any tensor is
 * read: what it declares must add up to `fileBytes` exactly, and name only the networks of its design.
 */
function decodeHeader(bytes: Uint8Array, fileBytes: number): Header {
  if (bytes.byteLength < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== CHECKPOINT_MAGIC) {
    throw new CheckpointError('E_CKPT_FORMAT', 'it does not start with "GANSCKPT". Write one with `gan train <design> --steps N --save FILE`.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLength = view.getUint32(8, true);
  if (headLength > MAX_CHECKPOINT_HEADER_BYTES) throw new CheckpointError('E_CKPT_CORRUPT', `the header claims ${headLength} bytes; a header is at most ${MAX_CHECKPOINT_HEADER_BYTES / 2 ** 20} MB.`);
  if (12 + headLength > fileBytes) throw new CheckpointError('E_CKPT_CORRUPT', `the header claims ${headLength} bytes; the file has ${fileBytes - 12} after the magic.`);
  if (12 + headLength > bytes.byteLength) throw new CheckpointError('E_CKPT_CORRUPT', `the header is cut short.`);
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
  const networks = new Set(design.design.networks.map((n) => n.id));
  const stranger = h.tensors.find((t) => !networks.has(t.network));
  if (stranger) throw new CheckpointError('E_CKPT_MISMATCH', `a tensor belongs to the network "${stranger.network}", which its design does not have.`);

  const dataStart = align4(12 + headLength);
  const sizes = h.tensors.map((t) => t.shape.reduce((a, b) => a * b, 1));
  const expected = dataStart + sizes.reduce((a, b) => a + b, 0) * 4;
  if (fileBytes !== expected) {
    throw new CheckpointError('E_CKPT_CORRUPT', `the header lists ${expected} bytes in all; the file has ${fileBytes}.`);
  }
  return { ...h, design: design.design, sizes, dataStart };
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
  const fd = openSync(path, 'r');
  try {
    // The header first: what it declares is checked against the file's size before the file is read whole.
    const lead = new Uint8Array(Math.min(size, 12));
    readSync(fd, lead, 0, lead.length, 0);
    const headLength = lead.length === 12 ? new DataView(lead.buffer).getUint32(8, true) : 0;
    const head = new Uint8Array(Math.min(size, 12 + Math.min(headLength, MAX_CHECKPOINT_HEADER_BYTES)));
    readSync(fd, head, 0, head.length, 0);
    decodeHeader(head, size);
    const buf = new Uint8Array(size);
    readSync(fd, buf, 0, size, 0);
    return decodeCheckpoint(buf);
  } finally {
    closeSync(fd);
  }
}

/** Where a checkpoint is written before it is renamed into place (train.ts): beside it, named by this process. */
export const temporaryFor = (path: string) => `${path}.${process.pid}.tmp`;

/** Why a checkpoint cannot be written to `path` (its folder is missing or read-only, it is a folder), or null. */
export function checkpointTargetProblem(path: string): string | null {
  const dir = dirname(path);
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a folder.`;
  } catch {
    return `the folder ${dir} does not exist; create it first.`;
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `the folder ${dir} is not writable.`;
  }
  try {
    if (statSync(path).isDirectory()) return `${path} is a folder; name a file.`;
  } catch {
    // Not there yet: the usual case.
  }
  return null;
}

/** Removes `<path>.<pid>.tmp` files that a killed `gan train --save` left (their process is gone). */
export function removeStaleTemporaries(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (m && !alive(Number(m[1]))) rmSync(join(dir, name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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
