import { validateDesign } from '../../lib/validate';
import { formatProblem, type Problem } from '../../lib/graph/problems';
import { formatShape } from '../../lib/shapes/shape';
import { loadDesign } from '../load-design';
import { blocks } from '../../lib/blocks';
import { checkKernels } from '../../lib/validate/kernels';
import { tfWithTrainingKernels } from '../node-tf';
import { cliBudget } from '../budget';
import { formatBytes, formatFlops } from '../../lib/validate/budget';

/** `gan validate <design> [--json]`: per network its output shapes and parameter counts, then every problem. */
export async function validateCommand(ref: string, json: boolean, backend?: string, memoryBudget?: string): Promise<number> {
  const loaded = loadDesign(ref);
  if (!loaded.ok) return finish(json, { ok: false, source: ref, networks: {}, problems: loaded.problems });
  // The budget `gan train` would apply (its default backend is wasm).
  const budget = cliBudget(backend ?? 'wasm', memoryBudget);
  const report = validateDesign(loaded.design, blocks, budget);
  if (backend && report.ok) {
    // The kernels GAN Studio adds at run time (wasm's filter gradient, …) are registered here as for training.
    const tf = await tfWithTrainingKernels();
    const problems = checkKernels(loaded.design, report, blocks, backend, { hasKernel: (k, b) => !!tf.getKernel(k, b), hasGradient: (k) => !!tf.getGradient(k) });
    report.problems.push(...problems);
    report.ok = !report.problems.some((p) => p.severity === 'error');
  }
  const networks = Object.fromEntries(
    Object.values(report.networks).map((n) => [
      n.id,
      {
        label: n.label,
        role: n.role,
        outputs: Object.fromEntries(n.signature.outputs.map((o) => [o.id, o.shape])),
        trainable: n.count.trainable,
        nonTrainable: n.count.nonTrainable,
        flopsPerExample: n.flops,
        activationBytesPerExample: n.activationBytes,
      },
    ]),
  );
  if (!json) {
    console.log(`${loaded.design.name} (${ref})`);
    for (const n of Object.values(report.networks)) {
      const outs = n.signature.outputs.map((o) => (o.shape ? formatShape(o.shape) : '?')).join(', ');
      console.log(
        `  ${n.id} (${n.role}): output ${outs}; ${n.count.trainable.toLocaleString('en')} trainable, ${n.count.nonTrainable.toLocaleString('en')} non-trainable parameters; ${(n.flops / 1e6).toFixed(1)} MFLOPs per example`,
      );
    }
    const c = report.cost;
    if (c) console.log(`  training at batch ${c.batchSize}: ${formatBytes(c.totalBytes)} of ${formatBytes(budget.memoryBytes)} budget (${budget.source}); ${formatFlops(c.flopsPerStep)} per step`);
  }
  const cost = report.cost && { ...report.cost, budgetBytes: budget.memoryBytes, budgetFlopsPerStep: budget.flopsPerStep, budgetSource: budget.source };
  return finish(json, { ok: report.ok, source: ref, networks, cost, problems: report.problems });
}

function finish(json: boolean, result: { ok: boolean; source: string; networks: object; cost?: object | null; problems: Problem[] }): number {
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  if (json) console.log(JSON.stringify({ ...result, errors, warnings }));
  else {
    for (const p of result.problems) console.log(`  ${formatProblem(p)}`);
    console.log(errors === 0 ? `valid${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}` : `${errors} error${errors > 1 ? 's' : ''}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  }
  return errors === 0 ? 0 : 1;
}
