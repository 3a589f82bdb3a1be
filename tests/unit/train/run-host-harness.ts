import * as tf from '@tensorflow/tfjs';
import { blocks } from '../../../lib/blocks';
import { buildNetwork } from '../../../lib/compile/build-network';
import type { Design } from '../../../lib/graph/schema';
import { EvalController } from '../../../lib/train/eval-controller';
import type { FromWorker, RunTransfer } from '../../../lib/train/protocol';
import { RunHost, type RunStore } from '../../../lib/train/run-host';
import { initialRunState, runReducer } from '../../../lib/train/run-state';
import { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';

/**
 * A run host as the training worker makes one, on `store` (batch 16 keeps the steps quick): the messages it posted,
 * the dashboard they make, and helpers that send a design and take steps as the page does.
 */
export function testHost(store: RunStore) {
  const posted: FromWorker[] = [];
  const post = (m: FromWorker) => void posted.push(m);
  const evals = new EvalController({ tf, post, loadClassifier: () => Promise.reject(new Error('no classifier in this test')) });
  const build = async (design: Design) => {
    const report = validateDesign(design);
    if (!report.ok) return `The design has ${report.problems.length} errors.`;
    return Trainer.create(tf, design, report, { images: {}, batchSize: 16, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
  };
  const runs = new RunHost({ tf, post, store, evals, images: () => ({}), build, movedMessage: (step) => `Moved the run at step ${step} to ${tf.getBackend()}.` });
  const dashboard = () => posted.reduce(runReducer, initialRunState);
  const design = (key: string, d: Design, moved?: { run: RunTransfer | null }) => runs.serially(() => runs.design(key, d, moved));
  const steps = async (n: number) => {
    for (let i = 0; i < n; i++) {
      runs.run(1);
      await runs.idleLoop();
    }
  };
  return { runs, posted, dashboard, design, steps };
}
