import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Project, ts, type Diagnostic } from 'ts-morph';
import { generateProject, type ProjectFiles, type TemplateFiles } from '../../../lib/codegen/generate';
import { loadTemplates } from '../../../lib/codegen/templates';
import { parseDesign } from '../../../lib/graph/parse';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const templates: TemplateFiles = loadTemplates(join(ROOT, 'templates'));

/** A preset through the same boundary parse as a file or the API. */
export function presetDesign(id: string): Design {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  const parsed = parseDesign(structuredClone(p.design));
  if (!parsed.ok) throw new Error(`preset ${id} does not parse`);
  return parsed.design;
}

export const generate = (design: Design): ProjectFiles => generateProject(design, { templates });

export const text = (files: ProjectFiles, path: string): string => {
  const c = files.get(path);
  if (typeof c !== 'string') throw new Error(`no text file ${path}`);
  return c;
};

/**
 * Writes a generated project to a fresh folder under the OS temp dir, with node_modules linked to the repository's
 * (so its imports resolve to the same tfjs instance and types). Returns the folder and a cleanup.
 */
export function writeProject(files: ProjectFiles, name: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `gan-export-${name}-`));
  for (const [path, contents] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Type-checks generated projects in memory with ts-morph against the repository's installed types: each project's
 * .ts files are created (not written) under a virtual folder in the repository, so '@tensorflow/tfjs' and
 * '@types/node' resolve to node_modules. The compiler options are the project's own tsconfig.json, except
 * module/moduleResolution: ts-morph does not give in-memory files Node's ESM/CJS format, so NodeNext would read
 * them as CommonJS; ESNext + Bundler checks the same code (the real `tsc -p` test covers NodeNext itself).
 */
export function inMemoryDiagnostics(projects: ReadonlyMap<string, ProjectFiles>): { diagnostics: Diagnostic[]; format: (d: Diagnostic[]) => string } {
  const tsconfig = JSON.parse(templates.get('tsconfig.json') as string) as { compilerOptions: Record<string, unknown> };
  const { options, errors } = ts.convertCompilerOptionsFromJson({ ...tsconfig.compilerOptions, module: 'ESNext', moduleResolution: 'Bundler' }, ROOT);
  if (errors.length) throw new Error(`tsconfig: ${errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('; ')}`);
  const project = new Project({ compilerOptions: options, skipAddingFilesFromTsConfig: true });
  for (const [name, files] of projects) {
    for (const [path, contents] of files) {
      if (path.endsWith('.ts') && typeof contents === 'string') project.createSourceFile(join(ROOT, '.codegen-check', name, path), contents, { overwrite: true });
    }
  }
  return { diagnostics: project.getPreEmitDiagnostics(), format: (d) => project.formatDiagnosticsWithColorAndContext(d) };
}

/** Payloads that would run code if pasted into source; each carries a marker ("pwned") that must never reach code. */
export const PAYLOADS = [`"); pwned1(); //`, `'); pwned2(); //`, '${pwned3()}', '`; pwned4(); `', '*/ pwned5(); /*', 'a\u2028pwned6()//', 'b\u2029pwned7()//', 'c\npwned8()//', 'd\r\npwned9()//', '\\'];
const payload = (i: number) => PAYLOADS.join(` #${i} `);

/** A preset whose every free-text field (name, description, paper, network and node labels) is hostile. */
export function hostileDesign(id: string): Design {
  const d = presetDesign(id);
  let i = 0;
  d.name = payload(i++);
  d.description = payload(i++);
  d.paper = { title: payload(i++), authors: payload(i++), year: 2020, url: payload(i++) };
  for (const net of d.networks) {
    net.label = payload(i++);
    for (const n of net.nodes) n.label = payload(i++);
  }
  for (const n of d.training.nodes) n.label = payload(i++);
  return d;
}

/**
 * Designs beyond the presets, for the PyTorch tests: each uses a layer no preset has. Bilinear up-sampling
 * (stylegan-lite), Gaussian noise on D's hidden layers where dcgan-seed-tf drops out, and a conditional GAN whose
 * class labels come in as indices through an Embedding (the Keras cGAN's form) instead of one-hot vectors.
 */
export const LAYER_VARIANTS: Record<string, () => Design> = {
  'stylegan-lite-mnist, bilinear up-sampling': () => {
    const d = presetDesign('stylegan-lite-mnist');
    for (const n of d.networks.flatMap((x) => x.nodes)) if (n.type === 'upSampling2d') n.params['interpolation'] = 'bilinear';
    return d;
  },
  // ESPCN-style up-sampling: each stride-2 transposed conv becomes a conv with 4× the filters and a pixel shuffle.
  'dcgan-mnist, sub-pixel up-sampling': () => {
    const d = presetDesign('dcgan-mnist');
    const g = d.networks.find((n) => n.id === 'G')!;
    for (const n of g.nodes.filter((x) => x.type === 'conv2dTranspose' && x.params['strides'] === 2)) {
      Object.assign(n, { type: 'conv2d', params: { ...n.params, filters: Number(n.params['filters']) * 4, strides: 1 } });
      const shuffle = `${n.id}_shuffle`;
      for (const e of g.edges.filter((x) => x.source === n.id)) e.source = shuffle;
      g.nodes.push({ id: shuffle, type: 'pixelShuffle', params: { factor: 2 }, position: { x: 0, y: 0 } });
      g.edges.push({ id: `${n.id}-shuffle`, source: n.id, sourceHandle: 'out', target: shuffle, targetHandle: 'in' });
    }
    return d;
  },
  'dcgan-seed-tf, Gaussian noise for dropout': () => {
    const d = presetDesign('dcgan-seed-tf');
    for (const n of d.networks.flatMap((x) => x.nodes)) if (n.type === 'dropout') Object.assign(n, { type: 'gaussianNoise', params: { stddev: 0.3 } });
    return d;
  },
  'cgan-mnist, labels through an Embedding': () => {
    const d = presetDesign('cgan-mnist');
    for (const net of d.networks) {
      net.nodes.find((n) => n.id === 'y')!.params['shape'] = [1];
      net.nodes.push({ id: 'y_emb', type: 'embedding', params: { inputDim: 10, outputDim: 10 }, position: { x: 0, y: 0 } }, { id: 'y_flat', type: 'flatten', params: {}, position: { x: 0, y: 0 } });
      const e = net.edges.find((x) => x.source === 'y' && x.target === 'join')!;
      net.edges.push({ id: 'y-emb', source: 'y', sourceHandle: e.sourceHandle, target: 'y_emb', targetHandle: 'in' }, { id: 'emb-flat', source: 'y_emb', sourceHandle: 'out', target: 'y_flat', targetHandle: 'in' });
      Object.assign(e, { source: 'y_flat', sourceHandle: 'out' });
    }
    for (const n of d.training.nodes) {
      if (n.type === 'label') n.params['encoding'] = 'index';
      if (n.type === 'dataset') n.params['labels'] = 'index';
    }
    return d;
  },
};
