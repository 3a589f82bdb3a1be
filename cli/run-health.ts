import type { Design } from '../lib/graph/schema';
import { scoreModes2d } from '../lib/metrics/modes2d';
import { designFacts, diagnose, DiagnosisRecorder, type Diagnosis, type DesignFacts } from '../lib/train/diagnostics';
import { EVAL_DEFAULTS, EVAL_SEED, type ToyEvalResult } from '../lib/train/evaluation';
import { sampleFrame } from '../lib/train/sample-frame';
import type { StepMetrics } from '../lib/train/step-metrics';
import type { Trainer } from '../lib/train/trainer';
import { evalKind, TOY_SAMPLES } from './evaluate-samples';
import type { RunLog } from './run-log';

/**
 * What `gan train` keeps for the health check, as the studio's worker does: every step's metrics, the statistics of
 * the fixed-noise samples every `sampleEvery` steps, and for the 2-D mixtures the mode evaluation every 250 steps
 * (the dashboard's default; milliseconds each). Image evaluations need the classifier and seconds, so the CLI's
 * image runs are judged without them.
 */
export class RunHealth {
  readonly recorder = new DiagnosisRecorder();
  readonly facts: DesignFacts;

  constructor(
    private trainer: Trainer,
    private design: Design,
    private log: RunLog | null,
  ) {
    this.facts = designFacts(trainer.plan, design);
  }

  /** Writes what the run keeps to `log` from now on; returns it. */
  attach(log: RunLog): RunLog {
    this.log = log;
    return log;
  }

  async step(m: StepMetrics): Promise<void> {
    this.recorder.step(m);
    this.log?.write({ type: 'step', ...m });
    if (m.step % this.design.training.settings.sampleEvery === 0) {
      const s = this.recorder.frame(await sampleFrame(this.trainer, this.design));
      if (s) this.log?.write({ type: 'samples', ...s });
    }
    const k = evalKind(this.trainer.plan);
    if (k.kind === 'toy2d' && m.step % EVAL_DEFAULTS.toy2d.every === 0) {
      const started = performance.now();
      const points = this.trainer.generate(TOY_SAMPLES, EVAL_SEED);
      const values = (await points.data()) as Float32Array;
      points.dispose();
      const s = scoreModes2d(k.mixture, values);
      const r: ToyEvalResult = { kind: 'toy2d', step: m.step, samples: TOY_SAMPLES, seconds: (performance.now() - started) / 1000, mixture: k.mixture, modesCovered: s.modesCovered, totalModes: s.totalModes, highQualityFraction: s.highQualityFraction, reverseKl: s.reverseKl, counts: [...s.counts] };
      this.recorder.evaluation(r);
      this.log?.write({ type: 'eval', ...r });
    }
  }

  diagnose(): Diagnosis[] {
    const d = diagnose(this.recorder.input(this.facts));
    this.log?.write({ type: 'diagnostics', step: this.trainer.step, diagnostics: d });
    return d;
  }

  /** The record a checkpoint carries for `gan diagnose`. */
  record() {
    return { design: this.facts, history: this.recorder.history, samples: this.recorder.samples, evaluations: this.recorder.evaluations };
  }
}
