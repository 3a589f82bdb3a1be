// Trains the MNIST feature classifier behind `gan eval` and writes assets/mnist-classifier/{model.json, weights.bin}.
//   npx tsx scripts/train-classifier.ts [--out DIR] [--epochs E] [--seed S] [--batch B] [--lr LR] [--max-steps N]
// tfjs on the wasm backend, seeded: the same arguments on the same tfjs build give the same bytes (the sha256 printed
// at the end). Prints the accuracy on the 10,000 MNIST test images, which is also stored in model.json and checked by
// tests/unit/eval/classifier.test.ts.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { version as tfjsVersion } from '@tensorflow/tfjs';
import { parseArgs } from '../cli/args';
import { loadMnistNode } from '../cli/node-data';
import { nodeTf } from '../cli/node-tf';
import { classifierAccuracy, DEFAULT_RECIPE, encodeClassifier, trainClassifier } from '../lib/metrics/classifier';

const a = parseArgs(process.argv.slice(2), { out: 'string', epochs: 'string', seed: 'string', batch: 'string', lr: 'string', 'max-steps': 'string' });
const num = (name: string, fallback: number) => (a.flags.has(name) ? Number(a.flags.get(name)) : fallback);
const recipe = {
  seed: num('seed', DEFAULT_RECIPE.seed),
  epochs: num('epochs', DEFAULT_RECIPE.epochs),
  batchSize: num('batch', DEFAULT_RECIPE.batchSize),
  learningRate: num('lr', DEFAULT_RECIPE.learningRate),
  maxSteps: a.flags.has('max-steps') ? num('max-steps', 0) : undefined,
};
const out = String(a.flags.get('out') ?? 'assets/mnist-classifier');

const tf = await nodeTf('wasm');
const [train, test] = await Promise.all([loadMnistNode('train'), loadMnistNode('test')]);
console.log(`training on ${train.count} MNIST images, ${tf.getBackend()} backend: ${JSON.stringify(recipe)}`);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const weights = await trainClassifier(tf, train, recipe, (e) => {
  const s = (e.ms / 1000).toFixed(0);
  if (e.kind === 'step') console.log(`  step ${e.step}/${e.steps}  loss ${e.loss.toFixed(4)}  (${s} s)`);
  else console.log(`epoch ${e.epoch} done at step ${e.step} (${s} s)`);
});
const trainSeconds = (performance.now() - t0) / 1000;
const cpuSeconds = process.cpuUsage(cpu0).user / 1e6;
const t1 = performance.now();
const accuracy = await classifierAccuracy(tf, weights, test);
const evalSeconds = (performance.now() - t1) / 1000;

const { manifest, bin } = encodeClassifier(weights, {
  testAccuracy: accuracy,
  training: {
    script: 'scripts/train-classifier.ts',
    seed: recipe.seed,
    epochs: recipe.epochs,
    batchSize: recipe.batchSize,
    optimizer: 'adam(β1 0.9, β2 0.999, ε 1e-7)',
    learningRate: recipe.learningRate,
    schedule: 'cosine to 0',
    ...(recipe.maxSteps ? { maxSteps: recipe.maxSteps } : {}),
    trainImages: train.count,
    backend: tf.getBackend(),
    tfjs: tfjsVersion['tfjs'],
    trainSeconds: Math.round(trainSeconds),
  },
});
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'model.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(join(out, 'weights.bin'), bin);
const sha = createHash('sha256').update(bin).digest('hex');
console.log(`test accuracy ${(accuracy * 100).toFixed(2)} % on ${test.count} MNIST test images (${evalSeconds.toFixed(1)} s to classify them)`);
console.log(`trained in ${trainSeconds.toFixed(0)} s (${cpuSeconds.toFixed(0)} s of CPU); wrote ${out}/model.json and weights.bin (${bin.byteLength} bytes, sha256 ${sha})`);
