import type * as tfType from '@tensorflow/tfjs';
import type { ImageSets } from '../data/source';
import { parseDesign } from '../graph/parse';
import type { Design } from '../graph/schema';
import type { RunRecord, StoredCheckpoint } from './checkpoint-store';
import type { EvalController } from './eval-controller';
import type { EvalResult } from './evaluation';
import type { ExploreResult, FromWorker, LatentInfo, NearestResult, Phase, PrincipalResult, RunTransfer } from './protocol';
import { designAction, trainingKey } from './run-design';
import { exploreFrame, latentInfo, type ExploreRequest } from './explore';
import { NearestImages } from './explore-nearest';
import { principalDirections } from './explore-principal';
import { appendHistory, historyFrom } from './run-state';
import { sampleFrame } from './sample-frame';
import { HealthWatch } from './health-watch';
import { Trainer, type Snapshot, type StepMetrics } from './trainer';
import { tensorsMismatch, type ImportedWeights } from './weights-import';

/**
 * Where runs are saved: the run archive in IndexedDB in the browser (run-archive-store.ts), a Map in tests. `save`
 * and `load` are the design's current run; `remove` ends it (the archive keeps it listed; the next save starts a new
 * run), as Reset, Restart and an import do.
 */
export type RunStore = {
  save(key: string, s: Snapshot, evaluations: readonly EvalResult[], record: RunRecord): Promise<void>;
  load(key: string): Promise<StoredCheckpoint | undefined>;
  remove(key: string): Promise<void>;
};

export type RunHostDeps = {
  tf: typeof tfType;
  post(m: FromWorker): void;
  store: RunStore;
  evals: EvalController;
  /** The image sets sources read (MNIST, a user's folder), as loaded so far. */
  images(): ImageSets;
  /** A trainer for the design, or why there is none (its errors, in a sentence). */
  build(design: Design): Promise<Trainer | string>;
  /** What a backend switch did, in a sentence; `step` is null when there was no run to move. */
  movedMessage(step: number | null): string;
};

/** Save a checkpoint (and a roll-back snapshot in memory) this often while training runs. */
const CHECKPOINT_MS = 5000;
const SAMPLE_MS = 1000;
const NO_RUN = 'No run is loaded: the design has nothing to train yet.';

/**
 * The loaded run. `design` is what the trainer was built from — the design its weights belong to; `latest` is the
 * editor's design as last sent, which an edit may have taken elsewhere (`changedAt`): the run then keeps training
 * what it trained until the user restarts with the change or puts the design back (lib/train/run-design.ts).
 * `trainer` is null when the design has errors (nothing to train).
 */
type Session = {
  key: string;
  design: Design;
  latest: Design;
  trainer: Trainer | null;
  lastGood: Snapshot | null;
  /** Every step's metrics, thinned as the dashboard thins them; saved with the checkpoint. */
  history: StepMetrics[];
  /** Only initial weights so far: an edit may rebuild the trainer without asking. */
  fresh: boolean;
  /** The run's step when the editor's design stopped matching it; null while they match. */
  changedAt: number | null;
};

/** What a run brings back: its saved checkpoint, or what the worker before a backend switch handed over. */
type SavedRun = { design: Design | null; snapshot: Snapshot; history: StepMetrics[]; evaluations: EvalResult[]; changedAt?: number | null; fresh?: boolean };

/**
 * The training worker's runs, one design's at a time: loading a design's run (from its checkpoint, or handed over
 * from another backend), following the editor's edits without ever discarding trained weights unasked, restarting
 * with a warm start, resetting, the step loop and its checkpoints. The worker (training.worker.ts) owns tfjs and
 * feeds messages in; everything the page learns goes out through `post`.
 */
export class RunHost {
  private session: Session | null = null;
  private phase: Phase = 'idle';
  private loop: Promise<void> | null = null;
  private stepping = false;
  private queue: Promise<void> = Promise.resolve();

  /** The health check, run on each sample frame (health-watch.ts). */
  private readonly health: HealthWatch;
  /** The explorer's nearest training images, with the embedded training subset kept for the worker's life. */
  private readonly nearestImages: NearestImages;

  constructor(private readonly deps: RunHostDeps) {
    this.health = new HealthWatch((m) => deps.post(m));
    this.nearestImages = new NearestImages(deps.tf, () => deps.evals.loadClassifier());
  }

  /** The loaded trainer, if any (tests read it). */
  get trainer(): Trainer | null {
    return this.session?.trainer ?? null;
  }

  /**
   * Messages that replace or rebuild the run go through one queue, each finishing before the next starts: two quick
   * edits never build two trainers at once. Pause, step and the rest act at once (the loop lets them in between steps).
   * Resolves when this task is done.
   */
  serially(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      this.deps.post({ type: 'error', message });
      if (this.phase === 'loading') this.status('failed', message);
    });
    return this.queue;
  }

  private status(p: Phase, message?: string) {
    this.phase = p;
    const s = this.session;
    const t = s?.trainer;
    this.deps.post({ type: 'status', phase: p, step: t?.step ?? 0, totalSteps: t && s ? s.design.training.settings.steps : 0, ...(message ? { message } : {}) });
  }

  /** Where a loaded run stands when nothing runs. */
  private resting(t: Trainer, design: Design): Phase {
    return t.step >= design.training.settings.steps ? 'done' : t.step > 0 ? 'paused' : 'ready';
  }

  /** The editor's design changed (or another design opened): see lib/train/run-design.ts `designAction`. */
  async design(key: string, design: Design, moved?: { run: RunTransfer | null }): Promise<void> {
    if (moved) return this.open(key, design, moved.run?.key === key ? moved.run : null, true);
    const s = this.session;
    const action = designAction(s ? { key: s.key, runKey: s.trainer ? trainingKey(s.design) : null, fresh: s.fresh } : null, key, design);
    if (action === 'open' || !s) return this.open(key, design);
    s.latest = design;
    // Without a trainer (the design had errors) the design's saved run is looked for again: it may fit now.
    if (action === 'rebuild') return s.trainer ? this.startFresh(key, design) : this.open(key, design);
    if (action === 'diverge') {
      if (s.changedAt === null) {
        s.changedAt = s.trainer?.step ?? 0;
        this.postDesignChange();
      }
      return;
    }
    // adopt: the same training; the name, places, step budget, sample interval and critic's share follow the editor.
    s.design = design;
    s.trainer?.setSteps(design.training.settings.steps);
    s.trainer?.setCriticKeep(design.training.settings.criticKeep);
    if (s.changedAt !== null) {
      s.changedAt = null;
      this.postDesignChange();
    }
    if (s.trainer) this.status(this.phase === 'running' ? 'running' : this.resting(s.trainer, design));
  }

  /** Stops the loop (which saves a checkpoint), the evaluation, and frees the trainer. */
  private async close() {
    await this.stop();
    await this.deps.evals.detach();
    this.session?.trainer?.dispose();
    this.session = null;
  }

  private async storedRun(key: string): Promise<SavedRun | null> {
    const c = await this.deps.store.load(key).catch(() => undefined);
    if (!c) return null;
    // A checkpoint is an input like any file: its design goes through the boundary parse, its curves through a check.
    const parsed = c.design === undefined ? null : parseDesign(c.design);
    return { design: parsed?.ok ? parsed.design : null, snapshot: c, history: historyFrom(c.history), evaluations: Array.isArray(c.evaluations) ? c.evaluations : [] };
  }

  /**
   * Loads the run of design `key` — its checkpoint, or `transfer` (handed over before a backend switch, or the run
   * itself rebuilt) — on the design its weights were trained on, which is the editor's unless an edit changed what
   * the run depends on since. `switched`: say what the backend switch did.
   */
  private async open(key: string, editor: Design, transfer: RunTransfer | null = null, switched = false) {
    const { post, evals } = this.deps;
    await this.close();
    if (!transfer) post({ type: 'opened', key });
    this.status('loading');
    const saved: SavedRun | null = transfer ?? (await this.storedRun(key));
    let design = saved?.design && trainingKey(saved.design) !== trainingKey(editor) ? saved.design : editor;
    let built = await this.build(design);
    if (!(built instanceof Trainer) && design !== editor) {
      // The run's own design no longer builds (a block changed since): the editor's design is all there is.
      design = editor;
      built = await this.build(design);
    }
    if (!(built instanceof Trainer)) return this.idle(key, editor, built);
    const trainer = built;
    const misfit = saved ? trainer.misfit(saved.snapshot) : null;
    const restored = saved !== null && misfit === null;
    if (restored) trainer.restore(saved.snapshot);
    const diverged = trainingKey(design) !== trainingKey(editor);
    this.session = {
      key,
      design,
      latest: editor,
      trainer,
      lastGood: null,
      history: restored ? saved.history.filter((h) => h.step <= trainer.step) : [],
      fresh: !restored || (saved.fresh ?? false),
      changedAt: diverged ? (saved?.changedAt ?? trainer.step) : null,
    };
    await evals.attach(trainer, this.deps.images(), restored ? saved.evaluations : []);
    await this.loaded();
    if (saved && misfit) post({ type: 'notice', message: `The saved run at step ${saved.snapshot.step} does not fit this design (${misfit}); training starts from fresh weights and replaces it at the next save.` });
    // The new trainer has the run now: saved from here, so a reload finds it even if this worker is replaced again.
    if (transfer) await this.checkpoint();
    else if (restored) post({ type: 'checkpoint', step: trainer.step });
    if (switched) post({ type: 'notice', message: this.deps.movedMessage(transfer ? trainer.step : null) });
    this.status(this.resting(trainer, design));
    if (transfer?.running) this.run(Number.POSITIVE_INFINITY);
  }

  /** What the dashboard needs of a run just loaded, built or restarted. */
  private async loaded() {
    const s = this.session!;
    const t = s.trainer!;
    s.lastGood = await t.snapshot();
    this.deps.post({ type: 'weightShapes', key: s.key, shapes: s.lastGood.shapes });
    if (s.history.length > 0) this.deps.post({ type: 'history', history: s.history });
    this.postDesignChange();
    await this.postSamples();
  }

  /** A trainer, why the design has none (its errors), or why building it failed (`failed`: data that did not load). */
  private build(design: Design): Promise<Trainer | string | { failed: string }> {
    return this.deps.build(design).catch((e: unknown) => ({ failed: e instanceof Error ? e.message : String(e) }));
  }

  /**
   * A design with nothing to train: an idle, empty dashboard that says why (errors, or an empty design), or a failed
   * one. The design stays loaded, so the next edit or image set tries again.
   */
  private idle(key: string, design: Design, why: string | { failed: string }) {
    this.session = { key, design, latest: design, trainer: null, lastGood: null, history: [], fresh: true, changedAt: null };
    this.postDesignChange();
    if (typeof why === 'string') this.status('idle', why);
    else this.status('failed', why.failed);
  }

  private postDesignChange() {
    const s = this.session;
    if (s) this.deps.post({ type: 'designChange', key: s.key, change: s.changedAt === null ? null : { since: s.changedAt, design: s.design } });
  }

  /** A new run of `design` from fresh weights (an edit before any training, or Reset). */
  private async startFresh(key: string, design: Design) {
    await this.close();
    this.status('loading');
    const built = await this.build(design);
    if (!(built instanceof Trainer)) {
      this.deps.post({ type: 'opened', key });
      return this.idle(key, design, built);
    }
    this.session = { key, design, latest: design, trainer: built, lastGood: null, history: [], fresh: true, changedAt: null };
    await this.deps.evals.attach(built, this.deps.images(), []);
    await this.loaded();
    this.status('ready');
  }

  /**
   * A new run on the editor's design, starting from the trained weights of every layer the change left alone (a warm
   * start: lib/train/warm-start.ts). Refused, keeping the run, while the design has errors.
   */
  async restart(): Promise<void> {
    const s = this.session;
    if (!s?.trainer) return;
    const design = s.latest;
    await this.stop();
    this.status('loading');
    const built = await this.build(design);
    if (!(built instanceof Trainer)) {
      const text = typeof built === 'string' ? built : built.failed;
      const why = `${text.charAt(0).toLowerCase()}${text.slice(1)}`.replace(/([^.])$/, '$1.');
      this.deps.post({ type: 'notice', message: `Not restarted: ${why} The run goes on with the design it was trained on.` });
      return this.status(this.resting(s.trainer, s.design));
    }
    const warmStart = built.warmStart(await s.trainer.layerWeights());
    await this.close();
    this.deps.post({ type: 'opened', key: s.key });
    this.session = { key: s.key, design, latest: design, trainer: built, lastGood: null, history: [], fresh: warmStart.kept.length === 0, changedAt: null };
    await this.deps.evals.attach(built, this.deps.images(), []);
    await this.loaded();
    this.deps.post({ type: 'warmStarted', warmStart });
    // A new run: the one it replaces ends (kept in the archive), and a reload must bring back this one.
    await this.deps.store.remove(s.key).catch(() => undefined);
    await this.checkpoint();
    this.status('ready');
  }

  /** Discards the run's weights: a fresh run of the editor's design. */
  async reset(): Promise<void> {
    const s = this.session;
    if (!s) return;
    await this.stop();
    await this.deps.store.remove(s.key).catch(() => undefined);
    this.deps.post({ type: 'opened', key: s.key });
    await this.startFresh(s.key, s.latest);
  }

  /**
   * Another run of design `key` becomes the loaded one (the Runs panel's Open and Fork): the loaded run stops and is
   * saved, `prepare` makes the other run the design's current one in the store, and it is opened on `design` (the
   * editor's, which the page sets to the run's). If `prepare` fails, the design's current run opens again and the
   * notice says why.
   */
  async switchRun(key: string, design: Design, prepare: () => Promise<string | void>): Promise<void> {
    await this.close();
    let said: string | void;
    try {
      said = await prepare();
    } catch (e) {
      said = `That run could not be opened: ${e instanceof Error ? e.message : String(e)}.`;
    }
    await this.open(key, design);
    if (said) this.deps.post({ type: 'notice', message: said });
  }

  /** Pauses and hands the run over, as plain arrays, for the worker on the next backend. */
  async handOver(): Promise<RunTransfer | null> {
    const s = this.session;
    if (!s?.trainer) return null;
    const running = this.phase === 'running';
    await this.stop();
    await this.deps.evals.detach();
    this.status('loading', 'moving the run');
    return this.transfer(s, s.trainer, running);
  }

  private async transfer(s: Session, t: Trainer, running: boolean): Promise<RunTransfer> {
    const snapshot = await t.snapshot();
    return { key: s.key, design: s.design, snapshot, history: s.history, evaluations: [...this.deps.evals.results], changedAt: s.changedAt, fresh: s.fresh, running };
  }

  /**
   * The trainer again on the same design and weights (data sources are bound when it is built: new images). With no
   * trainer yet, the design's run is loaded anew: the images may be what it lacked.
   */
  async rebuildKeepingWeights(): Promise<void> {
    const s = this.session;
    if (!s) return;
    if (!s.trainer) return this.open(s.key, s.latest);
    await this.stop();
    await this.open(s.key, s.latest, await this.transfer(s, s.trainer, false));
  }

  private async postSamples() {
    const s = this.session;
    if (!s?.trainer) return;
    const frame = await sampleFrame(s.trainer, s.design);
    this.deps.post({ type: 'samples', frame });
    this.health.frame(s.key, s.trainer, s.design, frame, s.history, this.deps.evals.results);
  }

  /**
   * Imported weights (already checked by the page) become the design's checkpoint, replacing the run's, and are
   * loaded as a resume loads a checkpoint: fresh optimizers, the sample grid and the evaluation panel on the imported
   * model.
   */
  async importWeights(key: string, file: string, w: ImportedWeights): Promise<void> {
    const { post, evals } = this.deps;
    const s = this.session;
    const refuse = (message: string) => post({ type: 'importFailed', key, file, message });
    if (!s?.trainer || s.key !== key) return refuse(s?.key === key ? 'the design has errors; fix them before importing weights' : 'the design changed while the file was read; import it again');
    if (this.phase === 'running' || this.phase === 'loading') return refuse('pause training before importing weights');
    const have = s.lastGood?.shapes ?? (await s.trainer.snapshot()).shapes;
    for (const [id, shapes] of Object.entries(have)) {
      const wrong = w.shapes[id] ? tensorsMismatch(`network "${id}"`, w.shapes[id], shapes) : `the weights have nothing for the network "${id}"`;
      if (wrong) return refuse(wrong);
    }
    // Only the generators the design averages have a shadow to take the file's moving average.
    const averaged = s.trainer.plan.settings.emaDecay > 0 ? s.trainer.plan.generators : [];
    const ema = Object.fromEntries(Object.entries(w.ema).filter(([id]) => averaged.includes(id)));
    const before = { phase: this.phase, results: [...evals.results] };
    // From here nothing may save the old weights over the import: 'loading' refuses start and step, and a detached
    // evaluation saves nothing.
    this.status('loading');
    await evals.detach();
    try {
      // Stored with the design the weights fit (the run's), so the load below builds that design; as a new run, so
      // the run before keeps its curves.
      await this.deps.store.remove(key);
      await this.deps.store.save(key, { step: w.step, weights: w.weights, shapes: w.shapes, ema }, [], { design: s.design, history: [] });
    } catch (e) {
      await evals.attach(s.trainer, this.deps.images(), before.results);
      this.status(before.phase);
      return refuse(`the checkpoint could not be stored: ${e instanceof Error ? e.message : String(e)}`);
    }
    await this.open(key, s.latest);
    if (this.session?.key !== key) return refuse('the weights were stored, but the design changed before they loaded');
    post({ type: 'checkpoint', step: w.step });
    post({ type: 'imported', key, file, step: w.step, ema: Object.keys(ema) });
  }

  private async checkpoint(s = this.session) {
    if (!s?.trainer) return;
    const snap = await s.trainer.snapshot();
    s.lastGood = snap;
    await this.deps.store.save(s.key, snap, this.deps.evals.results, { history: s.history, design: s.design }).catch(() => undefined);
    this.deps.post({ type: 'checkpoint', step: snap.step });
  }

  private async trainLoop(maxSteps: number) {
    const s = this.session;
    const t = s?.trainer;
    if (!s || !t) return;
    const { post, evals } = this.deps;
    let lastSample = performance.now();
    let lastCheckpoint = performance.now();
    let lastPost = 0;
    const t0 = performance.now();
    const step0 = t.step;
    const going = () => this.session === s && (this.phase === 'running' || maxSteps === 1);
    // An evaluation asked for while paused finishes first: steps never interleave with it.
    await evals.idle();
    // The step budget is read each step: the design's `steps` may change while the run goes on.
    for (let i = 0; i < maxSteps && going() && t.step < s.design.training.settings.steps; i++) {
      const m = await t.trainStep();
      if (m.nonFinite) {
        const restored = s.lastGood;
        if (restored) t.restore(restored);
        s.history = s.history.filter((h) => h.step <= t.step);
        post({ type: 'fault', term: m.nonFinite, step: m.step, restoredStep: t.step, message: `"${m.nonFinite}" became ${m.losses[m.nonFinite]} at step ${m.step}; training paused and the weights rolled back to step ${t.step}. Lower the learning rate and resume.` });
        this.status('paused');
        return;
      }
      s.fresh = false;
      s.history = appendHistory(s.history, m);
      const now = performance.now();
      if (now - lastPost > 50 || maxSteps === 1) {
        post({ type: 'metrics', metrics: m, stepsPerSecond: ((m.step - step0) * 1000) / Math.max(now - t0, 1) });
        lastPost = now;
      }
      if (m.step % s.design.training.settings.sampleEvery === 0 || now - lastSample > SAMPLE_MS || maxSteps === 1) {
        await this.postSamples();
        lastSample = performance.now();
      }
      if (evals.due(m.step)) await evals.run(() => !going());
      if (now - lastCheckpoint > CHECKPOINT_MS) {
        await this.checkpoint(s);
        lastCheckpoint = performance.now();
      }
      // Let pause / step / learning-rate messages in between steps.
      await new Promise((r) => setTimeout(r, 0));
    }
    if (this.session !== s) return;
    await this.checkpoint(s);
    if (this.session !== s) return;
    // Ended by the step budget, by a single step, or by pause (which already flipped `phase` to stop the loop).
    this.status(this.resting(t, s.design) === 'done' ? 'done' : 'paused');
  }

  /** Pauses; resolves once the loop has stopped and saved (a single step, which runs while paused, too). */
  async stop(): Promise<void> {
    if (this.phase === 'running') this.phase = 'paused';
    await this.loop;
  }

  /** Trains `maxSteps` steps (Infinity: until paused or done), in the background: `idleLoop` resolves when they end. */
  run(maxSteps: number): void {
    if (!this.session?.trainer || this.stepping || this.phase === 'running' || this.phase === 'loading' || this.phase === 'idle') return;
    this.status(maxSteps === 1 ? this.phase : 'running');
    // One loop at a time: a second Step while the first is still saving would train the same weights concurrently.
    this.stepping = true;
    this.loop = this.trainLoop(maxSteps)
      .catch((e: unknown) => this.status('failed', e instanceof Error ? e.message : String(e)))
      .finally(() => (this.stepping = false));
  }

  /** Resolves when the step loop started last has ended. */
  idleLoop(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  setLearningRate(network: string, lr: number): void {
    this.session?.trainer?.setLearningRate(network, lr);
  }

  /** The loaded run's latent input for the explorer, or why there is none. */
  latentSpace(): { key: string | null; info: LatentInfo | string } {
    const s = this.session;
    if (!s?.trainer) return { key: s?.key ?? null, info: NO_RUN };
    // Never throws: the page's request waits for an answer (drawing the fixed sources can fail, e.g. images not loaded).
    try {
      return { key: s.key, info: latentInfo(s.trainer) };
    } catch (e) {
      return { key: s.key, info: `The latent space could not be read: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  /** G's samples for the explorer's noise vectors, from the loaded run's weights (their moving average where kept). */
  async explore(req: ExploreRequest): Promise<ExploreResult> {
    const s = this.session;
    if (!s?.trainer) return { ok: false, message: NO_RUN };
    return exploreFrame(s.trainer, s.design, req);
  }

  /** The principal latent directions of the loaded run's G (explore-principal.ts). */
  async principal(count: number): Promise<PrincipalResult> {
    const s = this.session;
    if (!s?.trainer) return { ok: false, message: NO_RUN };
    return principalDirections(this.deps.tf, s.trainer, count);
  }

  /** The training images nearest to the loaded run's sample for one noise vector (explore-nearest.ts). */
  async nearest(req: ExploreRequest): Promise<NearestResult> {
    const s = this.session;
    if (!s?.trainer) return { ok: false, message: NO_RUN };
    return this.nearestImages.find(s.trainer, this.deps.images(), req);
  }

  /** Evaluates now: between steps while training runs, else at once, saving the result with the weights. */
  async evaluate(): Promise<void> {
    const { evals } = this.deps;
    if (this.phase === 'running') return evals.request();
    const s = this.session;
    if (!s?.trainer || !(this.phase === 'ready' || this.phase === 'paused' || this.phase === 'done')) return;
    // Saved with the weights at once, so a result measured while paused survives a reload.
    await evals.run(
      () => this.session !== s,
      () => (this.session === s && this.phase !== 'running' ? this.checkpoint() : Promise.resolve()),
    );
  }
}
