import { compatible, formatShape, type Shape } from '../../shapes/shape';
import type { InferError, InferResult, Shapes } from '../types';

/** A discriminator score: one value per example, [batch, 1], or a patch of them, [batch, h, w, 1] (PatchGAN). */
export function checkScore(label: string, port: string, s: Shape | undefined): InferError | null {
  if (!s) return null;
  if (s[s.length - 1] === 1 && (s.length === 2 || s.length === 4)) return null;
  return {
    ok: false,
    code: 'E_D_SCORE',
    message: `${label}'s "${port}" input must be a discriminator score [batch, 1]; got ${formatShape(s)}. End the discriminator with Dense(1) (or a 1-filter conv for a PatchGAN).`,
  };
}

/** The shapes of a term that compares a critic's scores on real and generated data: two scores of one shape. */
export function inferScorePair(type: string, shapes: Shapes): InferResult {
  const e = checkScore(type, 'real', shapes['real']) ?? checkScore(type, 'fake', shapes['fake']);
  if (e) return e;
  const r = shapes['real'];
  const f = shapes['fake'];
  if (r && f && !compatible(r, f)) {
    return { ok: false, code: 'E_SHAPE_MISMATCH', message: `${type} compares scores of one shape; got ${formatShape(r)} (real) and ${formatShape(f)} (fake).` };
  }
  return { ok: true, outputs: {} };
}
