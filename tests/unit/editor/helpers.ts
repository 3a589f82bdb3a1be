import { addNetwork, addNode, connect, emptyDesign, setParam } from '../../../lib/editor/ops';
import type { Scope } from '../../../lib/editor/scope';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';

export const net = (id: string): Scope => ({ kind: 'network', id });
export const TRAIN: Scope = { kind: 'training' };

export function preset(id = 'gan-mlp-mnist'): Design {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return structuredClone(p.design);
}

/** Adds a block and returns its id with the new design, like a drop from the palette. */
export function add(d: Design, scope: Scope, type: string, x = 0): [Design, string] {
  const r = addNode(d, scope, type, { x, y: 0 });
  return [r.design, r.id];
}

/** Adds several blocks; returns the design and their ids in order. */
export function addAll(d: Design, scope: Scope, types: readonly string[]): [Design, string[]] {
  const ids: string[] = [];
  for (const t of types) {
    const r = addNode(d, scope, t, { x: 0, y: 0 });
    d = r.design;
    ids.push(r.id);
  }
  return [d, ids];
}

export const wire = (d: Design, scope: Scope, source: string, sourceHandle: string, target: string, targetHandle: string) =>
  connect(d, scope, { source, sourceHandle, target, targetHandle });

/**
 * The smallest vanilla GAN, built the way the e2e test draws it: G = input[100] → dense(784, tanh) → output,
 * D = input[784] → dense(1) → output, and the training graph of noise, flat MNIST, three calls, one loss, two Adams.
 */
export function vanillaGan(): Design {
  let d = addNetwork(addNetwork(emptyDesign('Vanilla'), 'G', 'generator'), 'D', 'discriminator');
  for (const [id, inSize, units, act] of [['G', 100, 784, 'tanh'], ['D', 784, 1, 'linear']] as const) {
    const s = net(id);
    let i: string, h: string, o: string;
    [d, i] = add(d, s, 'input');
    [d, h] = add(d, s, 'dense');
    [d, o] = add(d, s, 'output');
    d = setParam(d, s, i, 'shape', [inSize]);
    d = setParam(setParam(d, s, h, 'units', units), s, h, 'activation', act);
    d = wire(wire(d, s, i, 'out', h, 'in'), s, h, 'out', o, 'in');
  }
  const ids: string[] = [];
  for (const type of ['noise', 'dataset', 'call', 'call', 'call', 'adversarialLoss', 'adam', 'adam']) {
    let id: string;
    [d, id] = add(d, TRAIN, type);
    ids.push(id);
  }
  const [z, data, g, dReal, dFake, loss, optG, optD] = ids as [string, string, string, string, string, string, string, string];
  d = setParam(d, TRAIN, data, 'layout', 'flat');
  d = setParam(setParam(setParam(d, TRAIN, g, 'network', 'G'), TRAIN, dReal, 'network', 'D'), TRAIN, dFake, 'network', 'D');
  d = setParam(setParam(d, TRAIN, optG, 'network', 'G'), TRAIN, optD, 'network', 'D');
  d = wire(d, TRAIN, z, 'z', g, 'input');
  d = wire(d, TRAIN, g, 'output', dFake, 'input');
  d = wire(d, TRAIN, data, 'x', dReal, 'input');
  d = wire(d, TRAIN, dReal, 'output', loss, 'real');
  d = wire(d, TRAIN, dFake, 'output', loss, 'fake');
  return d;
}
