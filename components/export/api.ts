'use client';
import type { Design } from '../../lib/graph/schema';
import type { WeightsPayload } from '../../lib/codegen/initial-checkpoint';
import type { ExportTarget } from '../../lib/codegen/export-target';

/** One file of the generated project as the preview returns it. */
export type PreviewFile = { path: string; contents: string; binary?: boolean };
export type Preview = { name: string; slug: string; target: ExportTarget; files: PreviewFile[] };

/** Weights as GAN Studio's checkpoints keep them (lib/train/trainer.ts Snapshot): float32 arrays per network. */
export type TrainedWeights = { step: number; weights: Record<string, Float32Array[]>; shapes: Record<string, number[][]> };

function base64(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A browser checkpoint as the export request's `weights`. */
export function weightsPayload(w: TrainedWeights): WeightsPayload {
  const networks: WeightsPayload['networks'] = {};
  for (const [id, list] of Object.entries(w.weights)) {
    networks[id] = list.map((values, i) => ({ shape: w.shapes[id]?.[i] ?? [values.length], data: base64(values) }));
  }
  return { step: w.step, networks };
}

async function post(design: Design, weights: TrainedWeights | null, target: ExportTarget, preview: boolean, signal?: AbortSignal): Promise<Response> {
  const body = JSON.stringify(weights ? { design, weights: weightsPayload(weights) } : design);
  const query = new URLSearchParams({ target, ...(preview ? { preview: '1' } : {}) });
  const res = await fetch(`/api/export?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal });
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as { error?: string } | null;
    throw new Error(err?.error ?? `the export failed (HTTP ${res.status})`);
  }
  return res;
}

/** The generated files of the target's project, for the preview. */
export async function fetchPreview(design: Design, weights: TrainedWeights | null, target: ExportTarget, signal?: AbortSignal): Promise<Preview> {
  return (await (await post(design, weights, target, true, signal)).json()) as Preview;
}

/** The project as a zip, with the file name the server chose. */
export async function fetchZip(design: Design, weights: TrainedWeights | null, target: ExportTarget): Promise<{ name: string; bytes: Uint8Array }> {
  const res = await post(design, weights, target, false);
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'gan-project.zip';
  return { name, bytes: new Uint8Array(await res.arrayBuffer()) };
}
