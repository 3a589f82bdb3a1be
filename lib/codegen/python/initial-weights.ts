import type { Design } from '../../graph/schema';
import type { DesignReport } from '../../validate/validate';
import { checkPayloadSizes, floats, WeightsError, type WeightsPayload } from '../initial-checkpoint';
import { dict, own } from '../../records';
import type { FileContents } from '../generate';
import { permuteValues, type TorchModels } from './emit-models';

/**
 * Weights trained in the browser, for the PyTorch project to start from: each network's weights (getWeights order,
 * tfjs layouts) go through the layout its blocks declared (models.ts `layout`: state_dict key and axis order) into
 * `weights/initial.bin` (little-endian float32) with `weights/initial.json` naming each tensor's key, shape and offset.
 * train.py loads them, strictly, when it starts a run. Throws WeightsError when the payload does not fit the design.
 */
export function torchInitialWeights(design: Design, report: DesignReport, models: TorchModels, payload: WeightsPayload): Map<string, FileContents> {
  checkPayloadSizes(design, report, payload);
  const chunks: Float32Array[] = [];
  let offset = 0;
  const networks = dict<{ key: string; shape: number[]; offset: number }[]>();
  for (const net of design.networks) {
    const given = own(payload.networks, net.id)!;
    const layout = models.layout.get(net.id)!;
    if (given.length !== layout.length) throw new WeightsError(`"${net.id}" has ${layout.length} weight tensors in PyTorch; the payload has ${given.length}`);
    networks[net.id] = given.map((w, i) => {
      const size = w.shape.reduce((x, y) => x * y, 1);
      const { values, shape } = permuteValues(floats(w.data, size, `${net.id} weight ${i}`), w.shape, layout[i]!.permute);
      const entry = { key: layout[i]!.key, shape, offset };
      chunks.push(values);
      offset += values.byteLength;
      return entry;
    });
  }
  const bin = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    bin.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    at += c.byteLength;
  }
  return new Map<string, FileContents>([
    ['weights/initial.json', `${JSON.stringify({ step: payload.step, file: 'initial.bin', networks }, null, 1)}\n`],
    ['weights/initial.bin', bin],
  ]);
}
