import type { BlockRegistry } from '../blocks/registry';
import { OPTIMIZER_TYPES } from '../blocks/optimizers/optimizer';
import { DATASETS, type DatasetName } from '../blocks/sources/datasets';
import type { Design, DesignEdge, DesignNode, Network } from '../graph/schema';
import { problem, type Problem } from '../graph/problems';
import { compatible, formatShape } from '../shapes/shape';
import type { DesignReport } from './validate';

const LOSS_TYPES = new Set(['adversarialLoss', 'reconstruction', 'cycleConsistency', 'identity']);

/**
 * GAN-level checks on top of shape inference: does G make what D sees as data, is D's output a score the loss
 * understands, do labels reach both sides of a conditional GAN, is every trained network given one optimizer.
 */
export function ganChecks(design: Design, report: DesignReport, registry: BlockRegistry): Problem[] {
  const out: Problem[] = [];
  const t = design.training;
  const nodeById = new Map(t.nodes.map((n) => [n.id, n]));
  const netById = new Map(design.networks.map((n) => [n.id, n]));
  const into = (nodeId: string, port: string): DesignEdge | undefined => t.edges.find((e) => e.target === nodeId && e.targetHandle === port);
  const callNetwork = (n: DesignNode | undefined): Network | undefined =>
    n?.type === 'call' ? netById.get(String((n.params as { network?: unknown }).network)) : undefined;
  const paramsOf = <T>(n: DesignNode): T => (report.training.nodes[n.id]?.params ?? n.params) as T;

  for (const loss of t.nodes.filter((n) => n.type === 'adversarialLoss')) {
    const at = { node: loss.id };
    const p = paramsOf<{ objective: string; scores: string }>(loss);
    const realCall = nodeById.get(into(loss.id, 'real')?.source ?? '');
    const fakeCall = nodeById.get(into(loss.id, 'fake')?.source ?? '');
    const dReal = callNetwork(realCall);
    const dFake = callNetwork(fakeCall);
    if (!dReal || !dFake || !realCall || !fakeCall) continue;
    if (dReal.id !== dFake.id) {
      out.push(problem('E_SHAPE_MISMATCH', `adversarial loss "${loss.id}" compares scores of two networks ("${dReal.id}" on real, "${dFake.id}" on fake); both must come from one discriminator.`, at));
      continue;
    }
    // G's output against the data, port by port of D.
    for (const e of t.edges.filter((e) => e.target === fakeCall.id)) {
      const realEdge = into(realCall.id, e.targetHandle);
      const fakeShape = report.training.nodes[e.source]?.outputs[e.sourceHandle];
      const realShape = realEdge ? report.training.nodes[realEdge.source]?.outputs[realEdge.sourceHandle] : undefined;
      if (fakeShape && realShape && !compatible(fakeShape, realShape)) {
        out.push(problem('E_G_OUTPUT', `"${e.source}" makes ${formatShape(fakeShape)} but the data fed to "${dReal.id}" is ${formatShape(realShape)}. Change the generator's last layers (or the dataset's layout) so they agree.`, { node: e.source }));
      }
      const gNet = callNetwork(nodeById.get(e.source));
      const data = realEdge ? nodeById.get(realEdge.source) : undefined;
      const dataParams = data?.type === 'dataset' ? paramsOf<{ name: string; range: string }>(data) : null;
      // Params that failed to parse arrive raw: a name GAN Studio lacks is already an E_PARAM, and must not throw here.
      const dataset = dataParams && Object.hasOwn(DATASETS, dataParams.name) ? DATASETS[dataParams.name as DatasetName] : undefined;
      if (gNet && dataParams && dataset?.kind === 'image' && realEdge?.sourceHandle === 'x') {
        const range = dataParams.range;
        const act = lastActivation(gNet, registry, report);
        const want = range === '[-1,1]' ? 'tanh' : 'sigmoid';
        if (act !== null && act !== want) {
          out.push(problem('W_G_RANGE', `the data lies in ${range} but "${gNet.id}" ends with ${act}; end it with ${want} so its output can match.`, { network: gNet.id }));
        }
      }
    }
    // D's last activation against the loss.
    const dAct = lastActivation(dReal, registry, report);
    if (dAct === 'sigmoid' && (p.objective === 'wasserstein' || p.objective === 'hinge')) {
      out.push(problem('E_LOSS_ACTIVATION', `a ${p.objective} critic must output unbounded scores; remove the sigmoid at the end of "${dReal.id}".`, at));
    } else if (dAct === 'sigmoid' && p.scores === 'logits') {
      out.push(problem('E_LOSS_ACTIVATION', `"${dReal.id}" ends with a sigmoid but the loss "${loss.id}" expects logits. Remove the sigmoid (more stable), or set the loss's scores to "probabilities".`, at));
    } else if (dAct !== 'sigmoid' && p.scores === 'probabilities') {
      out.push(problem('E_LOSS_ACTIVATION', `the loss "${loss.id}" reads probabilities but "${dReal.id}" does not end with a sigmoid. Add one, or set scores to "logits".`, at));
    }
    // Conditional labels must reach G and D alike (Mirza 2014).
    const gCall = t.edges.filter((e) => e.target === fakeCall.id).map((e) => nodeById.get(e.source)).find((n) => n?.type === 'call');
    const labelled = (n: DesignNode | undefined) => !!n && t.edges.some((e) => e.target === n.id && isLabel(nodeById.get(e.source), e.sourceHandle));
    if (gCall && labelled(gCall) !== labelled(fakeCall)) {
      const which = labelled(gCall) ? `the generator "${gCall.id}" but not the discriminator "${fakeCall.id}"` : `the discriminator "${fakeCall.id}" but not the generator "${gCall.id}"`;
      out.push(problem('E_LABELS_ONE_SIDED', `class labels reach ${which}. A conditional GAN feeds y to both: G(z|y) and D(x|y).`, { node: labelled(gCall) ? fakeCall.id : gCall.id }));
    }
  }

  for (const gp of t.nodes.filter((n) => n.type === 'gradientPenalty')) {
    const critic = callNetwork(nodeById.get(into(gp.id, 'real')?.source ?? ''));
    if (critic?.nodes.some((n) => n.type === 'batchNormalization')) {
      out.push(problem('W_GP_BATCHNORM', `"${critic.id}" uses batch normalisation, which makes the gradient penalty invalid (Gulrajani 2017, §4). Use LayerNormalization or none.`, { network: critic.id }));
    }
  }

  if (!t.nodes.some((n) => LOSS_TYPES.has(n.type))) {
    out.push(problem('E_NO_LOSS', 'the training graph has no loss. Add an Adversarial loss between D(x) and D(G(z)).'));
  }

  // One optimizer per trained network.
  const optimizers = t.nodes.filter((n) => (OPTIMIZER_TYPES as readonly string[]).includes(n.type));
  const called = new Set(t.nodes.filter((n) => n.type === 'call').map((n) => String((n.params as { network?: unknown }).network)));
  const byNetwork = new Map<string, string[]>();
  for (const o of optimizers) {
    const id = String((o.params as { network?: unknown }).network);
    if (!netById.has(id)) {
      out.push(problem('E_UNKNOWN_NETWORK', `optimizer "${o.id}" trains "${id}", which is not a network of this design.`, { node: o.id }));
      continue;
    }
    byNetwork.set(id, [...(byNetwork.get(id) ?? []), o.id]);
  }
  for (const net of design.networks) {
    const trainable = report.networks[net.id]?.count.trainable ?? 0;
    const opts = byNetwork.get(net.id) ?? [];
    if (opts.length > 1) out.push(problem('E_DUPLICATE_OPTIMIZER', `"${net.id}" has ${opts.length} optimizers (${opts.join(', ')}); keep one.`, { node: opts[1] }));
    if (called.has(net.id) && trainable > 0 && opts.length === 0) {
      out.push(problem('E_NO_OPTIMIZER', `"${net.id}" has ${trainable.toLocaleString('en')} trainable weights but no optimizer. Add an Adam optimizer for it.`, { network: net.id }));
    }
  }
  return out;
}

function isLabel(n: DesignNode | undefined, port: string): boolean {
  return n?.type === 'label' || (n?.type === 'dataset' && port === 'y');
}

/**
 * The activation a network ends with: walk back from its (first) output through layers that do not change values'
 * range (reshape, flatten, dropout) to the nearest block that declares one. Null when it cannot tell.
 */
export function lastActivation(net: Network, registry: BlockRegistry, report: DesignReport): string | null {
  const out = net.nodes.find((n) => n.type === 'output');
  const passThrough = new Set(['reshape', 'flatten', 'dropout', 'output']);
  let node = out;
  for (let guard = 0; node && guard < net.nodes.length; guard++) {
    const block = registry.get(node.type);
    const params = report.networks[net.id]?.nodes[node.id]?.params;
    if (block?.finalActivation && params !== undefined) return block.finalActivation(params);
    if (!passThrough.has(node.type)) return 'linear';
    const current = node;
    const edge = net.edges.find((e) => e.target === current.id);
    node = edge ? net.nodes.find((n) => n.id === edge.source) : undefined;
  }
  return null;
}
