import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { blocks } from '../blocks';
import { buildNetwork } from '../compile/build-network';
import type { Design } from '../graph/schema';
import type { DesignReport } from '../validate/validate';
import type { FileContents } from './generate';
import { own } from '../records';

type Tf = typeof tfType;

/**
 * Weights trained in the browser, sent along with an export: per network, its weights in `model.getWeights()` order
 * (the order of GAN Studio's checkpoints, lib/train/trainer.ts Snapshot) as base64 little-endian float32 with their
 * shapes. The exporter turns them into the project's first checkpoint, `checkpoints/initial/`, in the TensorFlow.js
 * format the project saves and resumes from.
 */
export const zWeightsPayload = z.object({
  step: z.number().int().min(0).max(1e9).default(0),
  networks: z.record(
    z.string().max(64),
    z.array(z.object({ shape: z.array(z.number().int().min(0).max(1 << 24)).max(8), data: z.string() })).max(10_000),
  ),
  /** The generators' moving averages, in the same order, when a run kept them (a PyTorch run's, for gan import-weights). */
  ema: z
    .record(z.string().max(64), z.array(z.object({ shape: z.array(z.number().int().min(0).max(1 << 24)).max(8), data: z.string() })).max(10_000))
    .optional(),
});
export type WeightsPayload = z.infer<typeof zWeightsPayload>;

export class WeightsError extends Error {}

/**
 * Checks a payload against the design's parameter counts from validation before any model is built: every network
 * present and no other, and per network as many float32 values (by shape and by data length) as it has parameters. A
 * few KB of payload naming a 10⁸-parameter design is refused here, not after allocating the model.
 */
export function checkPayloadSizes(design: Design, report: DesignReport, payload: WeightsPayload): void {
  for (const id of Object.keys(payload.networks)) {
    if (!design.networks.some((n) => n.id === id)) throw new WeightsError(`the weights name the network "${id}", which the design does not have`);
  }
  for (const net of design.networks) {
    const given = own(payload.networks, net.id);
    if (!given) throw new WeightsError(`the weights have nothing for the network "${net.id}"`);
    const r = own(report.networks, net.id);
    const want = r ? r.count.trainable + r.count.nonTrainable : 0;
    let byShape = 0;
    let byData = 0;
    for (const w of given) {
      byShape += w.shape.reduce((a, b) => a * b, 1);
      byData += base64Bytes(w.data) / 4;
    }
    if (byShape !== want || byData !== want) {
      throw new WeightsError(`network "${net.id}" has ${want.toLocaleString('en')} parameters; the weights hold ${Math.min(byShape, byData).toLocaleString('en')} values${byShape !== byData ? ` (their shapes say ${byShape.toLocaleString('en')})` : ''}`);
    }
  }
}

/** The bytes a base64 string decodes to, from its length (padding counted), without decoding it. */
function base64Bytes(s: string): number {
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}

/** Base64 to float32 (little-endian, as Float32Array on every platform tfjs runs on). */
export function floats(base64: string, expected: number, where: string): Float32Array {
  const bytes = typeof Buffer !== 'undefined' ? Uint8Array.from(Buffer.from(base64, 'base64')) : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  if (bytes.length !== expected * 4) throw new WeightsError(`${where}: ${bytes.length} bytes of weights for ${expected} float32 values`);
  return new Float32Array(bytes.buffer, bytes.byteOffset, expected);
}

/** Float32 weights as base64, for building a payload (the browser's side, tests). */
export function encodeFloats(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (typeof Buffer !== 'undefined') return Buffer.from(bytes).toString('base64');
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/**
 * `checkpoints/initial/<network>/model.json` + `weights.bin` and `checkpoints/initial/training.json` from a weights
 * payload: each network is built with GAN Studio's compiler (the same layers and weight names as the project's
 * models.ts), given the payload's weights, and saved through tf.io.withSaveHandler. Throws WeightsError when the
 * payload does not fit the design (unknown network, wrong count or shape).
 */
export async function initialCheckpointFiles(tf: Tf, design: Design, report: DesignReport, payload: WeightsPayload): Promise<Map<string, FileContents>> {
  const files = new Map<string, FileContents>();
  checkPayloadSizes(design, report, payload);
  for (const net of design.networks) {
    const given = own(payload.networks, net.id)!;
    const model = buildNetwork(tf, net, report.networks[net.id]!, blocks);
    try {
      // model.weights, not getWeights(): the latter hands out the variables themselves, not copies.
      const shapes = model.weights.map((w) => w.shape.map((d) => d ?? 0));
      if (given.length !== shapes.length) throw new WeightsError(`network "${net.id}" has ${shapes.length} weight tensors; the payload has ${given.length}`);
      const tensors = given.map((w, i) => {
        const want = shapes[i]!;
        if (w.shape.join() !== want.join()) throw new WeightsError(`network "${net.id}", weight ${i}: shape [${w.shape.join(', ')}], expected [${want.join(', ')}]`);
        return tf.tensor(floats(w.data, want.reduce((a, b) => a * b, 1), `network "${net.id}", weight ${i}`), want, 'float32');
      });
      model.setWeights(tensors);
      tf.dispose(tensors);
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          const { weightData, weightSpecs, ...rest } = artifacts;
          if (!weightData || !weightSpecs) throw new WeightsError(`network "${net.id}" saved no weights`);
          files.set(`checkpoints/initial/${net.id}/weights.bin`, new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData)));
          files.set(`checkpoints/initial/${net.id}/model.json`, JSON.stringify({ ...rest, weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }] }));
          return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
        }),
      );
    } finally {
      model.dispose();
    }
  }
  const state = { step: payload.step, seed: design.training.settings.seed, savedAt: new Date().toISOString(), source: 'browser' };
  files.set('checkpoints/initial/training.json', `${JSON.stringify(state, null, 2)}\n`);
  return files;
}
