/**
 * Warm start: a run restarted on an edited design keeps the trained weights of every layer the edit left alone, as
 * Keras's `load_weights(by_name=True)` does — matched by network, layer name (the node id, which names the tfjs
 * layer: lib/compile/build-network.ts) and layer class, and taken only when every weight has the same shape. Pure:
 * the Trainer reads the shapes off its models and applies the plan.
 */

/** A layer that has weights: where it is, what it is (tfjs class name) and its weights' shapes in order. */
export type LayerInfo = { network: string; layer: string; kind: string; shapes: readonly (readonly number[])[] };

export type LayerRef = { network: string; layer: string };

/** Why a layer starts from fresh weights: the trained run has no such layer, or has it with other weights. */
export type FreshReason = 'new' | 'changed';

export type WarmStart = { kept: LayerRef[]; fresh: (LayerRef & { why: FreshReason })[] };

// Ids are user-chosen (a node may be called "constructor"): a Map, never a plain object, looks them up.
export const layerKey = (l: LayerRef) => `${l.network}\0${l.layer}`;

const sameShapes = (a: LayerInfo['shapes'], b: LayerInfo['shapes']) =>
  a.length === b.length && a.every((s, i) => s.length === b[i]!.length && s.every((d, j) => d === b[i]![j]));

/** Which of `to`'s layers take their weights from `from` (same network, name, class and weight shapes), in `to`'s order. */
export function planWarmStart(from: readonly LayerInfo[], to: readonly LayerInfo[]): WarmStart {
  const trained = new Map(from.map((l) => [layerKey(l), l]));
  const plan: WarmStart = { kept: [], fresh: [] };
  for (const l of to) {
    const ref = { network: l.network, layer: l.layer };
    const old = trained.get(layerKey(l));
    if (!old) plan.fresh.push({ ...ref, why: 'new' });
    else if (old.kind !== l.kind || !sameShapes(old.shapes, l.shapes)) plan.fresh.push({ ...ref, why: 'changed' });
    else plan.kept.push(ref);
  }
  return plan;
}

/** The plan in a sentence for the dashboard. */
export function describeWarmStart(w: WarmStart): string {
  const n = (k: number) => `${k} layer${k === 1 ? '' : 's'}`;
  const name = (l: LayerRef) => `${l.network}/${l.layer}`;
  if (w.kept.length === 0) return `Restarted with the change: every layer starts from fresh weights (${n(w.fresh.length)}).`;
  const kept = `${n(w.kept.length)} kept ${w.kept.length === 1 ? 'its' : 'their'} trained weights`;
  if (w.fresh.length === 0) return `Restarted with the change: all ${kept}.`;
  const fresh = w.fresh.map((l) => `${name(l)} (${l.why})`).join(', ');
  return `Restarted with the change: ${kept}; fresh weights for ${fresh}.`;
}
