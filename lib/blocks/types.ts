import type { z } from 'zod';
import type { ErrorCode } from '../graph/problems';
import type { Shape } from '../shapes/shape';

export type Category =
  | 'source'
  | 'network'
  | 'layer'
  | 'normalization'
  | 'activation'
  | 'structure'
  | 'style'
  | 'loss'
  | 'regularizer'
  | 'optimizer';

/** Blocks live either inside a network (layers) or in the training graph (sources, calls, losses, optimizers). */
export type Level = 'network' | 'training';

export type PortDef = { id: string; label: string };
export type ParamCount = { trainable: number; nonTrainable: number };
export type Shapes = Readonly<Record<string, Shape>>;

export type InferOk = {
  ok: true;
  outputs: Record<string, Shape>;
  /** Weights this node owns (tfjs convention: batch-norm moving statistics are non-trainable). */
  params?: ParamCount;
  /** Floating-point operations per example for the forward pass (a multiply-add counts 2). */
  flops?: number;
};
export type InferError = {
  ok: false;
  code: ErrorCode;
  message: string;
  /** The cause is already reported elsewhere (e.g. inside a called network): count the node as blocked, say nothing. */
  silent?: boolean;
};
export type InferResult = InferOk | InferError;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/**
 * What a network-level block becomes: one tfjs-layers factory call with plain-data config. The in-app compiler
 * calls `tf.layers[factory](config)` (or GAN Studio's custom layer of that name) and the code generator writes the
 * same call, so the browser and the exported project build the same model from one description.
 */
export type LayerSpec = { factory: string; custom?: boolean; config: Record<string, JsonValue> };

/** The boundary of a network as the training graph sees it. */
export type NetworkSignature = {
  id: string;
  label: string;
  role: string;
  inputs: readonly { id: string; label: string; shape: Shape | null }[];
  outputs: readonly { id: string; label: string; shape: Shape | null }[];
};

export type InferContext = { networks: ReadonlyMap<string, NetworkSignature> };

export interface BlockDef<P> {
  type: string;
  /** Bumped when params change meaning; the design document's migrations key on it. */
  version: number;
  label: string;
  category: Category;
  level: Level;
  /** One sentence for the palette and the inspector; cite the paper where the block comes from one. */
  description: string;
  params: z.ZodType<P>;
  inputs(p: P, ctx: InferContext): readonly PortDef[];
  outputs(p: P, ctx: InferContext): readonly PortDef[];
  /** Output shapes from input shapes. Returns an error with a remedy; never throws. */
  inferShape(inputs: Shapes, p: P, ctx: InferContext): InferResult;
  /** Network-level blocks: the tfjs layer this block is. */
  layer?(p: P): LayerSpec;
  /** The activation this block ends with, for the GAN checks (loss versus last activation). */
  finalActivation?(p: P): string | null;
  /**
   * tfjs kernels training this block needs: `forward` ones must exist and have a registered gradient, `backward`
   * ones (used by those gradients) must exist. Checked against the chosen backend (lib/shapes/kernels.ts).
   */
  kernels?(p: P): KernelNeeds;
}

export type KernelNeeds = { forward: readonly string[]; backward?: readonly string[] };

/** A block with its params type erased, as the registry stores it; params are parsed before any call. */
export interface AnyBlock {
  type: string;
  version: number;
  label: string;
  category: Category;
  level: Level;
  description: string;
  params: z.ZodType<unknown>;
  inputs(p: unknown, ctx: InferContext): readonly PortDef[];
  outputs(p: unknown, ctx: InferContext): readonly PortDef[];
  inferShape(inputs: Shapes, p: unknown, ctx: InferContext): InferResult;
  layer?(p: unknown): LayerSpec;
  finalActivation?(p: unknown): string | null;
  kernels?(p: unknown): KernelNeeds;
}

export function defineBlock<P>(def: BlockDef<P>): AnyBlock {
  const layer = def.layer;
  const finalActivation = def.finalActivation;
  const kernels = def.kernels;
  return {
    ...def,
    params: def.params as z.ZodType<unknown>,
    inputs: (p, ctx) => def.inputs(p as P, ctx),
    outputs: (p, ctx) => def.outputs(p as P, ctx),
    inferShape: (i, p, ctx) => def.inferShape(i, p as P, ctx),
    layer: layer ? (p) => layer(p as P) : undefined,
    finalActivation: finalActivation ? (p) => finalActivation(p as P) : undefined,
    kernels: kernels ? (p) => kernels(p as P) : undefined,
  };
}
