import type * as tfType from '@tensorflow/tfjs';
import type { ImageSet } from '../data/image-set';
import type { ImageSets } from '../data/source';
import type { MnistClassifier } from '../metrics/classifier';
import {
  appendEval,
  clampSettings,
  EVAL_DEFAULTS,
  EVAL_SAMPLE_LIMITS,
  EvalCancelled,
  evalTarget,
  evaluateToy,
  sampleShapeOf,
  type EvalHooks,
  type EvalKind,
  type EvalResult,
  type EvalSettings,
  type EvalTarget,
} from './evaluation';
import { evaluateImages, imageReference, type ImageReference } from './evaluation-images';
import { evaluatePaired, pairedTestSet, type PairedTarget, type PairedTestSet } from './evaluation-paired';
import type { FromWorker } from './protocol';
import type { Trainer } from './trainer';

type Tf = typeof tfType;

export type EvalHost = {
  tf: Tf;
  post(m: FromWorker): void;
  /** The MNIST classifier, built on tf's backend; called once, on the first image evaluation. */
  loadClassifier(): Promise<MnistClassifier>;
  /** The labelled MNIST test split; called once, on the first paired evaluation. */
  loadTestImages?(): Promise<ImageSet>;
  /** Lets queued messages in between chunks (the worker: a macrotask). */
  yieldToEvents?(): Promise<void>;
};

const macrotask = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * The training worker's evaluations, kept apart from its step loop: which metrics apply to the loaded trainer, the
 * "every N steps" setting, one evaluation at a time with progress, results kept for the checkpoint. The classifier
 * and the classified reference images (the paired evaluation's test digits and baseline) are cached for the worker's
 * life, so only the first evaluation pays for them and tf.memory() stays flat across evaluations.
 */
export class EvalController {
  private trainer: Trainer | null = null;
  private images: ImageSets = {};
  private target: EvalTarget = { kind: 'none', reason: 'no design is loaded.' };
  private settings: EvalSettings = EVAL_DEFAULTS.none;
  /** The user's settings per kind of design, kept across loads (editing a design reloads its trainer). */
  private readonly chosen = new Map<EvalKind, EvalSettings>();
  private history: EvalResult[] = [];
  private requested = false;
  private current: { promise: Promise<void>; cancel(): void } | null = null;
  private classifier: Promise<MnistClassifier> | null = null;
  private reference: ImageReference | null = null;
  /** The image set the reference was drawn from. */
  private referenceSet: object | null = null;
  private testImages: Promise<ImageSet> | null = null;
  /** The paired evaluation's inputs, targets and baseline: they do not depend on G, so they are kept while they fit. */
  private testSet: PairedTestSet | null = null;

  constructor(private readonly host: EvalHost) {}

  /** Binds a freshly built (or restored) trainer; `restored` is the history its checkpoint carried. */
  async attach(trainer: Trainer, images: ImageSets, restored: readonly EvalResult[] = []): Promise<void> {
    await this.detach();
    this.trainer = trainer;
    this.images = images;
    this.target = evalTarget(trainer.plan, sampleShapeOf(trainer));
    this.settings = this.chosen.get(this.target.kind) ?? EVAL_DEFAULTS[this.target.kind];
    this.history = restored.filter((r) => r.kind === this.target.kind && r.step <= trainer.step);
    this.requested = false;
    this.postInfo();
    this.host.post({ type: 'evalHistory', results: this.history });
  }

  /** Stops an evaluation in progress and forgets the trainer (before it is disposed). */
  async detach(): Promise<void> {
    this.current?.cancel();
    await this.current?.promise;
    this.trainer = null;
  }

  configure(s: EvalSettings): void {
    if (this.target.kind === 'none') return this.postInfo();
    this.settings = clampSettings(this.target.kind, s);
    this.chosen.set(this.target.kind, this.settings);
    this.postInfo();
  }

  /** Asks for an evaluation at the next step boundary (while training runs). */
  request(): void {
    this.requested = true;
  }

  /** Whether the step loop should evaluate after `step`. */
  due(step: number): boolean {
    if (this.target.kind === 'none' || !this.trainer) return false;
    return this.requested || (this.settings.every > 0 && step % this.settings.every === 0);
  }

  /** Resolves when no evaluation is running, so a step never interleaves with one. */
  idle(): Promise<void> {
    return this.current?.promise ?? Promise.resolve();
  }

  /** The results to save with the checkpoint. */
  get results(): readonly EvalResult[] {
    return this.history;
  }

  /**
   * Evaluates the trainer's current weights. `shouldStop` is checked between chunks (pause, a new design);
   * `after` runs inside the same busy window, once a result is in (the worker saves the checkpoint there).
   * Reports progress, then the result or why there is none.
   */
  run(shouldStop: () => boolean, after?: () => Promise<void>): Promise<void> {
    if (this.current) return this.current.promise;
    this.requested = false;
    const trainer = this.trainer;
    const target = this.target;
    if (!trainer || target.kind === 'none') {
      this.host.post({ type: 'evalFailed', step: trainer?.step ?? 0, cancelled: false, message: target.kind === 'none' ? `Not measured: ${target.reason}` : 'no design is loaded.' });
      return Promise.resolve();
    }
    const step = trainer.step;
    const samples = this.settings.samples;
    let cancelled = false;
    const stopped = () => cancelled || this.trainer !== trainer || shouldStop();
    const hooks: EvalHooks = {
      progress: (p) => this.host.post({ type: 'evalProgress', step, progress: p }),
      between: async () => {
        await (this.host.yieldToEvents ?? macrotask)();
        if (stopped()) throw new EvalCancelled();
      },
    };
    const t0 = performance.now();
    const promise = (async () => {
      try {
        const measured =
          target.kind === 'toy2d'
            ? await evaluateToy(trainer, target.mixture, step, samples, hooks)
            : target.kind === 'paired'
              ? await evaluatePaired(this.host.tf, trainer, await this.loadClassifier(), target, await this.testSetFor(target, samples, hooks), step, hooks)
              : await evaluateImages(this.host.tf, trainer, await this.loadClassifier(), await this.referenceFor(samples, hooks), { step, range: target.range }, hooks);
        if (this.trainer !== trainer) throw new EvalCancelled();
        // The whole wait, the first image evaluation's classifier load and reference images included.
        const ranked = target.kind !== 'paired' && trainer.criticKeep < 1 ? { criticKeep: trainer.criticKeep } : {};
        const result: EvalResult = { ...measured, ...ranked, seconds: (performance.now() - t0) / 1000 };
        this.history = appendEval(this.history, result);
        this.host.post({ type: 'evalResult', result });
        await after?.();
      } catch (e) {
        const wasCancel = e instanceof EvalCancelled;
        const message = wasCancel ? `The evaluation at step ${step} was stopped (training paused or the design changed); press "Evaluate now" to run it again.` : `The evaluation at step ${step} failed: ${e instanceof Error ? e.message : String(e)}`;
        this.host.post({ type: 'evalFailed', step, cancelled: wasCancel, message });
      } finally {
        this.current = null;
      }
    })();
    this.current = { promise, cancel: () => (cancelled = true) };
    return promise;
  }

  private postInfo(): void {
    this.host.post({ type: 'evalInfo', target: this.target, settings: this.settings, limits: EVAL_SAMPLE_LIMITS[this.target.kind] });
  }

  /** The MNIST classifier, loaded once for the worker's life (the explorer's nearest training images use it too). */
  loadClassifier(): Promise<MnistClassifier> {
    // A failed load is retried next time (e.g. the assets were not vendored yet).
    this.classifier ??= this.host.loadClassifier().catch((e: unknown) => {
      this.classifier = null;
      throw e;
    });
    return this.classifier;
  }

  private async testSetFor(target: PairedTarget, count: number, hooks: EvalHooks): Promise<PairedTestSet> {
    const t = this.testSet;
    if (t?.count === count && t.pair === target.pair && t.range === target.range) return t;
    this.testSet = null;
    const load = this.host.loadTestImages;
    if (!load) throw new Error('the MNIST test digits cannot be loaded here.');
    // A failed load is retried next time, as the classifier's.
    this.testImages ??= load().catch((e: unknown) => {
      this.testImages = null;
      throw e;
    });
    this.testSet = await pairedTestSet(this.host.tf, await this.loadClassifier(), target, await this.testImages, count, hooks);
    return this.testSet;
  }

  private async referenceFor(count: number, hooks: EvalHooks): Promise<ImageReference> {
    const train = this.images['mnist'];
    if (!train) throw new Error('the MNIST training images are not loaded.');
    if (this.reference?.count !== count || this.referenceSet !== train) {
      this.reference = null;
      this.reference = await imageReference(this.host.tf, await this.loadClassifier(), train, count, hooks);
      this.referenceSet = train;
    }
    return this.reference;
  }
}
