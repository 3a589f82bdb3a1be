import type * as tfType from '@tensorflow/tfjs';
import { blocks } from '../blocks';
import { packingOf } from '../blocks/layers/pack';
import type { BlockRegistry } from '../blocks/registry';
import type { Frozen } from '../blocks/types';
import { encodeLabels, type ImageSets } from '../data/source';
import type { Design, Network } from '../graph/schema';
import { mulberry32, type Rng } from '../rng';
import type { DesignReport, NetworkReport } from '../validate/validate';
import { registerGradientFixes } from '../tfjs/gradient-fixes';
import { keepBest, rankingPasses } from './critic-ranking';
import { firstHiddenLayer, type HiddenLayer } from './early-layer';
import { evaluateRef, interpretPlan, runCalls } from './objective';
import { callsUpstream, firstScored, generatedRef, planTraining, rankingScores, realRef, type Ref, type TrainingPlan } from './plan';
import { withRandom } from './random';
import { disposeDraw, emaShadows, inference, runStep, type Draw, type StepProgram, type StepState } from './step';
import type { StepMetrics } from './step-metrics';
import { layerKey, planWarmStart, type LayerInfo, type WarmStart } from './warm-start';

type Tf = typeof tfType;
type Tensor = tfType.Tensor;

export type BuildNetwork = (tf: Tf, network: Network, report: NetworkReport) => tfType.LayersModel;

export type { StepMetrics } from './step-metrics';

export type TrainerOptions = {
  images: ImageSets;
  /** The frozen networks the design's terms read (image-needs.ts frozenNeeds), loaded by the host; the caller disposes them. */
  frozen?: Frozen;
  buildNetwork: BuildNetwork;
  registry?: BlockRegistry;
  seed?: number;
  /** Overrides the design's batch size (tests use tiny batches). */
  batchSize?: number;
  /** Fixed-noise samples kept for the sample grid. */
  sampleCount?: number;
  /**
   * Sees every update's draw of the sources and the random tensors drawn inside its objective (dropout masks, noise
   * images, the gradient penalty's ε), in order: to replay a run elsewhere (the PyTorch parity test).
   */
  tapDraws?: (draw: Draw, drawn: readonly tfType.Tensor[]) => void;
};

/**
 * A design's training run in the app, the CLI and the tests: its models, optimizers and moving averages, trained by
 * the step runtime every exported project shares (step.ts) on the plan interpreted (objective.ts). One step =
 * the reconstruction update, nCritic critic updates, one update of every other trained network, then the EMA.
 */
export class Trainer {
  readonly plan: TrainingPlan;
  readonly models = new Map<string, tfType.LayersModel>();
  readonly batchSize: number;
  private readonly state: StepState<string>;
  private readonly program: StepProgram<string, Draw>;
  private readonly seed: number;
  private fixed: Draw | null = null;
  /** Examples each network's packing layers merge into one (PacGAN), for scoring single points on the surface. */
  private readonly packing = new Map<string, number>();
  /** The share of candidates `generate` keeps, D's best (the design's `criticKeep`; the editor may change it mid-run). */
  private keep: number;

  private constructor(
    private readonly tf: Tf,
    design: Design,
    report: DesignReport,
    private readonly opts: TrainerOptions,
  ) {
    registerGradientFixes(tf);
    for (const net of design.networks) this.packing.set(net.id, packingOf(net));
    this.plan = planTraining(design, report, opts.registry ?? blocks);
    const settings = { ...this.plan.settings, batchSize: opts.batchSize ?? this.plan.settings.batchSize };
    this.batchSize = settings.batchSize;
    this.seed = opts.seed ?? this.plan.settings.seed;
    this.keep = this.plan.settings.criticKeep;
    const rng = mulberry32(this.seed);
    withRandom(rng, () => {
      for (const net of design.networks) this.models.set(net.id, opts.buildNetwork(tf, net, report.networks[net.id]!));
    });
    const networks = Object.fromEntries(this.models);
    const optimizers = new Map(this.plan.optimizers.map((o) => [o.network, o.role.create(tf, o.params)] as const));
    this.state = { networks, optimizers, ema: emaShadows(tf, networks, this.plan.generators, settings.emaDecay), settings, rng, step: 0, ...(opts.frozen ? { frozen: opts.frozen } : {}) };
    const program = interpretPlan(tf, this.plan, opts.images);
    this.program = opts.tapDraws ? { ...program, tap: opts.tapDraws } : program;
  }

  static create(tf: Tf, design: Design, report: DesignReport, opts: TrainerOptions): Trainer {
    return new Trainer(tf, design, report, opts);
  }

  get step(): number {
    return this.state.step;
  }

  set step(n: number) {
    this.state.step = n;
  }

  /** One training step; resolves once its metrics are read back. */
  trainStep(): Promise<StepMetrics> {
    return runStep(this.tf, this.state, this.program);
  }

  /** Draws every source for `batch` examples from its own generator (the training draws are left alone). */
  private drawWith(batch: number, rng: Rng): Draw {
    return withRandom(rng, () => this.program.draw(batch, rng));
  }

  private get fixedDraw(): Draw {
    this.fixed ??= this.drawWith(this.opts.sampleCount ?? 16, mulberry32(this.seed + 1));
    return this.fixed;
  }

  /** Evaluates `ref` on `draw` for samples: inference mode, moving-average weights, noise layers seeded by `rng`. */
  private evaluate(draw: Draw, ref: { node: string; port: string }, rng: Rng): Tensor {
    const tf = this.tf;
    return inference(this.state, rng, () => tf.tidy(() => tf.clone(evaluateRef(tf, this.plan, this.state.networks, draw, ref))));
  }

  /**
   * Samples from sources drawn once (so the sample grid shows the same z all through training), with the EMA weights
   * of the generators when the design keeps them.
   */
  sample(): Tensor {
    return this.evaluate(this.fixedDraw, generatedRef(this.plan), mulberry32(this.seed + 2));
  }

  /** The real examples of the fixed sample batch, fed to the first critic (for 2-D plots beside the fakes). */
  realSample(): Tensor | null {
    const ref = realRef(this.plan);
    return ref ? this.evaluate(this.fixedDraw, ref, mulberry32(this.seed + 2)) : null;
  }

  /**
   * The first critic's score on an n × n grid over [−extent, extent]² (rows from the top), as probabilities for
   * cross-entropy objectives: the decision surface GAN Lab draws behind the points. Null unless D takes 2-D points.
   */
  surface(n: number, extent: number): Tensor | null {
    const tf = this.tf;
    const term = firstScored(this.plan);
    if (!term?.critic) return null;
    const inputs = this.plan.networkInputs.get(term.critic)!;
    const k = this.packing.get(term.critic) ?? 1;
    const model = this.models.get(term.critic)!;
    const shape = model.inputs[0]?.shape;
    if (inputs.length !== 1 || shape?.length !== 2 || shape[1] !== 2) return null;
    return tf.tidy(() => {
      const coords = tf.linspace(-extent, extent, n);
      const xs = tf.tile(tf.reshape(coords, [1, n]), [n, 1]);
      const ys = tf.tile(tf.reshape(tf.reverse(coords), [n, 1]), [1, n]);
      const points = tf.stack([tf.reshape(xs, [-1]), tf.reshape(ys, [-1])], 1);
      // A packing critic scores m samples at once: each point is scored as a pack of m copies of itself.
      const grid = k > 1 ? tf.reshape(tf.tile(points, [1, k]), [n * n * k, 2]) : points;
      const out = model.apply(grid, { training: false });
      const score = (Array.isArray(out) ? out[0]! : out) as Tensor;
      return tf.reshape(term.role.probabilities?.(term.params) ? tf.sigmoid(score) : score, [n * n]);
    });
  }

  /**
   * What G's samples are generated from, for the latent explorer: the source port of its noise (a source upstream of
   * G that stands for no data set and carries no labels) and, for a conditional design, of its class labels. Null
   * when G is not fed by exactly one noise port (an image-to-image generator, or two latents).
   */
  latentSpace(): LatentSpace | null {
    const gen = generatedRef(this.plan);
    const sources = new Map(this.plan.sources.map((s) => [s.id, s] as const));
    const fed: Ref[] = [];
    for (const id of callsUpstream(this.plan, [gen.node])) for (const ref of this.plan.calls.get(id)!.feeds.values()) if (sources.has(ref.node)) fed.push(ref);
    const latent = fed.filter((r) => !sources.get(r.node)!.role.reference && !sources.get(r.node)!.labelPorts.includes(r.port));
    const labels = fed.filter((r) => sources.get(r.node)!.labelPorts.includes(r.port));
    const z = latent.length === 1 ? this.fixedDraw[latent[0]!.node]?.[latent[0]!.port] : undefined;
    if (!z || z.shape.length !== 2) return null;
    const params = (sources.get(latent[0]!.node)!.params ?? {}) as { distribution?: unknown; stdDev?: unknown };
    const y = labels[0] ? this.fixedDraw[labels[0].node]?.[labels[0].port] : undefined;
    const yParams = (labels[0] ? sources.get(labels[0].node)!.params : {}) as { numClasses?: unknown };
    const oneHot = y !== undefined && y.shape[1] !== 1;
    const classes = y === undefined ? null : oneHot ? y.shape[1]! : typeof yParams.numClasses === 'number' ? yParams.numClasses : null;
    return {
      latent: latent[0]!,
      dim: z.shape[1]!,
      distribution: params.distribution === 'uniform' ? 'uniform' : 'normal',
      scale: typeof params.stdDev === 'number' ? params.stdDev : 1,
      labels: y && labels[0] && classes !== null ? { ref: labels[0], classes, encoding: oneHot ? 'one-hot' : 'index' } : null,
    };
  }

  /**
   * G's samples for chosen noise vectors (`latent`: n rows of the latent's dimension) and, for a conditional design,
   * class labels (else labels drawn from a fixed seed), in inference mode with the moving-average weights, as the
   * sample grid. Every other source is drawn from a fixed seed, so one vector always gives one sample.
   */
  generateFrom(space: LatentSpace, latent: Float32Array, labels: Int32Array | null): Tensor {
    const tf = this.tf;
    const n = latent.length / space.dim;
    const draw = this.drawWith(n, mulberry32(this.seed + 3));
    const z = tf.tensor2d(latent, [n, space.dim]);
    const y = labels && space.labels ? encodeLabels(tf, labels, space.labels.encoding, space.labels.classes) : null;
    try {
      const fed: Record<string, Record<string, Tensor>> = { ...draw };
      const put = (ref: Ref, t: Tensor) => (fed[ref.node] = { ...fed[ref.node], [ref.port]: t });
      put(space.latent, z);
      if (y && space.labels) put(space.labels.ref, y);
      return this.evaluate(fed, generatedRef(this.plan), mulberry32(this.seed + 2));
    } finally {
      disposeDraw(tf, draw);
      z.dispose();
      y?.dispose();
    }
  }

  /**
   * Where G first transforms its noise: the network call fed by the latent on the way to G's samples, and that
   * network's first hidden layer as seen from the latent input (early-layer.ts). Null when the latent reaches no layer
   * with weights.
   */
  hiddenLayer(space: LatentSpace): { call: string; network: string; layer: HiddenLayer } | null {
    const fed = (id: string) => [...this.plan.calls.get(id)!.feeds.values()].some((r) => r.node === space.latent.node && r.port === space.latent.port);
    const call = callsUpstream(this.plan, [generatedRef(this.plan).node]).find(fed);
    if (!call) return null;
    const c = this.plan.calls.get(call)!;
    const ports = this.plan.networkInputs.get(c.network)!;
    const input = ports.findIndex((p) => { const r = c.feeds.get(p); return r?.node === space.latent.node && r.port === space.latent.port; });
    const layer = firstHiddenLayer(this.models.get(c.network)!, input);
    return layer ? { call, network: c.network, layer } : null;
  }

  /**
   * `n` fresh draws of the latent (every source drawn from `seed`, as the run draws them) and the activations of
   * `hidden` for them, n × features, in inference mode with the moving-average weights: the samples GANSpace's
   * principal directions are computed from. The caller disposes both.
   */
  hiddenActivations(hidden: { call: string; network: string; layer: HiddenLayer }, space: LatentSpace, n: number, seed: number): { latent: Tensor; activations: Tensor } {
    const tf = this.tf;
    const draw = this.drawWith(n, mulberry32(seed));
    try {
      return inference(this.state, mulberry32(this.seed + 2), () =>
        tf.tidy(() => {
          const c = this.plan.calls.get(hidden.call)!;
          const before = callsUpstream(this.plan, [hidden.call]).filter((id) => id !== hidden.call);
          const values = runCalls(tf, this.plan, this.state.networks, draw, before, false);
          const inputs = this.plan.networkInputs.get(c.network)!.map((p) => {
            const r = c.feeds.get(p)!;
            return values.get(r.node)![r.port]!;
          });
          const out = this.models.get(c.network)!.execute(inputs, hidden.layer.output) as Tensor;
          return { latent: tf.clone(draw[space.latent.node]![space.latent.port]!), activations: tf.reshape(out, [n, hidden.layer.features]) };
        }),
      );
    } finally {
      disposeDraw(tf, draw);
    }
  }

  /**
   * G's outputs for chosen inputs: the sampled output evaluated with the source port `input` (a paired source's A)
   * holding `a`, in inference mode with the moving-average weights, as the sample grid. For a generator fed by that
   * port alone (evaluation-paired.ts pairedTarget), so no other source is drawn. The caller disposes `a` and the result.
   */
  translate(input: Ref, a: Tensor): Tensor {
    return this.evaluate({ [input.node]: { [input.port]: a } }, generatedRef(this.plan), mulberry32(this.seed + 2));
  }

  /**
   * `n` fresh generated examples, for evaluation and the point cloud: sources and noise layers drawn from their own
   * generator seeded with `seed`. With the design's `criticKeep` below 1, the critic's best `n` of more candidates
   * (critic-ranking.ts); the sample grid (`sample`) and the latent explorer show G's raw output.
   */
  generate(n: number, seed = 7): Tensor {
    const tf = this.tf;
    const rng = mulberry32(seed);
    const gen = generatedRef(this.plan);
    const keep = this.keep;
    const scores = keep < 1 ? rankingScores(this.plan) : null;
    return inference(this.state, rng, () => {
      if (!scores) return this.drawn(n, rng, (draw) => evaluateRef(tf, this.plan, this.state.networks, draw, gen));
      const pack = this.packing.get(this.plan.calls.get(scores.node)!.network) ?? 1;
      const calls = callsUpstream(this.plan, [gen.node, scores.node].filter((id) => this.plan.calls.has(id)));
      const parts = rankingPasses(n, keep, pack).map(([kept, candidates]) =>
        this.drawn(candidates, rng, (draw) => {
          const values = runCalls(tf, this.plan, this.state.networks, draw, calls, false);
          return keepBest(tf, values.get(gen.node)![gen.port]!, values.get(scores.node)![scores.port]!, kept);
        }),
      );
      if (parts.length === 1) return parts[0]!;
      const all = tf.concat(parts);
      tf.dispose(parts);
      return all;
    });
  }

  /** `fn` of a fresh draw of every source for `n` examples, tidied; the draw is freed, the result kept. */
  private drawn(n: number, rng: Rng, fn: (draw: Draw) => Tensor): Tensor {
    const tf = this.tf;
    const draw = this.program.draw(n, rng);
    try {
      return tf.tidy(() => tf.clone(fn(draw)));
    } finally {
      disposeDraw(tf, draw);
    }
  }

  /** The design's `criticKeep` changed: what `generate` keeps (no part of what the run trains). */
  setCriticKeep(keep: number): void {
    this.keep = keep;
  }

  /** The share of candidates `generate` keeps now; 1 when it returns G's raw samples. */
  get criticKeep(): number {
    return this.keep;
  }

  /** The run's step budget changed in the design (`steps` is no part of what a run depends on): instance noise anneals to it. */
  setSteps(steps: number): void {
    this.state.settings.steps = steps;
  }

  setLearningRate(network: string, lr: number): void {
    const o = this.state.optimizers.get(network) as (tfType.Optimizer & { learningRate?: number }) | undefined;
    if (o && typeof o.learningRate === 'number') o.learningRate = lr;
  }

  /** Copies of every model weight and of the generators' moving averages: a checkpoint, or a point to roll back to after a NaN. */
  async snapshot(): Promise<Snapshot> {
    const weights: Record<string, Float32Array[]> = {};
    const shapes: Record<string, number[][]> = {};
    for (const [id, m] of this.models) {
      const ws = m.getWeights();
      weights[id] = await Promise.all(ws.map(async (w) => (await w.data()) as Float32Array));
      shapes[id] = ws.map((w) => w.shape);
    }
    const ema: Record<string, Float32Array[]> = {};
    for (const [id, shadow] of this.state.ema) ema[id] = await Promise.all(shadow.map(async (v) => (await v.data()) as Float32Array));
    return { step: this.state.step, weights, shapes, ...(this.state.ema.size > 0 ? { ema } : {}) };
  }

  /** Why `s` cannot be restored into these models (a network's weight shapes differ), or null when it fits. */
  misfit(s: Snapshot): string | null {
    for (const [id, m] of this.models) {
      const want = m.getWeights().map((w) => w.shape.join('×')).join(', ');
      const got = (s.shapes[id] ?? []).map((x) => x.join('×')).join(', ');
      if (want !== got || s.weights[id]?.length !== m.getWeights().length) return `network "${id}" has weights [${want}]; the saved run has [${got}]`;
    }
    return null;
  }

  /** Every layer that has weights, with copies of its weights and (for averaged generators) of its moving averages. */
  async layerWeights(): Promise<LayerWeights[]> {
    const out: LayerWeights[] = [];
    for (const [network, model] of this.models) {
      const shadow = this.state.ema.get(network);
      for (const layer of model.layers) {
        if (layer.weights.length === 0) continue;
        const values = await Promise.all(layer.getWeights().map(async (w) => (await w.data()) as Float32Array));
        const ema = shadow ? await Promise.all(weightIndices(model, layer).map(async (i) => (await shadow[i]!.data()) as Float32Array)) : null;
        out.push({ network, layer: layer.name, kind: layer.getClassName(), shapes: layer.weights.map((w) => w.shape as number[]), values, ema });
      }
    }
    return out;
  }

  /**
   * Takes the trained weights of every layer of `from` that this design left unchanged (lib/train/warm-start.ts), and
   * their moving averages; the other layers keep the fresh weights they were built with. Optimizers start fresh, as on
   * every resume. Returns which layers were kept and which start fresh.
   */
  warmStart(from: readonly LayerWeights[]): WarmStart {
    const tf = this.tf;
    const mine: LayerInfo[] = [];
    for (const [network, model] of this.models) {
      for (const layer of model.layers) {
        if (layer.weights.length > 0) mine.push({ network, layer: layer.name, kind: layer.getClassName(), shapes: layer.weights.map((w) => w.shape as number[]) });
      }
    }
    const plan = planWarmStart(from, mine);
    const trained = new Map(from.map((l) => [layerKey(l), l]));
    for (const ref of plan.kept) {
      const src = trained.get(layerKey(ref))!;
      const model = this.models.get(ref.network)!;
      const layer = model.getLayer(ref.layer);
      tf.tidy(() => layer.setWeights(src.values.map((v, i) => tf.tensor(v, src.shapes[i] as number[]))));
      const shadow = this.state.ema.get(ref.network);
      if (shadow) {
        const averages = src.ema ?? src.values;
        tf.tidy(() => weightIndices(model, layer).forEach((j, i) => shadow[j]!.assign(tf.tensor(averages[i]!, src.shapes[i] as number[]))));
      }
    }
    return plan;
  }

  restore(s: Snapshot): void {
    const tf = this.tf;
    for (const [id, m] of this.models) {
      const ws = s.weights[id];
      const sh = s.shapes[id];
      if (!ws || !sh) continue;
      const tensors = ws.map((w, i) => tf.tensor(w, sh[i]));
      m.setWeights(tensors);
      tensors.forEach((t) => t.dispose());
    }
    // Samples and evaluations read the moving averages: they come back too, or start from the restored weights when
    // the snapshot has none (a checkpoint from before they were kept, or a design that now averages).
    for (const [id, shadow] of this.state.ema) {
      const from = s.ema?.[id]?.length === shadow.length ? s.ema[id] : s.weights[id];
      if (!from || from.length !== shadow.length) continue;
      tf.tidy(() => shadow.forEach((v, i) => v.assign(tf.tensor(from[i]!, v.shape))));
    }
    this.state.step = s.step;
  }

  dispose(): void {
    for (const m of this.models.values()) m.dispose();
    for (const o of this.state.optimizers.values()) o.dispose();
    for (const vs of this.state.ema.values()) vs.forEach((v) => v.dispose());
    if (this.fixed) disposeDraw(this.tf, this.fixed);
    this.fixed = null;
  }
}

/** A layer's position in its model's getWeights() order (trainable weights first, then the rest: tfjs Container.weights). */
function weightIndices(model: tfType.LayersModel, layer: tfType.layers.Layer): number[] {
  const all = model.weights;
  return layer.weights.map((w) => all.indexOf(w));
}

/** One layer's trained weights (LayerInfo plus values), and its moving averages when the run keeps them. */
export type LayerWeights = LayerInfo & { values: Float32Array[]; ema: Float32Array[] | null };

/** G's latent input as the explorer sees it (Trainer.latentSpace). */
export type LatentSpace = {
  latent: Ref;
  dim: number;
  /** How the run draws z: N(0, scale²) (truncated at 2σ for truncated noise) or U(−1, 1). */
  distribution: 'normal' | 'uniform';
  scale: number;
  labels: { ref: Ref; classes: number; encoding: 'one-hot' | 'index' } | null;
};

/** A run's weights at a step; `ema`: the generators' moving averages, in their weights' order and shapes (when kept). */
export type Snapshot = { step: number; weights: Record<string, Float32Array[]>; shapes: Record<string, number[][]>; ema?: Record<string, Float32Array[]> };
