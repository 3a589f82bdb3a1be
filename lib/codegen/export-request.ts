import { parseDesignText } from '../graph/parse';
import { depthBeyond, MAX_JSON_DEPTH } from '../graph/nesting';
import { MAX_DESIGN_BYTES, type Design } from '../graph/schema';
import { validateDesign } from '../validate';
import type { Problem } from '../graph/problems';
import type { DesignReport } from '../validate/validate';
import { zWeightsPayload, type WeightsPayload } from './initial-checkpoint';

/**
 * The body of an export request (POST /api/export): a design document as JSON, or `{ "design": …, "weights": … }`
 * to include the weights trained in the browser (initial-checkpoint.ts). Parsed with the same boundary parse as every
 * other way in (lib/graph/parse.ts), then validated. Framework-free, so the route stays a thin adapter and tests can
 * drive it directly.
 */

/** The largest request body the export accepts, design and weights together. */
export const MAX_EXPORT_BYTES = MAX_DESIGN_BYTES;

export type ExportRequest = { ok: true; design: Design; report: DesignReport; weights: WeightsPayload | null } | { ok: false; code: string; message: string; problems?: Problem[] };

export function parseExportBody(text: string): ExportRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, code: 'E_JSON', message: `the request body is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (depthBeyond(value) !== null) return { ok: false, code: 'E_NESTING', message: `the request nests objects and arrays more than ${MAX_JSON_DEPTH} deep; a design with its weights needs fewer than 10` };
  const envelope = typeof value === 'object' && value !== null && !Array.isArray(value) && 'design' in value && !('version' in value);
  const designText = envelope ? JSON.stringify((value as { design: unknown }).design) : text;
  const parsed = parseDesignText(designText ?? 'null', MAX_EXPORT_BYTES);
  if (!parsed.ok) return { ok: false, code: parsed.problems[0]?.code ?? 'E_SCHEMA', message: parsed.problems[0]?.message ?? 'the design is not valid', problems: parsed.problems };
  const report = validateDesign(parsed.design);
  if (!report.ok) {
    const errors = report.problems.filter((p) => p.severity === 'error');
    return { ok: false, code: 'E_INVALID_DESIGN', message: `the design has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix them in the editor before exporting`, problems: errors.slice(0, 50) };
  }
  let weights: WeightsPayload | null = null;
  const raw = envelope ? (value as { weights?: unknown }).weights : undefined;
  if (raw !== undefined && raw !== null) {
    const w = zWeightsPayload.safeParse(raw);
    if (!w.success) return { ok: false, code: 'E_WEIGHTS', message: `the weights are not valid: ${w.error.issues[0]?.message ?? 'unknown shape'} at ${w.error.issues[0]?.path.join('.') ?? ''}` };
    weights = w.data;
  }
  return { ok: true, design: parsed.design, report, weights };
}

/**
 * Reads a request body up to `limit` bytes, giving up as soon as it is longer (whatever Content-Length said), so an
 * oversized upload costs at most `limit` bytes of memory. Null when too long.
 */
export async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
