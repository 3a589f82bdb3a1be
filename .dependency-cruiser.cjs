/* global module */
// dependency-cruiser rules for lib/, the framework-free core: its folders form layers, and a folder may import only
// the folders below it. `npm run deps` (and the `deps` step of `npm test`) fails on any violation.
//
//   shapes, rng.ts, coded-error.ts, safe-text.ts, records.ts leaves (records.ts: importable from every layer)
//   graph                          shapes (+ zod)            the design document
//   tfjs                           rng                       kernels
//   data                           rng, coded-error, shapes
//   blocks                         shapes, graph, data, rng, tfjs   one file per block: its params, shapes, layer,
//                                                                    training role and runtime function
//   validate                       blocks, graph, shapes
//   compile                        blocks, graph, shapes, validate, tfjs, rng
//   metrics                        rng, data, shapes
//   explore                        metrics, rng              the latent explorer's arithmetic
//   train                          everything above but codegen, editor, storage, share, presets
//   codegen                        train and below
//   editor, storage, share         graph, shapes, blocks, validate
//   presets                        graph
//
// Type-only imports count too (tsPreCompilationDeps). Every rule below is severity 'error'.

/** A path regex for a set of lib/ folders (and lib/*.ts files like rng), each matched as a whole path segment. */
const lib = (...parts) => `^lib/(${parts.join('|')})(/|$)`;

/** The layer table: [rule name, who (regex on the importing module), what it may import in lib/ besides itself]. */
const layers = [
  ['shapes', lib('shapes'), []],
  ['rng', lib('rng\\.ts'), []],
  ['coded-error', lib('coded-error\\.ts'), []],
  ['safe-text', lib('safe-text\\.ts'), []],
  ['records', lib('records\\.ts'), []],
  ['graph', lib('graph'), ['shapes']],
  ['tfjs', lib('tfjs'), ['rng\\.ts']],
  ['data', lib('data'), ['rng\\.ts', 'coded-error\\.ts', 'shapes']],
  ['blocks', lib('blocks'), ['shapes', 'graph', 'data', 'rng\\.ts', 'tfjs']],
  ['validate', lib('validate'), ['blocks', 'graph', 'shapes']],
  ['compile', lib('compile'), ['blocks', 'graph', 'shapes', 'validate', 'tfjs', 'rng\\.ts']],
  ['metrics', lib('metrics'), ['rng\\.ts', 'coded-error\\.ts', 'data', 'shapes']],
  // The latent explorer's arithmetic: vectors, paths and directions, on top of the metrics' linear algebra.
  ['explore', lib('explore'), ['metrics', 'rng\\.ts']],
  // The worker answers the explorer's principal directions and nearest images with explore's arithmetic.
  ['train', lib('train'), ['blocks', 'graph', 'shapes', 'validate', 'compile', 'data', 'metrics', 'explore', 'tfjs', 'rng\\.ts']],
  ['codegen', lib('codegen'), ['train', 'blocks', 'graph', 'shapes', 'validate', 'compile', 'data', 'metrics', 'tfjs', 'rng\\.ts', 'safe-text\\.ts']],
  ['editor', lib('editor'), ['graph', 'shapes', 'blocks', 'validate']],
  ['storage', lib('storage'), ['graph', 'shapes', 'blocks', 'validate']],
  ['share', lib('share'), ['graph', 'shapes', 'blocks', 'validate']],
  ['presets', lib('presets'), ['graph']],
];

const layerRules = layers.map(([name, from, allowed]) => ({
  name: `layer-${name}`,
  severity: 'error',
  comment: `${from} may import only ${allowed.length ? allowed.join(', ') : 'nothing else'} in lib/ (and itself).`,
  from: { path: from },
  // lib/records.ts (prototype-free records) is a leaf every layer may use.
  to: { path: '^lib/', pathNot: `${from}|${lib(...allowed, 'records\\.ts')}` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'layer-unknown',
      severity: 'error',
      comment: 'A lib/ folder that is not in the layer table: add it to .dependency-cruiser.cjs.',
      from: { path: '^lib/' },
      to: {
        path: '^lib/',
        pathNot: lib('shapes', 'rng\\.ts', 'coded-error\\.ts', 'records\\.ts', 'safe-text\\.ts', 'graph', 'tfjs', 'data', 'blocks', 'validate', 'compile', 'metrics', 'explore', 'train',
          'codegen', 'editor', 'storage', 'share', 'presets'),
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle between modules of lib/.',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    // Folder-level cycles (dependency-cruiser's folder scope: a folder stands for its whole subtree).
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'No import cycle between folders of lib/.',
      scope: 'folder',
      from: { path: '^lib(/|$)' },
      to: { circular: true },
    },
    {
      name: 'lib-framework-free',
      severity: 'error',
      comment: 'lib/ is framework-free: no React, React DOM, Next.js or React Flow (the ESLint rule checks the same).',
      from: { path: '^lib/' },
      to: { path: '(^|/)node_modules/(react|react-dom|next|@xyflow/[^/]+|reactflow)/' },
    },
    {
      name: 'lib-not-to-ui',
      severity: 'error',
      comment: 'lib/ never imports the UI (components/, app/) or the CLI (cli/).',
      from: { path: '^lib/' },
      to: { path: '^(components|app|cli)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing on disk.',
      from: { path: '^lib/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.next|out|templates|scripts/bench|public|\\.reports|test-results|playwright-report)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
