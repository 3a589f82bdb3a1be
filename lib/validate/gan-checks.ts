import { packingOf } from '../blocks/layers/pack';
import type { BlockRegistry } from '../blocks/registry';
import type { CheckContext } from '../blocks/types';
import type { Design, DesignEdge, DesignNode, Network } from '../graph/schema';
import { problem, type Problem } from '../graph/problems';
import type { DesignReport } from './validate';

/**
 * GAN-level checks on top of shape inference. Each loss term checks itself in its design (its block's `check`: does G
 * make what D sees as data, is D's output a score the loss understands, do labels reach both sides); here: is there a
 * loss at all, and is every trained network given one optimizer.
 */
export function ganChecks(design: Design, report: DesignReport, registry: BlockRegistry): Problem[] {
  const out: Problem[] = [];
  const t = design.training;
  const nodeById = new Map(t.nodes.map((n) => [n.id, n]));
  const netById = new Map(design.networks.map((n) => [n.id, n]));
  const incoming = new Map<string, DesignEdge[]>();
  for (const e of t.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e]);
  // Params that failed to parse arrive raw: a check must not throw on them (a name GAN Studio lacks is already an E_PARAM).
  const params = (n: DesignNode): unknown => report.training.nodes[n.id]?.params ?? n.params;
  const networkOf = (n: DesignNode | undefined): Network | undefined => {
    if (!n) return undefined;
    const id = safely(() => registry.get(n.type)?.network?.(params(n)));
    return id === undefined ? undefined : netById.get(id);
  };
  const ctx: CheckContext = {
    feed: (node, port) => {
      const e = incoming.get(node)?.find((x) => x.targetHandle === port);
      const from = e && nodeById.get(e.source);
      return from && e ? { node: from, port: e.sourceHandle } : undefined;
    },
    network: networkOf,
    feeds: (node) => (incoming.get(node) ?? []).flatMap((e) => {
      const from = nodeById.get(e.source);
      return from ? [{ port: e.targetHandle, from, fromPort: e.sourceHandle }] : [];
    }),
    shapeOf: (node, port) => report.training.nodes[node]?.outputs[port],
    params,
    block: (type) => registry.get(type),
    lastActivation: (net) => lastActivation(net, registry, report),
    isLabel: (n, port) => !!n && (safely(() => registry.get(n.type)?.source?.labelPorts?.(params(n))) ?? []).includes(port),
  };

  const optimizers: { node: DesignNode; network: string }[] = [];
  for (const n of t.nodes) {
    const block = registry.get(n.type);
    if (block?.term) {
      if (report.training.nodes[n.id]?.params !== undefined) out.push(...(safely(() => block.term!.check?.(ctx, n, params(n))) ?? []));
    }
    if (block?.optimizer) optimizers.push({ node: n, network: String((n.params as { network?: unknown }).network) });
  }
  // A penalty alone is no objective: something must say what the networks learn.
  if (!t.nodes.some((n) => { const term = registry.get(n.type)?.term; return term !== undefined && !term.penalty; })) {
    out.push(problem('E_NO_LOSS', 'the training graph has no loss. Add an Adversarial loss between D(x) and D(G(z)).'));
  }

  // One optimizer per trained network.
  const called = new Set(t.nodes.map((n) => networkOf(n)?.id).filter((x): x is string => x !== undefined));
  const byNetwork = new Map<string, string[]>();
  for (const o of optimizers) {
    if (!netById.has(o.network)) {
      out.push(problem('E_UNKNOWN_NETWORK', `optimizer "${o.node.id}" trains "${o.network}", which is not a network of this design.`, { node: o.node.id }));
      continue;
    }
    byNetwork.set(o.network, [...(byNetwork.get(o.network) ?? []), o.node.id]);
  }
  // Packing (PacGAN) merges every m examples into one: a batch that does not split into whole packs cannot be scored.
  const batch = t.settings.batchSize;
  for (const net of design.networks) {
    const k = packingOf(net);
    if (k > 1 && batch % k !== 0) {
      const lower = Math.floor(batch / k) * k;
      const fix = lower > 0 ? `${lower} or ${lower + k}` : `${k}`;
      out.push(problem('E_PACK_BATCH', `"${net.id}" packs ${k} examples into one, but the batch size is ${batch}, which is not a multiple of ${k}. Set the batch size to ${fix}.`, { network: net.id }));
    }
  }
  // criticKeep ranks samples by the first scored term's D(G(z)) (lib/train/plan.ts rankingScores): without one it would
  // keep nothing out, so say so rather than show raw samples under a setting that claims otherwise.
  const keep = t.settings.criticKeep;
  if (keep < 1) {
    const scored = t.nodes.find((n) => { const term = registry.get(n.type)?.term; return term?.scores?.real && term.scores.fake && !term.penalty; });
    const port = scored ? registry.get(scored.type)?.term?.scores?.fake : undefined;
    if (!scored || !port || !networkOf(ctx.feed(scored.id, port)?.node)) {
      out.push(problem('W_CRITIC_KEEP', `criticKeep is ${keep}, but no critic scores the generated samples (no loss compares D(x) with D(G(z))), so every sample is kept. Set criticKeep to 1, or add an Adversarial loss.`, { path: 'training.settings.criticKeep' }));
    }
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

/** Runs a block's function on params that may not have parsed; a throw there means "cannot tell", not a crash. */
export function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
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
