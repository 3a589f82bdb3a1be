import type { Snapshot } from './trainer';
import { dict, own } from '../records';

/**
 * Weights trained elsewhere (a PyTorch project's export_weights.py writes gan-studio-weights.json) checked against a
 * design before they become its checkpoint. `gan import-weights` and the training panel's "Import weights…" both call
 * these, so they refuse the same files with the same messages. The file's schema is zWeightsPayload
 * (lib/codegen/initial-checkpoint.ts); this layer only needs its shape, so any parsed payload fits.
 */
export type WeightTensors = readonly { readonly shape: readonly number[]; readonly data: string }[];
export type WeightsFile = { step: number; networks: Readonly<Record<string, WeightTensors>>; ema?: Readonly<Record<string, WeightTensors>> | undefined };

/** Per network, its weights' shapes in `model.getWeights()` order (a Trainer snapshot's `shapes`). */
export type WeightShapes = Readonly<Record<string, readonly (readonly number[])[]>>;

/** A checked file: a Trainer snapshot, plus the moving averages it carried (per network, same order and shapes). */
export type ImportedWeights = Snapshot & { ema: Record<string, Float32Array[]> };

/** 10⁸ float32 values base64-encoded (≈ 530 MB) and room for the JSON around them: the CLI reads from disk. */
export const MAX_WEIGHTS_BYTES_CLI = 600 * 1024 * 1024;
/**
 * The page reads the file as one string (File.text, then JSON.parse), and V8 refuses strings past ~512 MB; 256 MB —
 * ≈ 48 M parameters, many times the largest preset — keeps the text, its parse and the decoded floats (≈ 0.7 GB at
 * peak) within what a tab can hold.
 */
export const MAX_WEIGHTS_BYTES_BROWSER = 256 * 1024 * 1024;

export class WeightsImportError extends Error {
  override readonly name = 'WeightsImportError';
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MB`;

/** Refuses a file before it is read when it is over `limit` bytes, naming both sizes. */
export function checkWeightsSize(bytes: number, limit: number): void {
  if (bytes > limit) throw new WeightsImportError(`the file is ${mb(bytes)}; a weights file may be at most ${mb(limit)}`);
}

/** Base64 to float32 (little-endian, as Float32Array on every platform tfjs runs on), in a buffer of its own. */
function decode(base64: string, count: number, where: string): Float32Array {
  const bytes = typeof Buffer !== 'undefined' ? Uint8Array.from(Buffer.from(base64, 'base64')) : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  if (bytes.length !== count * 4) throw new WeightsImportError(`${where}: ${bytes.length} bytes of weights for ${count} float32 values`);
  return new Float32Array(bytes.buffer, bytes.byteOffset, count);
}

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/** Why `got` does not fit `want` (count first, then the first tensor whose shape differs), or null when it fits. */
export function tensorsMismatch(what: string, got: readonly (readonly number[])[], want: readonly (readonly number[])[]): string | null {
  if (got.length !== want.length) return `${what} has ${got.length} tensors; the design's has ${want.length}`;
  const i = got.findIndex((s, k) => shapeText(s) !== shapeText(want[k]!));
  return i < 0 ? null : `${what}: tensor ${i} is ${shapeText(got[i]!)}; the design's is ${shapeText(want[i]!)}`;
}

/**
 * The file as a snapshot of `expected`'s networks, or a WeightsImportError naming the first thing that does not fit:
 * a network the design lacks, one of its networks the file lacks, a tensor count, a tensor's shape (index, the file's
 * and the design's) or a tensor's byte length. Moving averages are checked the same way, for the networks that have
 * them.
 */
export function checkWeights(file: WeightsFile, expected: WeightShapes): ImportedWeights {
  for (const id of [...Object.keys(file.networks), ...Object.keys(file.ema ?? {})]) {
    if (!Object.hasOwn(expected, id)) throw new WeightsImportError(`the weights name the network "${id}", which the design does not have`);
  }
  const weights = dict<Float32Array[]>();
  const shapes = dict<number[][]>();
  const ema = dict<Float32Array[]>();
  const read = (list: WeightTensors, want: readonly (readonly number[])[], what: string) => {
    const wrong = tensorsMismatch(what, list.map((t) => t.shape), want);
    if (wrong) throw new WeightsImportError(wrong);
    return list.map((t, i) => decode(t.data, t.shape.reduce((a, b) => a * b, 1), `${what}: tensor ${i}`));
  };
  for (const [id, want] of Object.entries(expected)) {
    const given = own(file.networks, id);
    if (!given) throw new WeightsImportError(`the weights have nothing for the network "${id}"`);
    weights[id] = read(given, want, `network "${id}"`);
    shapes[id] = want.map((s) => [...s]);
    const avg = file.ema ? own(file.ema, id) : undefined;
    if (avg) ema[id] = read(avg, want, `the moving average of "${id}"`);
  }
  return { step: file.step, weights, shapes, ema };
}
