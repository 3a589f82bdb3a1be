import type { FeatureLossParams } from '../../../lib/blocks/losses/feature';
import type { Design } from '../../../lib/graph/schema';
import { presetDesign } from '../codegen/helpers';

/** srgan-mnist with a feature loss beside its content loss, on the same target and output (Ledig 2017's VGG loss). */
export function srganWithFeatureLoss(params: Partial<FeatureLossParams> = {}): Design {
  const d = presetDesign('srgan-mnist');
  d.training.nodes.push({ id: 'feature', type: 'featureLoss', params: { layer: 'conv3', norm: 'l2', range: '[-1,1]', weight: 1, ...params }, position: { x: 0, y: 0 } });
  d.training.edges.push(
    { id: 'data.b->feature.target', source: 'data', sourceHandle: 'b', target: 'feature', targetHandle: 'target' },
    { id: 'G_call.out->feature.output', source: 'G_call', sourceHandle: 'out', target: 'feature', targetHandle: 'output' },
  );
  return d;
}
