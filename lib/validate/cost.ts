/** What training a design costs (budget.ts works it out; the validation report carries it). */
export type TrainingCost = {
  batchSize: number;
  weightBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  /** The generators' moving averages (emaDecay > 0). */
  emaBytes: number;
  activationBytes: number;
  totalBytes: number;
  flopsPerStep: number;
  /** The node whose weights, their training state and its kept activations take the most memory. */
  biggest: { network: string; node: string; bytes: number } | null;
  /** The deepest network: nodes on its longest path from an input. */
  deepest: { network: string; depth: number } | null;
};
