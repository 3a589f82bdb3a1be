// One process of threads.bench.ts: `tsx threads-step.ts <preset> <threads> <warmup> <steps>` trains the preset on
// wasm with that many XNNPACK threads (a process each: the wasm module's threads are fixed when it starts) and prints
// one JSON line: ms per timed step and the last losses (which must not depend on the thread count).
import { cliBudget } from '../../cli/budget';
import { loadValidDesign } from '../../cli/load-design';
import { imagesFor } from '../../cli/node-data';
import { nodeTf } from '../../cli/node-tf';
import { blocks } from '../../lib/blocks';
import { buildNetwork } from '../../lib/compile/build-network';
import { Trainer } from '../../lib/train/trainer';

const [id = 'dcgan-mnist', threads = '1', warmup = '2', steps = '5'] = process.argv.slice(2);
const valid = loadValidDesign(`preset:${id}`, 'training', cliBudget('wasm'));
if (!valid) process.exit(2);
const tf = await nodeTf('wasm', { threads: Number(threads) });
const trainer = Trainer.create(tf, valid.design, valid.report, { images: await imagesFor(valid.design), seed: 1, buildNetwork: (t, n, r) => buildNetwork(t, n, r, blocks) });
for (let i = 0; i < Number(warmup); i++) await trainer.trainStep();
const t0 = performance.now();
let losses: Record<string, number> = {};
for (let i = 0; i < Number(steps); i++) losses = (await trainer.trainStep()).losses;
const ms = (performance.now() - t0) / Number(steps);
console.log(JSON.stringify({ id, threads: Number(threads), ms, losses, step: trainer.step }));
trainer.dispose();
