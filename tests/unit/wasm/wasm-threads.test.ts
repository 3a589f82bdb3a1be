import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { defaultThreadCount, installWasmThreads, pointPthreadsAt, threadsBlocker, type ThreadScope } from '../../../lib/tfjs/wasm-threads';

const URL_OF_GLUE = 'http://localhost:3000/vendor/tfjs-wasm/tfjs-backend-wasm-threaded-simd.js';

function scope(over: Partial<ThreadScope> = {}): ThreadScope {
  return { crossOriginIsolated: false, SharedArrayBuffer, navigator: { hardwareConcurrency: 2 }, addEventListener() {}, removeEventListener() {}, ...over };
}

describe('wasm threads', () => {
  it('needs cross-origin isolation and SharedArrayBuffer', () => {
    expect(threadsBlocker({ crossOriginIsolated: false, SharedArrayBuffer })).toMatch(/not cross-origin isolated/);
    expect(threadsBlocker({ crossOriginIsolated: true })).toMatch(/SharedArrayBuffer/);
    expect(threadsBlocker({ crossOriginIsolated: true, SharedArrayBuffer })).toBeNull();
  });

  it('asks for a thread per logical core, 1 to 4', () => {
    expect(defaultThreadCount({ navigator: { hardwareConcurrency: 2 } })).toBe(2);
    expect(defaultThreadCount({ navigator: { hardwareConcurrency: 16 } })).toBe(4);
    expect(defaultThreadCount({ navigator: {} })).toBe(1);
    expect(defaultThreadCount({})).toBe(1);
  });

  it("makes tfjs's pthread blob import the glue by URL and hand over its factory", () => {
    const factory = function minified() {};
    pointPthreadsAt(URL_OF_GLUE, factory);
    // What tfjs 4.22 puts in the blob each pthread imports (backend_wasm.ts).
    const blob = `var WasmBackendModuleThreadedSimd = ${factory.toString()}`;
    const glue = () => 'the published factory';
    const imported: string[] = [];
    const sandbox = {
      importScripts(url: string) {
        imported.push(url);
        (sandbox as { WasmBackendModuleThreadedSimd?: unknown }).WasmBackendModuleThreadedSimd = glue;
      },
    };
    runInNewContext(blob, sandbox);
    expect(imported).toEqual([URL_OF_GLUE]);
    expect((sandbox as { WasmBackendModuleThreadedSimd?: unknown }).WasmBackendModuleThreadedSimd).toBe(glue);
  });

  it('falls back to single-threaded wasm, says why, and starts the module once however often tfjs asks', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const runtime = installWasmThreads(tf, { mainScriptUrl: URL_OF_GLUE, scope: scope() });
    expect(runtime()).toBeNull();
    const factory = tf.findBackendFactory('wasm')!;
    const first = factory();
    expect(factory()).toBe(first);
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(runtime()).toMatchObject({ threaded: false, threads: 1 });
    expect(runtime()!.note).toMatch(/^single-threaded (SIMD )?wasm.*: the page is not cross-origin isolated/);
    const sum = tf.add(tf.scalar(1), tf.scalar(2));
    expect(await sum.data()).toEqual(new Float32Array([3]));
    sum.dispose();
  });
});
