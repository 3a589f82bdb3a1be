// What `gan eval` spends its time on at its default 10,000 samples: the MNIST classifier's feature extraction on
// tfjs wasm (images/s), then each metric on those real features (test images vs training images).
import { classifySubset, loadClassifier } from '../../cli/commands/eval';
import { loadMnistNode } from '../../cli/node-data';
import { nodeTf } from '../../cli/node-tf';
import { classifyImages, DEFAULT_BATCH, pixelsToInput, realSubset, type ClassifierOutputs } from '../../lib/metrics/classifier';
import { frechetDistance, kid, precisionRecall } from '../../lib/metrics';
import { medianMs, type Bench } from './harness';

const N = 10_000;
const RUNS = 3;
/** 10,000 images in under 10 s keeps the accuracy test and a default `gan eval` short on one wasm thread. */
const TARGET_IMAGES_PER_S = 1000;

const bench: Bench = {
  title: 'gan eval: MNIST classifier features on wasm, metrics at 10,000 samples',
  async run(report) {
    const tf = await nodeTf('wasm');
    const clf = loadClassifier(tf);
    const [train, test] = await Promise.all([loadMnistNode('train'), loadMnistNode('test')]);
    for (const batch of [DEFAULT_BATCH, 100]) {
      const ms = await medianMs(() => classifyImages(tf, clf, { count: N, batch: (s, c) => pixelsToInput(tf, test.pixels, s, c) }, { batchSize: batch }), RUNS);
      const perS = (N / ms) * 1000;
      if (batch === DEFAULT_BATCH) {
        report.goal({ name: `feature extraction, batch ${batch}`, value: perS, unit: 'images/s', target: `≥ ${TARGET_IMAGES_PER_S}`, ok: perS >= TARGET_IMAGES_PER_S, note: `${N} test images in ${(ms / 1000).toFixed(1)} s, median of ${RUNS}; 128-d features + softmax` });
      } else {
        report.figure({ name: `feature extraction, batch ${batch}`, value: perS, unit: 'images/s', note: `median of ${RUNS}` });
      }
    }
    // gan eval's own sets: its fixed reference subset of the training images, and the whole test set.
    const real: ClassifierOutputs = await classifySubset(tf, clf, train, realSubset('reference', N, train.count));
    const evaluated: ClassifierOutputs = await classifySubset(tf, clf, test, realSubset('mnist-test', N, test.count));
    const time = <T>(fn: () => T): [T, number] => {
      const t0 = performance.now();
      const v = fn();
      return [v, performance.now() - t0];
    };
    const [fd, fdMs] = time(() => frechetDistance(real.features, evaluated.features));
    report.figure({ name: `Fréchet distance on classifier features, ${N} × ${N}`, value: fdMs, unit: 'ms', note: `moments of both sets included; one run; test vs train FD = ${fd.toFixed(3)}` });
    const [k, kidMs] = time(() => kid(real.features, evaluated.features));
    report.figure({ name: 'KID, 100 subsets of 1,000', value: kidMs, unit: 'ms', note: `one run; KID = ${k.mean.toExponential(2)}` });
    const [pr, prMs] = time(() => precisionRecall(real.features, evaluated.features));
    report.figure({ name: `precision / recall (k = 3), ${N} × ${N}`, value: prMs, unit: 'ms', note: `brute-force k-NN, one run; P = ${pr.precision.toFixed(3)}, R = ${pr.recall.toFixed(3)}` });
    clf.dispose();
  },
};

export default bench;
