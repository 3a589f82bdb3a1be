import { blocks } from '../blocks';
import type { BlockRegistry } from '../blocks/registry';
import { parseDesignText } from '../graph/parse';
import type { Design } from '../graph/schema';
import type { Problem } from '../graph/problems';
import { ganChecks } from './gan-checks';
import { inferDesign, type DesignReport } from './validate';
import { ANY_MACHINE_BUDGET, budgetProblems, trainingCost, type Budget } from './budget';

/**
 * Shapes, counts, the cost of training and every problem of a parsed design: shape inference, the GAN checks, and the
 * budget (budget.ts) — the machine's when the caller knows it (the CLI's share of memory, the browser's device), else
 * what the largest single accelerator holds.
 */
export function validateDesign(design: Design, registry: BlockRegistry = blocks, budget: Budget = ANY_MACHINE_BUDGET): DesignReport {
  const report = inferDesign(design, registry);
  report.problems.push(...ganChecks(design, report, registry));
  report.cost = trainingCost(design, report, registry);
  report.problems.push(...budgetProblems(report.cost, budget));
  report.ok = !report.problems.some((p) => p.severity === 'error');
  return report;
}

export type TextValidation = { ok: false; design: null; report: null; problems: Problem[] } | { ok: boolean; design: Design; report: DesignReport; problems: Problem[] };

/** From the text of a `.gan.json` file to a report; never throws. */
export function validateText(text: string, registry: BlockRegistry = blocks, budget: Budget = ANY_MACHINE_BUDGET): TextValidation {
  const parsed = parseDesignText(text);
  if (!parsed.ok) return { ok: false, design: null, report: null, problems: parsed.problems };
  const report = validateDesign(parsed.design, registry, budget);
  return { ok: report.ok, design: parsed.design, report, problems: report.problems };
}

export { formatProblem, ERROR_CODES, type Problem, type ErrorCode } from '../graph/problems';
export { formatShape, type Shape } from '../shapes/shape';
export { ANY_MACHINE_BUDGET, MAX_NETWORK_DEPTH, formatBytes, formatFlops, machineBudget, browserBudget, type Budget, type TrainingCost } from './budget';
export type { DesignReport, NetworkReport, NodeReport, GraphReport } from './validate';
