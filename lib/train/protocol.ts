import type { BackendChoice, BackendName } from './backends';

/** Messages the page sends to the training worker. */
export type ToWorker = { type: 'init'; preferred?: BackendName; wasmPath: string };

/** Messages the training worker reports; the page renders only these. */
export type FromWorker =
  | { type: 'backend'; choice: BackendChoice }
  | { type: 'error'; message: string };
