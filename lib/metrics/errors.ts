import { codedErrorClass } from '../coded-error';

/**
 * The catalogue of ways a metric call can be wrong. Codes are stable (the eval CLI's --json output and tests key on
 * them); each message says what was passed and what to pass instead.
 */
export const METRIC_ERRORS = {
  E_METRIC_SHAPE: 'The feature matrix does not match its stated rows × cols',
  E_METRIC_DIMS: 'Two inputs that must have the same dimension do not',
  E_METRIC_TOO_FEW: 'Too few samples for this metric',
  E_METRIC_PARAM: 'An option is out of range',
  E_METRIC_NOT_FINITE: 'An input holds NaN or ±Infinity',
  E_METRIC_NOT_PROBABILITIES: 'Rows must be class probabilities',
  E_METRIC_NO_CONVERGENCE: 'The eigenvalue iteration did not converge',
} as const;

export type MetricErrorCode = keyof typeof METRIC_ERRORS;

export class MetricError extends codedErrorClass('MetricError', METRIC_ERRORS) {}
