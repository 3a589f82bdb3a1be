import { totalmem } from 'node:os';
import { UsageError } from './args';
import { machineBudget, type Budget } from '../lib/validate';

const GB = 1024 ** 3;

/**
 * The CLI's budget: half of this machine's memory within what the backend addresses (lib/validate/budget.ts);
 * `--memory-budget GB` sets the memory figure itself (still within the backend's reach).
 */
export function cliBudget(backend: string, flagGb?: string): Budget {
  if (flagGb === undefined) return machineBudget(totalmem(), backend, "this machine's", '--memory-budget GB to change');
  const gb = Number(flagGb);
  if (!Number.isFinite(gb) || gb <= 0 || gb > 1024 * 1024) throw new UsageError(`--memory-budget must be a size in GB above 0 (e.g. 8 or 0.5); got "${flagGb}"`);
  // machineBudget halves what it is given; the flag is the budget itself.
  const b = machineBudget(2 * gb * GB, backend, '', '');
  return b.memoryBytes === gb * GB ? { ...b, source: 'set by --memory-budget' } : b;
}
