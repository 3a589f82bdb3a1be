import type { Kwargs, LayerArgs, Shape, Tensor, Tf } from '../tf';

/** Layers with one input receive a tensor; tfjs may still hand over a one-element list. */
export function single(inputs: Tensor | Tensor[]): Tensor {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (!x) throw new Error('the layer received no input tensor');
  return x;
}

export function singleShape(shape: Shape | Shape[]): Shape {
  // A Shape is an array of numbers/nulls; a list of shapes is an array of arrays.
  if (Array.isArray(shape[0])) return shape[0] as Shape;
  return shape as Shape;
}

/** The channels of an NHWC input shape; throws unless it is [batch, h, w, c] with c known. */
export function nhwcChannels(s: Shape, who: string): number {
  const c = s[3];
  if (s.length !== 4 || c == null) throw new Error(`${who} needs [batch, h, w, c] with known c; got [${s.join(', ')}]`);
  return c;
}

export function shapeList(shape: Shape | Shape[], n: number, who: string): Shape[] {
  if (!Array.isArray(shape[0]) || shape.length !== n) throw new Error(`${who} takes ${n} inputs`);
  return shape as Shape[];
}

export const isTraining = (kwargs: Kwargs | undefined): boolean => kwargs?.['training'] === true;

const counters = new Map<string, number>();

/**
 * A default layer name. tfjs would derive one from the class name (tfjs-layers engine/topology.ts: toSnakeCase of
 * getClassName()), but ours contain ">", which is not a valid tensor name (tfjs-layers common.ts tensorNameRegex), so
 * weights could not be named after the layer.
 */
export function withName<A extends LayerArgs>(args: A, base: string): A {
  if (args.name) return args;
  const n = (counters.get(base) ?? 0) + 1;
  counters.set(base, n);
  return { ...args, name: `${base}_${n}` };
}

/** tfjs-layers' activation names (src/activations.ts) as ops, for the layers that apply one themselves. */
export const ACTIVATION_NAMES = ['linear', 'relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softplus'] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

export function checkActivation(name: string | undefined): ActivationName {
  const a = name ?? 'linear';
  if (!(ACTIVATION_NAMES as readonly string[]).includes(a)) throw new Error(`unknown activation "${a}"; use one of ${ACTIVATION_NAMES.join(', ')}`);
  return a as ActivationName;
}

export function activate(tf: Tf, name: ActivationName, x: Tensor): Tensor {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'elu':
      return tf.elu(x);
    case 'selu':
      return tf.selu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'softplus':
      return tf.softplus(x);
  }
}
