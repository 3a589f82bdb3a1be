import { blocks } from '../blocks';
import type { BlockRegistry } from '../blocks/registry';
import { parseDesignText } from '../graph/parse';
import type { Design } from '../graph/schema';
import type { Problem } from '../graph/problems';
import { ganChecks } from './gan-checks';
import { inferDesign, type DesignReport } from './validate';

/** Shapes, counts and every problem of a parsed design: shape inference plus the GAN checks. */
export function validateDesign(design: Design, registry: BlockRegistry = blocks): DesignReport {
  const report = inferDesign(design, registry);
  report.problems.push(...ganChecks(design, report, registry));
  report.ok = !report.problems.some((p) => p.severity === 'error');
  return report;
}

export type TextValidation = { ok: false; design: null; report: null; problems: Problem[] } | { ok: boolean; design: Design; report: DesignReport; problems: Problem[] };

/** From the text of a `.gan.json` file to a report; never throws. */
export function validateText(text: string, registry: BlockRegistry = blocks): TextValidation {
  const parsed = parseDesignText(text);
  if (!parsed.ok) return { ok: false, design: null, report: null, problems: parsed.problems };
  const report = validateDesign(parsed.design, registry);
  return { ok: report.ok, design: parsed.design, report, problems: report.problems };
}

export { formatProblem, ERROR_CODES, type Problem, type ErrorCode } from '../graph/problems';
export { formatShape, type Shape } from '../shapes/shape';
export type { DesignReport, NetworkReport, NodeReport, GraphReport } from './validate';
