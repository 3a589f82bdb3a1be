import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { parseDesign, parseDesignText } from '../lib/graph/parse';
import { MAX_DESIGN_BYTES, type Design } from '../lib/graph/schema';
import { getPreset, PRESETS } from '../lib/presets';
import { blocks } from '../lib/blocks';
import { validateDesign, type Budget } from '../lib/validate';
import { formatProblem, type Problem } from '../lib/graph/problems';
import type { DesignReport } from '../lib/validate/validate';

export type Loaded = { ok: true; design: Design; source: string } | { ok: false; problems: Problem[]; source: string };

/**
 * A design named on the command line: `preset:ID` or a path to a `.gan.json` file. The file's size is checked
 * before it is read, so a 50 MB file is refused at once instead of being parsed.
 */
export function loadDesign(ref: string): Loaded {
  if (ref.startsWith('preset:')) {
    const id = ref.slice('preset:'.length);
    const p = getPreset(id);
    if (!p) return fail(ref, `no preset "${id}"; run "npm run gan -- presets" to list them (${PRESETS.length} ids).`);
    // Presets go through the same boundary parse as files.
    const parsed = parseDesign(JSON.parse(JSON.stringify(p.design)));
    return parsed.ok ? { ok: true, design: parsed.design, source: ref } : { ok: false, problems: parsed.problems, source: ref };
  }
  let size: number;
  try {
    const st = statSync(ref);
    if (!st.isFile()) return fail(ref, `${ref} is not a file.`);
    size = st.size;
  } catch {
    return fail(ref, `cannot read ${ref}: no such file.`);
  }
  if (size > MAX_DESIGN_BYTES) {
    return fail(ref, `${ref} is ${(size / 1024 / 1024).toFixed(1)} MB; a design may be at most ${MAX_DESIGN_BYTES / 1024 / 1024} MB.`, 'E_TOO_LARGE');
  }
  const buf = Buffer.alloc(size);
  const fd = openSync(ref, 'r');
  try {
    readSync(fd, buf, 0, size, 0);
  } finally {
    closeSync(fd);
  }
  const parsed = parseDesignText(buf.toString('utf8'));
  return parsed.ok ? { ok: true, design: parsed.design, source: ref } : { ok: false, problems: parsed.problems, source: ref };
}

function fail(source: string, message: string, code: Problem['code'] = 'E_SCHEMA'): Loaded {
  return { ok: false, source, problems: [{ code, severity: 'error', message, where: {} }] };
}

/**
 * `loadDesign`, then validation: the design and its report, or null after printing every problem (with what the
 * user was about to do, e.g. "training") — the shared front of the verbs that need a valid design.
 */
export function loadValidDesign(ref: string, doing: string, budget?: Budget, batch?: number): { design: Design; report: DesignReport } | null {
  const loaded = loadDesign(ref);
  if (!loaded.ok) {
    for (const p of loaded.problems) console.error(formatProblem(p));
    return null;
  }
  // The budget is checked at the batch the run will use (--batch overrides the design's).
  const checked = batch === undefined ? loaded.design : { ...loaded.design, training: { ...loaded.design.training, settings: { ...loaded.design.training.settings, batchSize: batch } } };
  const report = validateDesign(checked, blocks, budget);
  if (!report.ok) {
    for (const p of report.problems.filter((x) => x.severity === 'error')) console.error(formatProblem(p));
    console.error(`error: ${ref} has errors; fix them before ${doing}.`);
    return null;
  }
  return { design: loaded.design, report };
}
