import { z } from 'zod';
import { formatShape, type Shape } from '../../shapes/shape';
import type { PortDef, Shapes } from '../types';
import { err } from './common';

/** Merge layers take 2..8 ordered inputs: ports in0, in1, … (order matters for concatenation). */
export const zInputs = z.number().int().min(2).max(8).default(2).describe('Number of inputs');

export function mergePorts(n: number): PortDef[] {
  return Array.from({ length: n }, (_, i) => ({ id: `in${i}`, label: `in ${i}` }));
}

export function mergeInputs(shapes: Shapes, n: number): Shape[] {
  return mergePorts(n).map((p) => shapes[p.id] ?? []);
}

export function mismatch(label: string, shapes: Shape[], why: string) {
  return err('E_SHAPE_MISMATCH', `${label} ${why}; got ${shapes.map(formatShape).join(' and ')}.`);
}
