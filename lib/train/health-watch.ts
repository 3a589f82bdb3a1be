import type { Design } from '../graph/schema';
import { designFacts, diagnose, sampleStats, type DesignFacts, type HealthReport, type SampleStats } from './diagnostics';
import type { EvalResult } from './evaluation';
import type { FromWorker, SampleFrame } from './protocol';
import type { StepMetrics } from './step-metrics';
import type { Trainer } from './trainer';

/** Frames kept per run: 500 frames at the default 50–100 steps apart is 25,000–50,000 steps of sample history. */
const KEEP_FRAMES = 500;

/**
 * The training worker's health check: on each sample frame (once every `sampleEvery` steps or second, not every
 * step) the frame's statistics join the run's, and the same `diagnose` the CLI runs reads the run's step metrics,
 * evaluations and sample statistics; the result is posted as a `health` message.
 */
export class HealthWatch {
  private key: string | null = null;
  private design: Design | null = null;
  private facts: DesignFacts | null = null;
  private samples: SampleStats[] = [];
  private previous: SampleFrame | null = null;

  constructor(private readonly post: (m: FromWorker) => void) {}

  frame(key: string, trainer: Trainer, design: Design, frame: SampleFrame, history: readonly StepMetrics[], evaluations: readonly EvalResult[]): void {
    if (key !== this.key || design !== this.design) {
      // Another run, or the trainer rebuilt on another design: nothing of the frames before belongs to it.
      if (key !== this.key) this.reset();
      this.key = key;
      this.design = design;
      this.facts = designFacts(trainer.plan, design);
    }
    const last = this.samples.at(-1);
    if (last && frame.step <= last.step) {
      // The run went back (a fault's roll-back, a reset): forget the frames after it.
      this.samples = this.samples.filter((s) => s.step < frame.step);
      this.previous = null;
    }
    const s = sampleStats(frame, this.previous);
    this.previous = frame;
    if (s) {
      this.samples.push(s);
      if (this.samples.length > KEEP_FRAMES) this.samples.splice(0, this.samples.length - KEEP_FRAMES);
    }
    const diagnoses = diagnose({ history, evaluations, samples: this.samples, design: this.facts! });
    const report: HealthReport = { fromStep: history[0]?.step ?? 0, toStep: history.at(-1)?.step ?? frame.step, diagnoses };
    this.post({ type: 'health', health: report });
  }

  reset(): void {
    this.key = null;
    this.design = null;
    this.facts = null;
    this.samples = [];
    this.previous = null;
  }
}
