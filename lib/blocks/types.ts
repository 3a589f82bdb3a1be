import type * as tfType from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { DataSource, ImageSetNeed, ImageSets } from '../data/source';
import type { MnistPair } from '../data/pairs';
import type { DesignNode, Network } from '../graph/schema';
import type { ErrorCode, Problem } from '../graph/problems';
import type { Rng } from '../rng';
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

/**
 * What a layer is in PyTorch. Tensors there are channels-first ([batch, c, h, w]) as PyTorch's layers want them; shapes
 * here are GAN Studio's (channels-last, without the batch), all sizes known. Values written into the code (sizes,
 * rates) are numbers the block formats with the helpers it is given, never text from the design.
 */
export type TorchIO = {
  inputs: readonly (readonly number[])[];
  output: readonly number[];
  /** Python literals: a number, a bool. */
  num(n: number): string;
  bool(b: boolean): string;
};
export type TorchLayer = {
  /** The nn.Module built in __init__ (a Python expression), or none for a layer that is only an op in forward. */
  module?: string;
  /** The forward expression from the input expressions; `m` is the module attribute (`self.<name>`). Default `m(x)`. */
  forward?(m: string, xs: readonly string[]): string;
  /** Where each of the tfjs layer's weights (getWeights order) goes in the module's state_dict, and its axes' order. */
  weights?: readonly TorchWeight[];
  /** Python definitions (functions, nn.Module classes) the module needs in models.py, each written once. */
  helpers?: readonly string[];
};
/** A weight's state_dict key (relative to the module), its axes' order, and whether tfjs keeps it non-trainable (last). */
export type TorchWeight = { key: string; permute?: readonly number[]; nonTrainable?: boolean };

/** The boundary of a network as the training graph sees it. */
export type NetworkSignature = {
  id: string;
  label: string;
  role: string;
  inputs: readonly { id: string; label: string; shape: Shape | null }[];
  outputs: readonly { id: string; label: string; shape: Shape | null }[];
};

export type InferContext = { networks: ReadonlyMap<string, NetworkSignature> };

export interface BlockDef<T extends string, P> {
  type: T;
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
  /** Network-level blocks: the same layer in PyTorch (lib/codegen/python/emit-models.ts writes it into models.py). */
  torch?(p: P, io: TorchIO): TorchLayer;
  /** The activation this block ends with, for the GAN checks (loss versus last activation). */
  finalActivation?(p: P): string | null;
  /**
   * tfjs kernels training this block needs: `forward` ones must exist and have a registered gradient, `backward`
   * ones (used by those gradients) must exist. Checked against the chosen backend (lib/shapes/kernels.ts).
   */
  kernels?(p: P): KernelNeeds;
  /** Training-level blocks: what the block does in a training step (one of the roles below). */
  /** Network calls: the id of the network this block runs. */
  network?(p: P): string;
  source?: SourceRole<P>;
  term?: TermRole<P>;
  constraint?: ConstraintRole<P>;
  optimizer?: OptimizerRole<P>;
}

export type KernelNeeds = { forward: readonly string[]; backward?: readonly string[] };

/** A block with its params type erased, as the registry stores it; params are parsed before any call. */
export interface AnyBlock<T extends string = string, P = unknown> {
  type: T;
  /** Phantom: the params type, so `ParamsOf<'dataset'>` can be read off the registry's list. */
  readonly __params?: P;
  label: string;
  category: Category;
  level: Level;
  description: string;
  params: z.ZodType<unknown>;
  inputs(p: unknown, ctx: InferContext): readonly PortDef[];
  outputs(p: unknown, ctx: InferContext): readonly PortDef[];
  inferShape(inputs: Shapes, p: unknown, ctx: InferContext): InferResult;
  layer?(p: unknown): LayerSpec;
  torch?(p: unknown, io: TorchIO): TorchLayer;
  finalActivation?(p: unknown): string | null;
  kernels?(p: unknown): KernelNeeds;
  network?(p: unknown): string;
  source?: SourceRole<unknown>;
  term?: TermRole<unknown>;
  constraint?: ConstraintRole<unknown>;
  optimizer?: OptimizerRole<unknown>;
}

/**
 * Registers a block's definition with its params type erased for the registry. The params are parsed by the block's
 * own schema before any of these functions is called (lib/validate), so the casts restore what the schema checked.
 */
export function defineBlock<const T extends string, P>(def: BlockDef<T, P>): AnyBlock<T, P> {
  return def as unknown as AnyBlock<T, P>;
}

// ---------------------------------------------------------------------------------------------------------------------
// Training-level roles. A training step is data (lib/train/plan.ts) built by looping over these; the in-app trainer
// calls each role's runtime function, and the exported project's generated code calls the very same function, found
// by `code` — so both train with one definition.

type Tf = typeof tfType;
type Tensor = tfType.Tensor;

/**
 * Where a block's runtime function lives, as the exported project imports it: a module under lib/ (without extension)
 * and the name it exports. tests/unit/design/registry.test.ts checks every one resolves to the role's own function.
 */
export type RuntimeRef = { module: string; name: string };

/** Sources draw a batch for every update: noise, labels, data. */
export type SourceRole<P> = {
  /** Opens the source once per run (data sets are indexed then); `sample` draws one update's batch from the run's generator. */
  open(tf: Tf, p: P, images: ImageSets): DataSource;
  /** Output ports that carry class labels: never given instance noise, never the image a penalty differentiates. */
  labelPorts?(p: P): readonly string[];
  /** Image sets to load before training (MNIST, the user's folders). */
  imageSets?(p: P): readonly ImageSetNeed[];
  /** The scaling of the images on `port`, for the check of G's last activation; null for points and labels. */
  pixelRange?(p: P, port: string): '[-1,1]' | '[0,1]' | null;
  /** Which real distribution the data is, for the metrics that compare samples with it; null when none applies. */
  reference?(p: P): DataReference;
  /**
   * For a paired image-to-image source: how its input A follows from a digit B, so the evaluation can score G(A)
   * against B on held-out digits (PSNR, SSIM, the classifier's accuracy) beside a baseline that needs no training.
   */
  paired?(p: P): PairedReference;
  code: RuntimeRef;
  /** The same source in PyTorch: `def <name>(p, images, g)` returning `draw(n) -> {port: tensor}`, channels-first. */
  torch?: TorchFunction;
};

/** The real data a source stands for, as the evaluation sees it. */
export type DataReference = { kind: 'mnist'; range: '[-1,1]' | '[0,1]' } | { kind: 'mixture'; name: 'ring8' | 'grid25' } | { kind: 'none'; reason: string };

/** A paired source's A → B mapping: `input` and `target` are its ports, `pair` how A is computed (lib/data/pairs.ts). */
export type PairedReference = { pair: MnistPair; range: '[-1,1]' | '[0,1]'; input: string; target: string };

/** The updates of one training step, in order: reconstruction (Makhzani 2015), nCritic critic updates, the generator's. */
export type Side = 'reconstruction' | 'critic' | 'generator';
export const SIDES: readonly Side[] = ['reconstruction', 'critic', 'generator'];

/**
 * Frozen networks a loss term may read (never trained, in no optimizer): the MNIST feature classifier's inference
 * weights (lib/metrics/classifier), loaded by the host before training — the app's worker from its static data, the CLI
 * from assets/, an exported project from its eval/ folder.
 */
export type FrozenName = 'mnist-classifier';
/** A frozen network: its constant weights, and its activations at a named layer for inputs in its own range. */
export type FrozenNetwork = { readonly weights: ReadonlyMap<string, Tensor>; activations(x: Tensor, layer: string): Tensor };
export type Frozen = Readonly<Partial<Record<FrozenName, FrozenNetwork>>>;

/**
 * What a term's function gets besides its inputs: the run's generator, for penalties the critic as a function of its
 * input, and the frozen networks the run loaded for its terms.
 */
export type TermEnv = { rng: Rng; critic?: (x: Tensor) => Tensor; frozen?: Frozen };

/** Loss terms and penalties: which updates they join, what they read, and their weighted value. */
export type TermRole<P> = {
  sides(p: P): readonly Side[];
  /**
   * Ports fed by a critic's scores on real and on generated data. The network behind them is a critic: the term's
   * critic side trains it, its inputs get instance noise, and the first such term (by id) reports mean D(x), D(G(z)).
   */
  scores?: { real?: string; fake?: string };
  /**
   * A penalty on the critic's gradient: instead of the scores, the term receives the critic's image inputs behind its
   * score ports and `env.critic`, which re-runs that critic (with the real call's other inputs, e.g. labels).
   */
  penalty?: boolean;
  /** The ports the term reads on `side` (all its inputs when absent): the calls behind the others are not its concern there. */
  reads?(p: P, side: Side): readonly string[];
  /** The port that carries a generated example itself (reconstructions): what a design without a critic samples. */
  output?: string;
  /** The term's weighted value on `side`, or null when it has nothing to add there. */
  loss(tf: Tf, p: P, side: Side, x: Readonly<Record<string, Tensor>>, env: TermEnv): Tensor | null;
  /** Whether E[D(x)] − E[D(G(z))] estimates a distance worth reporting (Wasserstein critics). */
  wasserstein?(p: P): boolean;
  /** Whether sigmoid(D) is a probability (cross-entropy objectives): the critic surface shows it so. */
  probabilities?(p: P): boolean;
  /** GAN-level checks of this term in its design (lib/validate/gan-checks.ts runs them). */
  check?(ctx: CheckContext, node: DesignNode, p: P): Problem[];
  /** Frozen networks the term reads through `env.frozen`: the host loads them before training. */
  frozen?(p: P): readonly FrozenName[];
  code: RuntimeRef;
  /** The same function in PyTorch, for losses.py: `def <name>(p, side, x, env)`, p a dict of the params. */
  torch?: TorchFunction;
};

/**
 * A block's runtime function in Python: its name and source (a `def` using torch and F), written into an exported
 * PyTorch project as it is. The design's values reach it only as arguments, never inside this text.
 */
export type TorchFunction = { name: string; source: string };

/** Constraints act on a critic's weights after each of its updates (WGAN's weight clipping). */
export type ConstraintRole<P> = {
  /** The port fed by the constrained critic's scores. */
  port: string;
  apply(tf: Tf, p: P, weights: readonly tfType.Variable[]): void;
  code: RuntimeRef;
  /** The same in PyTorch: `def <name>(p, module)`, run on the critic after each of its updates. */
  torch?: TorchFunction;
};

/** Optimizers: one per trained network, bound by the `network` param. */
export type OptimizerRole<P> = {
  network(p: P): string;
  /** The starting learning rate (the dashboard lets the user change it while training). */
  learningRate(p: P): number;
  create(tf: Tf, p: P): tfType.Optimizer;
  /** Floats of state the optimizer keeps per trained weight (Adam's two moments: 2), for the memory budget. */
  stateSlots(p: P): number;
  code: RuntimeRef;
  /** The same optimizer in PyTorch: `def <name>(p, parameters)` returning a torch.optim optimizer. */
  torch?: TorchFunction;
};

/** What a term's checks can ask of the design (implemented by lib/validate/gan-checks.ts). */
export interface CheckContext {
  /** The node and output port feeding `port` of `node`, if connected. */
  feed(node: string, port: string): { node: DesignNode; port: string } | undefined;
  /** The network a call node runs. */
  network(node: DesignNode | undefined): Network | undefined;
  /** Every (input port, feed) of a node. */
  feeds(node: string): readonly { port: string; from: DesignNode; fromPort: string }[];
  /** The shape of an output port in the training graph, when inferred. */
  shapeOf(node: string, port: string): Shape | undefined;
  /** A node's parsed params (raw when they failed to parse). */
  params(node: DesignNode): unknown;
  /** The block of a node type. */
  block(type: string): AnyBlock | undefined;
  /** The activation a network ends with (walking back through reshapes), or null. */
  lastActivation(net: Network): string | null;
  /** Whether `port` of `node` carries class labels. */
  isLabel(node: DesignNode | undefined, port: string): boolean;
}
