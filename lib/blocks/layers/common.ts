import { z } from 'zod';
import type { ErrorCode } from '../../graph/problems';
import { formatShape, type Shape } from '../../shapes/shape';
import type { InferError, PortDef, Shapes } from '../types';

/** Activations tfjs-layers accepts by name (tfjs-layers src/activations.ts); leakyReLU is a layer of its own. */
export const ACTIVATIONS = ['linear', 'relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softplus'] as const;
export const zActivation = z.enum(ACTIVATIONS).default('linear').describe('Activation applied to the output');

/** The tfjs kernel each activation runs as (tfjs-layers src/activations.ts → tfjs-core ops). */
export function activationKernels(a: string): string[] {
  const k: Record<string, string> = { relu: 'Relu', elu: 'Elu', selu: 'Selu', tanh: 'Tanh', sigmoid: 'Sigmoid', softplus: 'Softplus', leakyReLU: 'LeakyRelu' };
  return k[a] ? [k[a]] : [];
}
export const zPadding = z.enum(['same', 'valid']).default('same').describe('"same" keeps size / stride; "valid" uses no padding');
export const zSpectralNorm = z
  .boolean()
  .default(false)
  .describe('Divide the kernel by its largest singular value, estimated by one power iteration per step (Miyato 2018)');

export const IN: readonly PortDef[] = [{ id: 'in', label: 'in' }];
export const OUT: readonly PortDef[] = [{ id: 'out', label: 'out' }];

export function err(code: ErrorCode, message: string): InferError {
  return { ok: false, code, message };
}

/** The single input of a one-input layer; the validator guarantees connected inputs are present. */
export function input(shapes: Shapes): Shape {
  const s = shapes['in'];
  if (!s) throw new Error('validator passed an unconnected input');
  return s;
}

/** Checks rank; the message names the block, the expected layout and the usual fix. */
export function needRank(label: string, s: Shape, rank: number, fix: string): InferError | null {
  if (s.length === rank) return null;
  const layout = rank === 4 ? '4-D input [batch, h, w, c]' : rank === 2 ? '2-D input [batch, features]' : `${rank}-D input`;
  return err('E_SHAPE_RANK', `${label} needs a ${layout}; got ${formatShape(s)}. ${fix}`);
}

/** All sizes after the batch must be known (weights are sized from them). */
export function needKnown(label: string, s: Shape): InferError | null {
  if (s.slice(1).every((d) => d !== null)) return null;
  return err('E_SHAPE_UNKNOWN', `${label} needs every size after the batch to be known; got ${formatShape(s)}.`);
}

export const last = (s: Shape): number => s[s.length - 1] ?? 0;
export const prod = (s: readonly (number | null)[]): number => s.reduce<number>((a, d) => a * (d ?? 1), 1);
