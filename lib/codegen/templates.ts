import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { blocks } from '../blocks';
import { CLASSIFIER_DIR, type FileContents, type TemplateFiles } from './generate';

/**
 * Reads the exported project's fixed files (Node only: the CLI, the API route, tests, the bench): the repository's
 * templates/ folder, plus the GAN Studio runtime the templates import from `src/lib/` — custom layers, wasm training
 * kernels, data sources, the seeded generator. Those are not copies kept in templates/: they are read from the
 * app's own lib/ (templates/tsconfig.check.json's `rootDirs` lets the template's own type check find src/lib/ in ../lib/), so
 * the exported project trains with the very code the browser does. Paths come back relative with forward slashes.
 */
export function loadTemplates(dir: string): TemplateFiles {
  const files = new Map<string, FileContents>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      // templates/pytorch/ is the PyTorch project's (loadTorchTemplates).
      if (e.name === 'node_modules' || e.name.endsWith('.tsbuildinfo') || (d === dir && e.name === 'pytorch')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.set(relative(dir, p).split(sep).join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  // Every block's runtime function may be called by a generated graph.ts or config.ts: carry them all (and what they
  // import); generateProject drops the ones a design does not use.
  const entries = new Map(files);
  entries.set('src/__blocks.ts', runtimeModules().map((m) => `export * from './lib/${m}.js';`).join('\n'));
  for (const [path, text] of runtimeFiles(entries, join(dirname(dir), 'lib'))) files.set(path, text);
  addClassifier(files, dir);
  return files;
}

/** The MNIST classifier `npm run eval` and the feature loss use: the committed one (assets/mnist-classifier, scripts/train-classifier.ts). */
function addClassifier(files: Map<string, FileContents>, templatesDir: string): void {
  const classifier = join(dirname(templatesDir), 'assets', 'mnist-classifier');
  files.set(`${CLASSIFIER_DIR}/model.json`, readFileSync(join(classifier, 'model.json'), 'utf8'));
  files.set(`${CLASSIFIER_DIR}/weights.bin`, new Uint8Array(readFileSync(join(classifier, 'weights.bin'))));
}

/**
 * The PyTorch project's fixed files: templates/pytorch/ (train.py, images.py, sample.py, frozen.py, requirements.txt),
 * and the MNIST classifier, which a project whose feature loss reads it carries (python/frozen.ts).
 */
export function loadTorchTemplates(dir: string): TemplateFiles {
  const root = join(dir, 'pytorch');
  const files = new Map<string, FileContents>(readdirSync(root, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => [e.name, readFileSync(join(root, e.name), 'utf8')]));
  addClassifier(files, dir);
  return files;
}

/** The lib modules (without extension) that hold the blocks' runtime functions. */
function runtimeModules(): string[] {
  const modules = blocks.all().flatMap((b) => [b.source, b.term, b.constraint, b.optimizer].flatMap((r) => (r ? [r.code.module] : [])));
  return [...new Set(modules)];
}

/** Packages the runtime may import: the exported project's own dependencies (templates/package.json) and Node's built-ins (it runs on Node). */
const RUNTIME_PACKAGES = /^(@tensorflow\/tfjs(-backend-wasm|-backend-webgpu)?|zod|node:[a-z_/]+)$/;

const IMPORT = /\bfrom\s+'([^']+)'/g;
const RELATIVE_IMPORT = /(\bfrom\s+')(\.\.?\/[^']+?)(')/g;

/** lib/'s extensionless relative imports, as Node's ESM resolution wants them in the project. */
export function withJsExtensions(text: string): string {
  return text.replace(RELATIVE_IMPORT, (_m, head: string, spec: string, tail: string) => `${head}${/\.(js|json)$/.test(spec) ? spec : `${spec}.js`}${tail}`);
}

/**
 * Every `src/lib/…` file the templates reach, following relative imports through the app's lib/ folder. The app's
 * bundler wants lib/'s relative imports without extensions (Turbopack does not map `./x.js` to x.ts), Node's ESM
 * resolution wants them with one: each copy gets `.js` added. A lib file that imports anything but a sibling or a
 * package the project depends on cannot travel, and says so here, at export, not in a user's npm install.
 */
export function runtimeFiles(templates: ReadonlyMap<string, FileContents>, libDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const pending: string[] = [];
  const follow = (from: string, text: string) => {
    for (const [, spec] of text.matchAll(IMPORT)) {
      if (!spec!.startsWith('.')) {
        if (from.startsWith('src/lib/') && !RUNTIME_PACKAGES.test(spec!)) throw new Error(`${from} imports ${spec}, which an exported project does not have`);
        continue;
      }
      if (!from.startsWith('src/lib/') && !spec!.endsWith('.js')) throw new Error(`${from} imports ${spec} without its .js extension (the exported project resolves modules as Node does)`);
      const target = posix.join(posix.dirname(from), `${spec!.replace(/\.js$/, '')}.ts`);
      if (target.startsWith('src/lib/') && !out.has(target) && !pending.includes(target)) pending.push(target);
    }
  };
  for (const [path, text] of templates) if (path.startsWith('src/') && path.endsWith('.ts') && typeof text === 'string') follow(path, text);
  while (pending.length) {
    const path = pending.pop()!;
    const file = join(libDir, path.slice('src/lib/'.length));
    if (!existsSync(file)) throw new Error(`${path} is imported by the templates but ${file} does not exist`);
    const text = readFileSync(file, 'utf8');
    out.set(path, withJsExtensions(text));
    follow(path, text);
  }
  return out;
}
