import type { EvalResult } from '../evaluation';
import type { SampleFrame } from '../protocol';
import type { StepMetrics } from '../step-metrics';
import { sampleStats, type SampleStats } from './sample-stats';
import type { DesignFacts, DiagnosisInput } from './types';
import { WINDOW_STEPS } from './window';

/** Steps kept from the start (the rules compare the recent window with steps 20–220) and from the end (two windows and more). */
const KEEP_FIRST = 300;
const KEEP_LAST = 10 * WINDOW_STEPS;
const KEEP_FRAMES = 500;
const KEEP_EVALS = 500;

/**
 * What a run keeps for its health check, bounded whatever its length: the first steps, the last few thousand, the
 * sample statistics of each fixed-noise frame and every evaluation. The CLI and the training worker both fill one.
 */
export class DiagnosisRecorder {
  readonly history: StepMetrics[] = [];
  readonly samples: SampleStats[] = [];
  readonly evaluations: EvalResult[] = [];
  private previous: SampleFrame | null = null;

  step(m: StepMetrics): void {
    this.history.push(m);
    // Drop from the middle: the steps after the first KEEP_FIRST, once more than KEEP_LAST follow them.
    if (this.history.length > KEEP_FIRST + KEEP_LAST + WINDOW_STEPS) {
      const cut = this.history.findIndex((x) => x.step >= KEEP_FIRST);
      if (cut >= 0) this.history.splice(cut, this.history.length - KEEP_LAST - cut);
    }
  }

  /** The statistics of a new fixed-noise frame (also returned, for a run log), measured against the frame before. */
  frame(f: SampleFrame): SampleStats | null {
    if (this.previous && f.step <= this.previous.step) this.previous = null;
    const s = sampleStats(f, this.previous);
    this.previous = f;
    if (s) push(this.samples, s, KEEP_FRAMES);
    return s;
  }

  evaluation(r: EvalResult): void {
    const i = this.evaluations.findIndex((e) => e.step >= r.step);
    // A re-evaluation of a step replaces it; evaluations stay in step order.
    if (i >= 0 && this.evaluations[i]!.step === r.step) this.evaluations[i] = r;
    else if (i >= 0) this.evaluations.splice(i, 0, r);
    else push(this.evaluations, r, KEEP_EVALS);
  }

  /** Everything from `step` on is forgotten (the run went back to a checkpoint). */
  rewind(step: number): void {
    const keep = <T extends { step: number }>(xs: T[]) => xs.splice(0, xs.length, ...xs.filter((x) => x.step <= step));
    keep(this.history);
    keep(this.samples);
    keep(this.evaluations);
    this.previous = null;
  }

  input(design: DesignFacts): DiagnosisInput {
    return { history: this.history, evaluations: this.evaluations, samples: this.samples, design };
  }
}

function push<T>(xs: T[], x: T, max: number): void {
  xs.push(x);
  if (xs.length > max) xs.splice(0, xs.length - max);
}
