import { z } from 'zod';

/**
 * The design document (`*.gan.json`), version 1. Parsed with zod once at every boundary (file, paste, URL, API, CLI);
 * the types below are inferred from the schemas, never written twice. A design has two levels, like subgraphs:
 * networks (DAGs of layers with typed boundary ports) and the training graph (sources, calls of networks, losses,
 * optimizers). Block params are checked per block type by the registry, after this structural parse.
 */
export const DESIGN_VERSION = 1;
/** Larger designs are refused before parsing: a real design is a few hundred KB at most. */
export const MAX_DESIGN_BYTES = 5 * 1024 * 1024;
export const MAX_NODES = 5000;

// Ids become identifiers in generated code and keys in the editor, so they are restricted; labels are free text.
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const zId = z
  .string()
  .regex(ID_PATTERN, 'an id starts with a letter and has at most 64 letters, digits, "_" or "-"');

export const zPosition = z.object({ x: z.number().finite(), y: z.number().finite() });

export const zNode = z.object({
  id: zId,
  type: z.string().min(1).max(64),
  label: z.string().max(200).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  position: zPosition.default({ x: 0, y: 0 }),
});

export const zEdge = z.object({
  id: z.string().min(1).max(200),
  source: zId,
  sourceHandle: z.string().min(1).max(64),
  target: zId,
  targetHandle: z.string().min(1).max(64),
});

export const NETWORK_ROLES = ['generator', 'discriminator', 'encoder', 'decoder', 'mapping', 'other'] as const;

export const zNetwork = z.object({
  id: zId,
  label: z.string().max(200).optional(),
  role: z.enum(NETWORK_ROLES).default('other'),
  nodes: z.array(zNode).max(MAX_NODES),
  edges: z.array(zEdge).max(MAX_NODES * 4),
});

export const zSettings = z.object({
  batchSize: z.number().int().min(1).max(4096).default(64).describe('Examples per training step'),
  steps: z.number().int().min(1).max(10_000_000).default(10_000).describe('Generator updates to train for'),
  nCritic: z.number().int().min(1).max(100).default(1).describe('Discriminator (critic) updates per generator update'),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42).describe('Seed for weights, noise and data order'),
  emaDecay: z.number().min(0).max(0.99999).default(0).describe("Decay of the moving average of G's weights used for samples; 0 turns it off"),
  instanceNoise: z.number().min(0).max(10).default(0).describe("Std of Gaussian noise added to D's inputs, annealed to 0 over training"),
  sampleEvery: z.number().int().min(1).max(1_000_000).default(100).describe('Steps between refreshes of the sample grid'),
  criticKeep: z
    .number()
    .min(0.1)
    .max(1)
    .default(1)
    .describe("Share of generated candidates kept for the metrics and the 2-D plot, those D scores most real (discriminator rejection, Azadi 2019); 1 keeps every sample. The sample grid shows G's own"),
});

export const zTraining = z.object({
  nodes: z.array(zNode).max(MAX_NODES),
  edges: z.array(zEdge).max(MAX_NODES * 4),
  settings: zSettings.default(zSettings.parse({})),
});

export const zPaper = z.object({
  title: z.string().max(300),
  authors: z.string().max(300).optional(),
  year: z.number().int().min(1900).max(2100).optional(),
  url: z.string().max(500).optional(),
});

export const zDesignV1 = z.object({
  version: z.literal(DESIGN_VERSION),
  name: z.string().min(1).max(200),
  description: z.string().max(5000).default(''),
  paper: zPaper.optional(),
  networks: z.array(zNetwork).max(64),
  training: zTraining,
});

export type DesignV1 = z.infer<typeof zDesignV1>;
export type Design = DesignV1;
export type DesignNode = z.infer<typeof zNode>;
export type DesignEdge = z.infer<typeof zEdge>;
export type Network = z.infer<typeof zNetwork>;
export type NetworkRole = (typeof NETWORK_ROLES)[number];
export type Training = z.infer<typeof zTraining>;
export type Settings = z.infer<typeof zSettings>;
/** A graph at either level: the nodes and edges of a network or of the training graph. */
export type Graph = { nodes: readonly DesignNode[]; edges: readonly DesignEdge[] };
