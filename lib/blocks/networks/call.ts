import { z } from 'zod';
import { compatible, formatShape, type Shape } from '../../shapes/shape';
import { zId } from '../../graph/schema';
import { defineBlock, type InferContext } from '../types';

const ports = (list: readonly { id: string; label: string }[] | undefined) => (list ?? []).map((p) => ({ id: p.id, label: p.label }));
const signature = (ctx: InferContext, id: string) => ctx.networks.get(id);

export const callBlock = defineBlock({
  type: 'call',
  label: 'Network call',
  category: 'network',
  level: 'training',
  description: 'Runs one of the design’s networks. Several calls of one network share its weights (D on real and on fake data).',
  params: z.object({ network: zId.describe('Id of the network to run') }),
  inputs: (p, ctx) => ports(signature(ctx, p.network)?.inputs),
  outputs: (p, ctx) => ports(signature(ctx, p.network)?.outputs),
  network: (p) => p.network,
  inferShape: (shapes, p, ctx) => {
    const sig = signature(ctx, p.network);
    if (!sig) return { ok: false, code: 'E_UNKNOWN_NETWORK', message: `there is no network "${p.network}". Pick one of the design's networks.` };
    for (const port of sig.inputs) {
      const got = shapes[port.id];
      if (got && port.shape && !compatible(got, port.shape)) {
        return {
          ok: false,
          code: 'E_SHAPE_MISMATCH',
          message: `${sig.label}'s input "${port.label}" takes ${formatShape(port.shape)}; it is fed ${formatShape(got)}. Change the network's Input shape or what feeds it.`,
        };
      }
    }
    const outputs: Record<string, Shape> = {};
    for (const port of sig.outputs) {
      if (!port.shape) return { ok: false, code: 'E_SHAPE_UNKNOWN', message: `${sig.label}'s output "${port.label}" has no shape: fix the errors inside the network first.`, silent: true };
      outputs[port.id] = port.shape;
    }
    return { ok: true, outputs };
  },
});
