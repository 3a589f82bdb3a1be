/**
 * The catalogue of problems a design can have. Codes are stable (the CLI's --json output and tests key on them);
 * each message says what is wrong and what to do about it.
 */
export const ERROR_CODES = {
  // the document
  E_JSON: 'The file is not valid JSON',
  E_TOO_LARGE: 'The design is larger than the limit',
  E_SCHEMA: 'A field of the design is missing or invalid',
  E_VERSION: 'The design was made by a newer or unknown version of GAN Studio',
  E_DUPLICATE_ID: 'Two items share one id',
  E_UNKNOWN_BLOCK: 'No block of this type exists',
  E_PARAM: 'A parameter is missing or out of range',
  // a PNG that should carry a design (lib/share/png-chunk.ts)
  E_PNG_UNREADABLE: 'The PNG cannot be read',
  E_PNG_NO_DESIGN: 'The PNG carries no GAN Studio design',
  E_PNG_DAMAGED: "The PNG's design chunk is damaged",
  // the graph
  E_UNKNOWN_NODE: 'An edge names a node that does not exist',
  E_UNKNOWN_PORT: 'An edge names a port the node does not have',
  E_DUPLICATE_EDGE: 'Two edges connect the same ports',
  E_PORT_TAKEN: 'An input port has more than one incoming edge',
  E_CYCLE: 'The graph has a cycle',
  E_UNCONNECTED: 'A required input is not connected',
  E_WRONG_LEVEL: 'A block is placed at the wrong level',
  E_UNKNOWN_NETWORK: 'A reference names a network that does not exist',
  E_NETWORK_PORTS: 'A network needs at least one input and one output',
  // shapes
  E_SHAPE_RANK: 'The input has the wrong number of dimensions',
  E_SHAPE_MISMATCH: 'Two shapes that must agree do not',
  E_SHAPE_SIZE: 'A size does not fit',
  E_SHAPE_UNKNOWN: 'A size the block needs is unknown',
  // GAN checks
  E_G_OUTPUT: "The generator's output does not match the data",
  W_G_RANGE: "The generator's output range does not match the data's",
  E_D_SCORE: "The discriminator's output is not a score",
  E_LOSS_ACTIVATION: "The loss does not agree with the discriminator's last activation",
  W_GP_BATCHNORM: 'Batch normalisation in a gradient-penalised critic',
  E_LABELS_ONE_SIDED: 'Conditional labels reach only one of the networks',
  E_NO_OPTIMIZER: 'A trained network has no optimizer',
  E_DUPLICATE_OPTIMIZER: 'A network has more than one optimizer',
  W_NOT_TRAINED: 'A network with weights is never trained',
  E_NO_LOSS: 'The design has no loss to train on',
  E_PACK_BATCH: 'The batch size is not a multiple of a packing layer’s m',
  W_CRITIC_KEEP: 'Samples are to be ranked by a critic the design does not have',
  E_KERNEL_MISSING: 'A kernel or gradient the design needs does not exist on the chosen backend',
  E_NESTING: 'The document is nested deeper than the limit',
  E_TOO_DEEP: 'A network is deeper than GAN Studio can train',
  E_BUDGET_MEMORY: 'Training the design needs more memory than the budget',
  E_BUDGET_WORK: 'One training step of the design is more work than the budget',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where a problem is: enough to focus a node on the canvas or name a JSON path in the CLI. */
export type Where = { network?: string; node?: string; edge?: string; port?: string; path?: string };

export type Problem = { code: ErrorCode; severity: 'error' | 'warning'; message: string; where: Where };

export function problem(code: ErrorCode, message: string, where: Where = {}): Problem {
  return { code, severity: code.startsWith('W_') ? 'warning' : 'error', message, where };
}

/** One line for a terminal: where, code, message. */
export function formatProblem(p: Problem): string {
  const w = p.where;
  const at = [w.path, w.network && `network "${w.network}"`, w.node && `node "${w.node}"`, w.edge && `edge "${w.edge}"`]
    .filter(Boolean)
    .join(', ');
  return `${p.severity}${at ? ` at ${at}` : ''}: ${p.code}: ${p.message}`;
}
