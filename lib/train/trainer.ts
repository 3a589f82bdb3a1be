import type * as tfType from '@tensorflow/tfjs';
import { withWeightsSwapped } from './ema-weights';
import { readStepMetrics, type StepMetrics } from './step-metrics';
import type { Design, Network } from '../graph/schema';
import { mulberry32, type Rng } from '../rng';
import type { DesignReport, NetworkReport } from '../validate/validate';
import { datasetSource, domainsSource, type DataSource, type DatasetParams, type DomainsParams, type ImageSets } from '../data/source';
import { discriminatorLoss, distance, generatorLoss } from './losses';
import { planTraining, type AdversarialTerm, type DistanceTerm, type Ref, type Term, type TrainingPlan } from './plan';
import { withRandom } from './random';
import { registerComparisonGradients } from '../tfjs/comparison-gradients';

type Tf = typeof tfType;
type Tensor = tfType.Tensor;
type Values = Map<string, Record<string, Tensor>>;

export type BuildNetwork = (tf: Tf, network: Network, report: NetworkReport) => tfType.LayersModel;

export type { StepMetrics } from './step-metrics';

export type TrainerOptions = {
  images: ImageSets;
  buildNetwork: BuildNetwork;
  seed?: number;
  /** Overrides the design's batch size (tests use tiny batches). */
  batchSize?: number;
  /** Fixed-noise samples kept for the sample grid. */
  sampleCount?: number;
};

const isLabelRef = (plan: TrainingPlan, ref: Ref) => {
  const t = plan.nodes.get(ref.node)?.type;
  return t === 'label' || (t === 'dataset' && ref.port === 'y');
};

/**
 * Turns a validated design into tfjs models and a training step. The same code runs in the browser's worker, the CLI
 * and the tests. One step = nCritic critic updates, then (for designs with a reconstruction term) the reconstruction
 * phase, then one update of every other trained network. Every update is tidied; metrics are read once per step.
 */
export class Trainer {
  readonly plan: TrainingPlan;
  readonly models = new Map<string, tfType.LayersModel>();
  readonly batchSize: number;
  step = 0;
  private readonly optimizers = new Map<string, tfType.Optimizer>();
  private readonly sources = new Map<string, DataSource>();
  private readonly ema = new Map<string, tfType.Variable[]>();
  private readonly rng: Rng;
  private fixed: Map<string, Record<string, Tensor>> | null = null;

  private constructor(
    private readonly tf: Tf,
    private readonly design: Design,
    report: DesignReport,
    private readonly opts: TrainerOptions,
  ) {
    registerComparisonGradients(tf);
    this.plan = planTraining(design, report);
    this.batchSize = opts.batchSize ?? this.plan.settings.batchSize;
    this.rng = mulberry32(opts.seed ?? this.plan.settings.seed);
    withRandom(this.rng, () => {
      for (const net of design.networks) this.models.set(net.id, opts.buildNetwork(tf, net, report.networks[net.id]!));
    });
    for (const o of this.plan.optimizers) this.optimizers.set(o.network, makeOptimizer(tf, o.type, o.params));
    for (const n of this.plan.nodes.values()) {
      if (n.type === 'dataset') this.sources.set(n.id, datasetSource(tf, n.parsed as DatasetParams, opts.images));
      if (n.type === 'domains') this.sources.set(n.id, domainsSource(tf, n.parsed as DomainsParams, opts.images));
    }
    if (this.plan.settings.emaDecay > 0) {
      for (const g of this.plan.generators) {
        // tidy frees the clones; each variable keeps its own reference to the copied data.
        this.ema.set(g, tf.tidy(() => this.models.get(g)!.getWeights().map((w) => tf.variable(w.clone(), false))));
      }
    }
  }

  static create(tf: Tf, design: Design, report: DesignReport, opts: TrainerOptions): Trainer {
    return new Trainer(tf, design, report, opts);
  }

  /** One training step; resolves once its metrics are read back. */
  async trainStep(): Promise<StepMetrics> {
    const tf = this.tf;
    const scalars: [string, Tensor][] = [];
    const keep = (name: string, t: Tensor) => scalars.push([name, tf.keep(t)]);
    const normTensors: [string, Tensor][] = [];
    const s = this.plan.settings;
    const noiseStd = s.instanceNoise > 0 ? s.instanceNoise * Math.max(0, 1 - this.step / s.steps) : 0;

    const recon = this.plan.terms.filter((t) => t.kind === 'distance' && t.type === 'reconstruction');
    const criticTerms = this.plan.terms.filter((t) => t.kind !== 'distance');
    const genTerms = this.plan.terms.filter((t) => (t.kind === 'distance' && t.type !== 'reconstruction') || t.kind === 'adversarial');

    // One scope for the whole step: whatever tfjs allocates along the way (variableGrads' value, optimizer
    // temporaries) is freed here; metrics survive through tf.keep.
    withRandom(this.rng, () => tf.tidy(() => {
      // Reconstruction phase first (Makhzani 2015: reconstruction, then regularisation, per mini-batch).
      if (recon.length > 0) this.update(this.plan.generators, recon, 'G', noiseStd, keep, normTensors);
      for (let k = 0; k < s.nCritic && criticTerms.length > 0; k++) {
        this.update(this.plan.critics, criticTerms, 'D', noiseStd, k === s.nCritic - 1 ? keep : () => undefined, k === s.nCritic - 1 ? normTensors : []);
        for (const c of this.plan.clips) this.clip(c.critic, c.clip);
      }
      if (genTerms.some((t) => t.kind === 'adversarial' || t.kind === 'distance')) {
        this.update(this.plan.generators, genTerms, 'G', noiseStd, keep, normTensors);
      }
      this.updateEma();
    }));

    this.step++;
    const wgan = this.plan.terms.some((t) => t.kind === 'adversarial' && t.objective === 'wasserstein');
    return readStepMetrics(tf, this.step, scalars, normTensors, wgan);
  }

  /** One gradient update of `networks` on the sum of `terms`' sides. */
  private update(networks: string[], terms: Term[], side: 'D' | 'G', noiseStd: number, keep: (n: string, t: Tensor) => void, norms: [string, Tensor][]): void {
    const tf = this.tf;
    const vars = networks.flatMap((n) => this.models.get(n)!.trainableWeights.map((w) => w.read() as tfType.Variable));
    if (vars.length === 0) return;
    const sources = this.sampleSources();
    const { grads } = tf.variableGrads(() => {
      const values = this.run(sources, this.needed(terms), true, side === 'D' ? noiseStd : noiseStd);
      const parts = terms.map((term) => this.termLoss(term, side, values, keep)).filter((x): x is Tensor => x !== null);
      return tf.addN(parts) as tfType.Scalar;
    }, vars);
    for (const n of networks) {
      const own = this.models.get(n)!.trainableWeights.map((w) => (w.read() as tfType.Variable).name);
      const sub: Record<string, Tensor> = {};
      for (const name of own) if (grads[name]) sub[name] = grads[name]!;
      if (Object.keys(sub).length === 0) continue;
      norms.push([n, tf.keep(tf.tidy(() => tf.sqrt(tf.addN(Object.values(sub).map((g) => tf.sum(tf.square(g)))))))]);
      this.optimizers.get(n)?.applyGradients(sub);
    }
    for (const g of Object.values(grads)) g.dispose();
    for (const r of sources.values()) for (const t of Object.values(r)) t.dispose();
  }

  private termLoss(term: Term, side: 'D' | 'G', v: Values, keep: (n: string, t: Tensor) => void): Tensor | null {
    const tf = this.tf;
    const get = (r: Ref) => v.get(r.node)?.[r.port] ?? null;
    switch (term.kind) {
      case 'adversarial': {
        const real = get(term.real);
        const fake = get(term.fake);
        if (!fake) return null;
        if (side === 'D') {
          if (!real) return null;
          const l = tf.mul(term.weight, discriminatorLoss(tf, term, real, fake));
          keep(`${term.id}.D`, l);
          if (!this.plan.terms.some((t) => t.kind === 'adversarial' && t.id < term.id)) {
            keep('#dReal', tf.mean(real));
            keep('#dFake', tf.mean(fake));
          }
          return l;
        }
        const l = tf.mul(term.weight, generatorLoss(tf, term, fake));
        keep(`${term.id}.G`, l);
        return l;
      }
      case 'gradientPenalty': {
        if (side !== 'D') return null;
        const l = tf.mul(term.weight, this.gradientPenalty(term.real, term.fake, term.target, v));
        keep(term.id, l);
        return l;
      }
      case 'r1': {
        if (side !== 'D') return null;
        const l = tf.mul(term.gamma / 2, this.r1(term.real, v));
        keep(term.id, l);
        return l;
      }
      case 'distance': {
        if (side !== 'G') return null;
        const target = get(term.target);
        const output = get(term.output);
        if (!target || !output) return null;
        const l = tf.mul(term.weight, distance(tf, term.norm, output, target));
        keep(term.id, l);
        return l;
      }
    }
  }

  /**
   * WGAN-GP (Gulrajani 2017, Algorithm 1): x̂ = εx + (1 − ε)x̃ with ε ~ U[0, 1] per example, penalty
   * E[(‖∇x̂ D(x̂)‖₂ − target)²]. Inputs of the critic other than the image (labels) come from the real call.
   */
  private gradientPenalty(realRef: Ref, fakeRef: Ref, target: number, v: Values): Tensor {
    const tf = this.tf;
    const { feeds: realFeeds, network, imagePort } = this.criticInputs(realRef, v);
    const fakeFeeds = this.criticInputs(fakeRef, v).feeds;
    const x = realFeeds[imagePort]!;
    const xf = fakeFeeds[imagePort]!;
    const eps = tf.randomUniform([x.shape[0]!, ...x.shape.slice(1).map(() => 1)], 0, 1, 'float32', this.rng.seed());
    const xhat = tf.add(tf.mul(eps, x), tf.mul(tf.sub(1, eps), xf));
    const g = tf.grad((xi: Tensor) => tf.sum(this.callNetwork(network, { ...realFeeds, [imagePort]: xi }, true)[0]!))(xhat);
    const norms = tf.sqrt(tf.add(tf.sum(tf.square(g), g.shape.slice(1).map((_, i) => i + 1)), 1e-12));
    return tf.mean(tf.square(tf.sub(norms, target)));
  }

  /** R1 (Mescheder 2018): E[‖∇x D(x)‖²] on real data; the caller multiplies by γ/2. */
  private r1(realRef: Ref, v: Values): Tensor {
    const tf = this.tf;
    const { feeds, network, imagePort } = this.criticInputs(realRef, v);
    const g = tf.grad((xi: Tensor) => tf.sum(this.callNetwork(network, { ...feeds, [imagePort]: xi }, true)[0]!))(feeds[imagePort]!);
    return tf.mean(tf.sum(tf.square(g), g.shape.slice(1).map((_, i) => i + 1)));
  }

  /** The inputs a critic call was fed, and which of them is the image (the first that is not a label). */
  private criticInputs(scoreRef: Ref, v: Values): { feeds: Record<string, Tensor>; network: string; imagePort: string } {
    const call = this.plan.nodes.get(scoreRef.node)!;
    const network = String(call.parsed['network']);
    const feeds: Record<string, Tensor> = {};
    let imagePort = '';
    for (const [port, ref] of this.plan.inputs.get(call.id) ?? []) {
      const t = v.get(ref.node)?.[ref.port];
      if (t) feeds[port] = t;
      if (!imagePort && !isLabelRef(this.plan, ref)) imagePort = port;
    }
    return { feeds, network, imagePort };
  }

  private sampleSources(batch = this.batchSize, rng = this.rng): Values {
    const tf = this.tf;
    const out: Values = new Map();
    for (const n of this.plan.nodes.values()) {
      const p = n.parsed;
      if (n.type === 'noise') {
        const shape = [batch, Number(p['dim'])];
        out.set(n.id, { z: p['distribution'] === 'uniform' ? tf.randomUniform(shape, -1, 1, 'float32', rng.seed()) : tf.randomNormal(shape, 0, 1, 'float32', rng.seed()) });
      } else if (n.type === 'label') {
        const k = Number(p['numClasses']);
        const y = Int32Array.from({ length: batch }, () => rng.int(k));
        out.set(n.id, { y: p['encoding'] === 'one-hot' ? tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), k).toFloat()) : tf.tensor2d(Float32Array.from(y), [batch, 1]) });
      } else {
        const src = this.sources.get(n.id);
        if (src) out.set(n.id, src.sample(batch, rng));
      }
    }
    return out;
  }

  /** Call nodes needed for `terms`: everything upstream of their inputs. */
  private needed(terms: Term[]): Set<string> {
    const need = new Set<string>();
    const visit = (id: string) => {
      if (need.has(id)) return;
      need.add(id);
      for (const ref of this.plan.inputs.get(id)?.values() ?? []) visit(ref.node);
    };
    for (const t of terms) visit(t.id);
    return need;
  }

  /** Evaluates the training graph's calls in topological order. */
  private run(sources: Values, need: Set<string>, training: boolean, noiseStd: number): Values {
    const values: Values = new Map(sources);
    for (const id of this.plan.order) {
      const n = this.plan.nodes.get(id);
      if (n?.type !== 'call' || !need.has(id)) continue;
      const network = String(n.parsed['network']);
      const feeds: Record<string, Tensor> = {};
      for (const [port, ref] of this.plan.inputs.get(id) ?? []) {
        let t = values.get(ref.node)?.[ref.port];
        if (!t) continue;
        // Instance noise on the critics' inputs (Sønderby 2016), not on labels.
        if (noiseStd > 0 && this.plan.critics.includes(network) && !isLabelRef(this.plan, ref)) {
          t = this.tf.add(t, this.tf.randomNormal(t.shape, 0, noiseStd, 'float32', this.rng.seed()));
        }
        feeds[port] = t;
      }
      const outs = this.callNetwork(network, feeds, training);
      const sig = this.design.networks.find((x) => x.id === network)!.nodes.filter((x) => x.type === 'output');
      values.set(id, Object.fromEntries(sig.map((o, i) => [o.id, outs[i]!])));
    }
    return values;
  }

  private callNetwork(network: string, feeds: Record<string, Tensor>, training: boolean): Tensor[] {
    const net = this.design.networks.find((x) => x.id === network)!;
    const inputs = net.nodes.filter((x) => x.type === 'input').map((x) => feeds[x.id]!);
    const out = this.models.get(network)!.apply(inputs.length === 1 ? inputs[0]! : inputs, { training });
    return Array.isArray(out) ? (out as Tensor[]) : [out as Tensor];
  }

  private clip(network: string, c: number): void {
    const tf = this.tf;
    for (const w of this.models.get(network)!.trainableWeights) {
      const v = w.read() as tfType.Variable;
      tf.tidy(() => v.assign(tf.clipByValue(v, -c, c)));
    }
  }

  private updateEma(): void {
    const d = this.plan.settings.emaDecay;
    if (d <= 0) return;
    const tf = this.tf;
    for (const [g, shadow] of this.ema) {
      const ws = this.models.get(g)!.getWeights();
      tf.tidy(() => shadow.forEach((s, i) => s.assign(tf.add(tf.mul(d, s), tf.mul(1 - d, ws[i]!)))));
    }
  }

  /** Where generated examples come from: the generated input of the first critic call, else a distance term's output. */
  private generatedRef(): Ref {
    const adv = this.plan.terms.find((t): t is AdversarialTerm => t.kind === 'adversarial');
    if (adv) {
      const feeds = [...(this.plan.inputs.get(adv.fake.node)?.values() ?? [])];
      return feeds.find((r) => !isLabelRef(this.plan, r)) ?? adv.fake;
    }
    const dist = this.plan.terms.find((t): t is DistanceTerm => t.kind === 'distance');
    if (!dist) throw new Error('the design has no term whose output could be sampled');
    return dist.output;
  }

  /** Evaluates, in inference mode, what `ref` holds given source draws. */
  private evaluate(sources: Values, ref: Ref): Tensor {
    const tf = this.tf;
    return this.withEmaWeights(() =>
      tf.tidy(() => {
        const need = new Set<string>();
        const visit = (id: string) => {
          if (need.has(id)) return;
          need.add(id);
          for (const r of this.plan.inputs.get(id)?.values() ?? []) visit(r.node);
        };
        visit(ref.node);
        return tf.clone(this.run(sources, need, false, 0).get(ref.node)![ref.port]!);
      }),
    );
  }

  private drawSources(batch: number, rng: Rng): Values {
    return withRandom(rng, () => this.sampleSources(batch, rng));
  }

  /**
   * Samples from fixed sources drawn once (so the sample grid shows the same z all through training), with the
   * EMA weights of the generators when the design keeps them.
   */
  sample(): Tensor {
    this.fixed ??= this.drawSources(this.opts.sampleCount ?? 16, mulberry32((this.opts.seed ?? this.plan.settings.seed) + 1));
    return this.evaluate(this.fixed, this.generatedRef());
  }

  /** The real examples of the fixed sample batch, fed to the first critic (for 2-D plots beside the fakes). */
  realSample(): Tensor | null {
    const adv = this.plan.terms.find((t): t is AdversarialTerm => t.kind === 'adversarial');
    if (!adv) return null;
    const ref = [...(this.plan.inputs.get(adv.real.node)?.values() ?? [])].find((r) => !isLabelRef(this.plan, r));
    if (!ref) return null;
    this.fixed ??= this.drawSources(this.opts.sampleCount ?? 16, mulberry32((this.opts.seed ?? this.plan.settings.seed) + 1));
    return this.evaluate(this.fixed, ref);
  }

  /**
   * The first critic's score on an n × n grid over [−extent, extent]² (rows from the top), as probabilities for
   * cross-entropy objectives: the decision surface GAN Lab draws behind the points. Null unless D takes 2-D points.
   */
  surface(n: number, extent: number): Tensor | null {
    const tf = this.tf;
    const adv = this.plan.terms.find((t): t is AdversarialTerm => t.kind === 'adversarial');
    if (!adv) return null;
    const net = this.design.networks.find((x) => x.id === adv.critic)!;
    const inputs = net.nodes.filter((x) => x.type === 'input');
    if (inputs.length !== 1 || JSON.stringify(inputs[0]!.params['shape']) !== '[2]') return null;
    return tf.tidy(() => {
      const coords = tf.linspace(-extent, extent, n);
      const xs = tf.tile(tf.reshape(coords, [1, n]), [n, 1]);
      const ys = tf.tile(tf.reshape(tf.reverse(coords), [n, 1]), [1, n]);
      const grid = tf.stack([tf.reshape(xs, [-1]), tf.reshape(ys, [-1])], 1);
      const score = this.callNetwork(adv.critic, { [inputs[0]!.id]: grid }, false)[0]!;
      const bce = adv.objective === 'non-saturating' || adv.objective === 'minimax';
      return tf.reshape(bce && adv.scores === 'logits' ? tf.sigmoid(score) : score, [n * n]);
    });
  }

  /** `n` fresh generated examples, for evaluation. */
  generate(n: number, seed = 7): Tensor {
    const sources = this.drawSources(n, mulberry32(seed));
    try {
      return this.evaluate(sources, this.generatedRef());
    } finally {
      for (const r of sources.values()) for (const t of Object.values(r)) t.dispose();
    }
  }

  private withEmaWeights<T>(fn: () => T): T {
    return withWeightsSwapped([...this.ema].map(([g, shadow]) => [this.models.get(g)!, shadow] as const), fn);
  }

  setLearningRate(network: string, lr: number): void {
    const o = this.optimizers.get(network) as (tfType.Optimizer & { learningRate?: number }) | undefined;
    if (o && typeof o.learningRate === 'number') o.learningRate = lr;
  }

  /** Copies of every model weight and optimizer slot, to roll back to after a NaN. */
  async snapshot(): Promise<Snapshot> {
    const weights: Record<string, Float32Array[]> = {};
    const shapes: Record<string, number[][]> = {};
    for (const [id, m] of this.models) {
      const ws = m.getWeights();
      weights[id] = await Promise.all(ws.map(async (w) => (await w.data()) as Float32Array));
      shapes[id] = ws.map((w) => w.shape);
    }
    return { step: this.step, weights, shapes };
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
    this.step = s.step;
  }

  dispose(): void {
    for (const m of this.models.values()) m.dispose();
    for (const o of this.optimizers.values()) o.dispose();
    for (const vs of this.ema.values()) vs.forEach((v) => v.dispose());
    if (this.fixed) for (const r of this.fixed.values()) for (const t of Object.values(r)) t.dispose();
    this.fixed = null;
  }
}

export type Snapshot = { step: number; weights: Record<string, Float32Array[]>; shapes: Record<string, number[][]> };

function makeOptimizer(tf: Tf, type: 'adam' | 'rmsprop' | 'sgd', p: Record<string, number>): tfType.Optimizer {
  const lr = p['learningRate'] ?? 1e-3;
  switch (type) {
    case 'adam':
      return tf.train.adam(lr, p['beta1'], p['beta2'], p['epsilon']);
    case 'rmsprop':
      return tf.train.rmsprop(lr, p['decay'], p['momentum'], p['epsilon']);
    case 'sgd':
      return p['momentum'] ? tf.train.momentum(lr, p['momentum']) : tf.train.sgd(lr);
  }
}
