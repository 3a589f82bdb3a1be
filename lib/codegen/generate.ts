import { posix } from 'node:path';
import { Node, Project, QuoteKind, SyntaxKind, type SourceFile } from 'ts-morph';
import { blocks } from '../blocks';
import type { BlockRegistry } from '../blocks/registry';
import { ID_PATTERN, type Design } from '../graph/schema';
import { validateDesign } from '../validate';
import { formatProblem } from '../graph/problems';
import { formatShape } from '../shapes/shape';
import type { DesignReport } from '../validate/validate';
import { planTraining, rankingScores } from '../train/plan';
import { packingOf } from '../blocks/layers/pack';
import { emitConfig } from './emit-config';
import { emitGraph } from './emit-graph';
import { emitModels } from './emit-models';
import { mdText } from './markdown';
import { projectSlug } from './names';

/**
 * The standalone training project for a design: `generateProject(design, opts)` returns every file, path → contents.
 * Framework-free and synchronous; it reads nothing from disk (the caller passes the templates, see templates.ts).
 *
 * The fixed files come from templates/ as they are. Three skeletons there — src/models.ts, src/graph.ts and
 * src/config.ts — have their design-specific declarations marked `@placeholder <slot>`; ts-morph removes those and
 * inserts the generated ones in their place, then drops imports the design does not use. Every value from the
 * design is written as a literal or an escaped comment (literals.ts), every identifier comes from a sanitised id
 * (identifiers.ts), so no name, label or param can become code.
 */

export type FileContents = string | Uint8Array;
/** templates/ as loadTemplates reads it: text files, and the binary assets some projects carry (the MNIST classifier). */
export type TemplateFiles = ReadonlyMap<string, FileContents>;
export type ProjectFiles = Map<string, FileContents>;

export type GenerateOptions = {
  templates: TemplateFiles;
  registry?: BlockRegistry;
  /** The design's validation report, when the caller has one already. */
  report?: DesignReport;
  /** Files to add as they are, e.g. an initial checkpoint from the browser (initial-checkpoint.ts). */
  extraFiles?: ReadonlyMap<string, FileContents>;
};

export class CodegenError extends Error {}

/** The skeletons ts-morph fills in; every other template file is copied. */
export const GENERATED_FILES = ['src/models.ts', 'src/graph.ts', 'src/config.ts'] as const;
/** The files every exported project has (the acceptance list in the export issue). */
export const PROJECT_FILES = ['package.json', 'tsconfig.json', 'README.md', 'design.gan.json', 'src/models.ts', 'src/graph.ts', 'src/train.ts', 'src/data.ts', 'src/sample.ts', 'src/eval.ts'] as const;

/** Where projects keep the MNIST feature classifier (loadTemplates puts the repository's assets/mnist-classifier there). */
export const CLASSIFIER_DIR = 'eval/mnist-classifier';

/** The line of a skeleton's header that only makes sense in templates/. */
const TEMPLATE_NOTE = ' * (In the template, they hold a small example.)\n';

/**
 * An in-memory ts-morph project for one export, dropped with it. One shared across exports grew the server's heap by
 * 0.27 MB per export even with each file removed after use (ts-morph and the TypeScript program behind it keep caches
 * per project); a fresh one costs a few ms and leaves nothing behind (`npm run bench -- hostile`).
 */
function newProject(): Project {
  return new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: false }, manipulationSettings: { quoteKind: QuoteKind.Single } });
}

export function generateProject(design: Design, opts: GenerateOptions): ProjectFiles {
  // Ids name files (checkpoints/<network>/) and seed identifiers: beyond the schema's pattern they are refused here
  // too, for callers that hand over a design that was never parsed.
  for (const id of [...design.networks.flatMap((n) => [n.id, ...n.nodes.map((x) => x.id)]), ...design.training.nodes.map((x) => x.id)]) {
    if (!ID_PATTERN.test(id)) throw new CodegenError(`the id ${JSON.stringify(id.slice(0, 80))} is not a valid id (letters, digits, "_" and "-", starting with a letter)`);
  }
  const registry = opts.registry ?? blocks;
  const report = opts.report ?? validateDesign(design, registry);
  if (!report.ok) {
    const errors = report.problems.filter((p) => p.severity === 'error');
    throw new CodegenError(`the design has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix them before exporting: ${errors.slice(0, 3).map(formatProblem).join('; ')}`);
  }
  const plan = planTraining(design, report, registry);
  const template = (path: string): string => {
    const t = opts.templates.get(path);
    if (typeof t !== 'string') throw new CodegenError(`the templates have no ${path}`);
    return t;
  };

  const models = emitModels(design, report, registry);
  const scores = rankingScores(plan);
  const critic = scores ? design.networks.find((n) => n.id === plan.calls.get(scores.node)!.network) : undefined;
  const graph = emitGraph(report, plan, critic ? packingOf(critic) : 1);
  const config = emitConfig(design, plan, graph.generatedShape);

  const files: ProjectFiles = new Map();
  const project = newProject();
  for (const [path, contents] of opts.templates) {
    if ((GENERATED_FILES as readonly string[]).includes(path) || path === 'package.json' || path === 'README.md' || path === 'gitignore' || path === 'tsconfig.check.json') continue;
    // The classifier `npm run eval` scores MNIST digits with (0.75 MB): only projects that generate them, translate
    // paired MNIST digits, or whose feature loss trains with it, carry it.
    if (path.startsWith(`${CLASSIFIER_DIR}/`) && !config.mnistImages && !config.paired && !config.trainsWithClassifier) continue;
    files.set(path, contents);
  }
  files.set(
    'src/models.ts',
    fill(project, 'src/models.ts', template('src/models.ts'), { networkId: [models.networkId], networks: models.builders }),
  );
  files.set(
    'src/graph.ts',
    fill(
      project,
      'src/graph.ts',
      template('src/graph.ts'),
      {
        sources: graph.sources,
        objectives: graph.objectives,
        phases: [graph.phases],
        sampling: graph.sampling,
      },
      graph.imports,
    ),
  );
  files.set(
    'src/config.ts',
    fill(
      project,
      'src/config.ts',
      template('src/config.ts'),
      {
        settings: [config.settings],
        optimizers: [config.optimizers],
        data: config.data,
      },
      config.imports,
    ),
  );
  files.set('package.json', packageJson(template('package.json'), design));
  files.set('README.md', readme(template('README.md'), design, report));
  if (opts.templates.has('gitignore')) files.set('.gitignore', template('gitignore'));
  files.set('design.gan.json', `${JSON.stringify(design, null, 2)}\n`);
  for (const [path, contents] of opts.extraFiles ?? []) files.set(path, contents);
  return withoutUnusedRuntime(files);
}

/**
 * Drops the src/lib/ files nothing in the project imports: the templates carry every block's runtime (templates.ts),
 * and a design uses a few of them.
 */
function withoutUnusedRuntime(files: ProjectFiles): ProjectFiles {
  const reached = new Set<string>();
  const pending = [...files.keys()].filter((p) => p.startsWith('src/') && !p.startsWith('src/lib/') && p.endsWith('.ts'));
  while (pending.length) {
    const path = pending.pop()!;
    const text = files.get(path);
    if (typeof text !== 'string') continue;
    for (const [, spec] of text.matchAll(/\bfrom\s+'(\.\.?\/[^']+)'/g)) {
      const target = posix.join(posix.dirname(path), spec!.replace(/\.js$/, '.ts'));
      if (target.startsWith('src/lib/') && !reached.has(target)) {
        reached.add(target);
        pending.push(target);
      }
    }
  }
  for (const path of [...files.keys()]) if (path.startsWith('src/lib/') && !reached.has(path)) files.delete(path);
  return files;
}

/**
 * Replaces each slot's `@placeholder` declarations with the generated text, at the place of the slot's first one,
 * then removes the imports nothing refers to any more.
 */
function fill(project: Project, path: string, text: string, slots: Record<string, readonly string[]>, runtime: ReadonlyMap<string, ReadonlySet<string>> = new Map()): string {
  // The skeleton's header says that its declarations are an example; in the project they are the design's.
  const sf = project.createSourceFile(`/${path}`, text.replace(TEMPLATE_NOTE, ''), { overwrite: true });
  const marked: { index: number; slot: string }[] = [];
  for (const st of sf.getStatements()) {
    if (!Node.isJSDocable(st)) continue;
    const slot = st
      .getJsDocs()
      .flatMap((d) => d.getTags())
      .find((t) => t.getTagName() === 'placeholder')
      ?.getCommentText()
      ?.trim();
    if (!slot) continue;
    if (!(slot in slots)) throw new CodegenError(`${path}: the template has a placeholder for "${slot}", which the generator does not fill`);
    marked.push({ index: st.getChildIndex(), slot });
  }
  for (const slot of Object.keys(slots)) if (!marked.some((m) => m.slot === slot)) throw new CodegenError(`${path}: the template has no placeholder for "${slot}"`);
  // The first declaration of a slot becomes the generated text, the others nothing; from the last one up, so the
  // indices of those before stay valid.
  const first = new Map<string, number>();
  for (const m of marked) if (!first.has(m.slot)) first.set(m.slot, m.index);
  for (const m of [...marked].sort((a, b) => b.index - a.index)) {
    sf.getStatements()[m.index]!.replaceWithText(first.get(m.slot) === m.index ? slots[m.slot]!.join('\n\n') : '');
  }
  // The blocks' runtime functions the generated code calls, from the project's copy of GAN Studio's lib/.
  const importable: Record<string, readonly { name: string; type?: boolean }[]> = { ...IMPORTABLE };
  for (const [module, names] of runtime) {
    const spec = `./lib/${module}.js`;
    importable[spec] = [...names].map((name) => ({ name }));
    if (!sf.getImportDeclaration(spec)) {
      // Before the project's own modules (./models.js, ./types.js), after the other lib imports: the templates' order.
      const next = sf.getImportDeclarations().find((d) => {
        const v = d.getModuleSpecifierValue();
        return v.startsWith('./') && (!v.startsWith('./lib/') || v > spec);
      });
      const index = next ? next.getChildIndex() : sf.getImportDeclarations().length;
      sf.insertImportDeclaration(index, { moduleSpecifier: spec, namedImports: [] });
    }
  }
  completeImports(sf, importable);
  pruneImports(sf);
  const out = sf.getFullText().replace(/\n{3,}/g, '\n\n');
  project.removeSourceFile(sf);
  return out.endsWith('\n') ? out : `${out}\n`;
}

/**
 * What the generated declarations may use from the project's own modules. Templates import only what their example
 * uses; the generator adds the rest where the generated code refers to it, then drops what nothing uses.
 */
const IMPORTABLE: Record<string, readonly { name: string; type?: boolean }[]> = {
  './types.js': [{ name: 'call' }, { name: 'callAll' }],
  './lib/train/step.js': [{ name: 'sumOf' }, { name: 'Phase', type: true }, { name: 'StepContext', type: true }],
};

/** How often each name is referred to; property names (`s.noise`, `{ noise: … }`) are not references. */
function identifierCounts(sf: SourceFile): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of sf.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const parent = id.getParent();
    const isName = (Node.isPropertyAccessExpression(parent) || Node.isPropertyAssignment(parent) || Node.isPropertySignature(parent)) && parent.getNameNode() === id;
    if (isName) continue;
    counts.set(id.getText(), (counts.get(id.getText()) ?? 0) + 1);
  }
  return counts;
}

function completeImports(sf: SourceFile, importable: Record<string, readonly { name: string; type?: boolean }[]>): void {
  const counts = identifierCounts(sf);
  for (const decl of sf.getImportDeclarations()) {
    const known = importable[decl.getModuleSpecifierValue()];
    if (!known) continue;
    if (decl.isTypeOnly()) {
      // `import type { A }` that now needs a value too becomes `import { type A, value }`.
      if (!known.some((k) => !k.type && (counts.get(k.name) ?? 0) > 0)) continue;
      const names = decl.getNamedImports().map((n) => n.getName());
      decl.setIsTypeOnly(false);
      decl.removeNamedImports();
      decl.addNamedImports(names.map((name) => ({ name, isTypeOnly: true })));
    }
    const have = new Set(decl.getNamedImports().map((n) => n.getName()));
    for (const k of known) {
      if (!have.has(k.name) && (counts.get(k.name) ?? 0) > 0) decl.addNamedImport({ name: k.name, isTypeOnly: k.type === true });
    }
    // Keep them in a stable order: values first, then types, each alphabetical (as the templates write them).
    const sorted = decl
      .getNamedImports()
      .map((n) => ({ name: n.getName(), type: n.isTypeOnly() }))
      .sort((a, b) => Number(a.type) - Number(b.type) || a.name.localeCompare(b.name));
    decl.removeNamedImports();
    decl.addNamedImports(sorted.map((n) => ({ name: n.name, isTypeOnly: n.type })));
  }
}

/** Drops named and namespace imports that no identifier in the file refers to. */
function pruneImports(sf: SourceFile): void {
  const counts = identifierCounts(sf);
  for (const decl of sf.getImportDeclarations()) {
    for (const named of decl.getNamedImports()) {
      const local = named.getAliasNode()?.getText() ?? named.getName();
      if ((counts.get(local) ?? 0) <= 1) named.remove();
    }
    const ns = decl.getNamespaceImport();
    if (ns && (counts.get(ns.getText()) ?? 0) <= 1) decl.remove();
    else if (!ns && !decl.getDefaultImport() && decl.getNamedImports().length === 0) decl.remove();
  }
}

function packageJson(text: string, design: Design): string {
  const pkg = JSON.parse(text) as Record<string, unknown>;
  pkg['name'] = projectSlug(design.name);
  pkg['description'] = `${design.name} — a GAN exported from GAN Studio: its models, training loop and data as TypeScript.`.slice(0, 300);
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** README.md: the template with its {{tokens}} replaced by escaped text from the design. */
function readme(text: string, design: Design, report: DesignReport): string {
  const networks = design.networks.map((n) => {
    const r = report.networks[n.id]!;
    const outs = r.signature.outputs.map((o) => (o.shape ? formatShape(o.shape) : '?')).join(', ');
    return `| ${mdText(n.id, 64)} | ${mdText(n.label ?? n.id, 80)} | ${n.role} | ${outs} | ${r.count.trainable.toLocaleString('en')} |`;
  });
  const s = design.training.settings;
  const paper = design.paper ? `${mdText(design.paper.title)}${design.paper.authors ? `, ${mdText(design.paper.authors)}` : ''}${design.paper.year ? ` (${design.paper.year})` : ''}` : '';
  const tokens: Record<string, string> = {
    name: mdText(design.name, 200),
    description: design.description ? mdText(design.description, 2000) : '',
    paper: paper ? `Paper: ${paper}.` : '',
    networks: ['| id | name | role | output | trainable parameters |', '| --- | --- | --- | --- | --- |', ...networks].join('\n'),
    steps: String(s.steps),
    batchSize: String(s.batchSize),
    seed: String(s.seed),
    sampleEvery: String(s.sampleEvery),
  };
  return text.replace(/\{\{(\w+)\}\}/g, (m, k: string) => tokens[k] ?? m);
}
