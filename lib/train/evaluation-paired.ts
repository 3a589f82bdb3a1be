import type * as tfType from '@tensorflow/tfjs';
import type { ImageSet } from '../data/image-set';
import type { MnistPair } from '../data/pairs';
import type { MnistClassifier } from '../metrics/classifier/model';
import type { PixelRange } from '../metrics/image-quality';
import type { EvalHooks } from './eval-hooks';
import { pairedScores, scorePaired, type PairedMetrics, type PairedTestSet, type Translate } from './paired-scores';
import { generatedRef, type CallPlan, type Ref, type TrainingPlan } from './plan';

/**
 * GAN Studio's side of the paired evaluation: which generator and input a design's plan scores (pairedTarget), and
 * the Trainer as the generator. The test set and the scoring are paired-scores.ts, which the exported project shares.
 */
export { PAIRED_CHUNK, pairedTestSet, type PairedMetrics, type PairedScores, type PairedTestSet } from './paired-scores';

type Tf = typeof tfType;

/**
 * A paired design the evaluation can score: its generator (the call `network`) is a function of the source port
 * `input` (input A) alone. Plain data: it crosses the worker boundary as the dashboard's evaluation target.
 */
export type PairedTarget = { kind: 'paired'; pair: MnistPair; range: PixelRange; network: string; input: Ref };

/**
 * The paired source whose input A alone feeds the sampled generator call (SRGAN, pix2pix), or null when the design
 * has none, or its generator also takes noise or labels (then G(A) is not one image per A).
 */
export function pairedTarget(plan: TrainingPlan): PairedTarget | null {
  for (const s of plan.sources) {
    const ref = s.role.paired?.(s.params);
    if (!ref) continue;
    const call = sampledCall(plan);
    const feeds = call ? [...call.feeds.values()] : [];
    if (!call || feeds.length !== 1 || feeds[0]!.node !== s.id || feeds[0]!.port !== ref.input) return null;
    return { kind: 'paired', pair: ref.pair, range: ref.range, network: call.network, input: { node: s.id, port: ref.input } };
  }
  return null;
}

/** The network call whose output is sampled as the generated images, if any. */
function sampledCall(plan: TrainingPlan): CallPlan | undefined {
  try {
    return plan.calls.get(generatedRef(plan).node);
  } catch {
    // A design with nothing to sample has no generator to score.
    return undefined;
  }
}

/** The dashboard's paired evaluation at a step: plain data, kept in checkpoints and run archives. */
export type PairedEvalResult = { kind: 'paired'; step: number; seconds: number } & PairedMetrics;

/** Anything that maps a batch of inputs A to G(A): the Trainer (inference mode, its EMA weights when it keeps them). */
export type Translator = { translate(input: Ref, a: tfType.Tensor): tfType.Tensor };

/** The translator's G as a function of A alone, A fed at `input`. */
const fedAt = (translator: Translator, input: Ref): Translate => (a) => translator.translate(input, a);

/** `gan train`'s and `gan eval`'s paired metrics: G on the first `count` digits of `test`, test set and all. */
export async function pairedMetrics(tf: Tf, translator: Translator, target: PairedTarget, test: ImageSet, clf: MnistClassifier, count: number, hooks: EvalHooks = {}): Promise<PairedMetrics> {
  return pairedScores(tf, fedAt(translator, target.input), target, test, clf, count, hooks);
}

/** The dashboard's evaluation at `step`, on a test set the caller keeps between evaluations (pairedTestSet). */
export async function evaluatePaired(tf: Tf, translator: Translator, clf: MnistClassifier, target: PairedTarget, set: PairedTestSet, step: number, hooks: EvalHooks = {}): Promise<PairedEvalResult> {
  const t0 = performance.now();
  const m = await scorePaired(tf, fedAt(translator, target.input), clf, set, hooks);
  return { kind: 'paired', step, seconds: (performance.now() - t0) / 1000, ...m };
}
