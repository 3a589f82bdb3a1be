import { blocks } from '../../blocks';
import type { BlockRegistry } from '../../blocks/registry';
import type { JsonValue, TorchFunction } from '../../blocks/types';
import type { Design } from '../../graph/schema';
import { formatProblem } from '../../graph/problems';
import { callsUpstream, criticImage, generatedRef, isLabelRef, penaltyCall, phaseCalls, readPorts, type PhasePlan, type Ref, type TrainingPlan, planTraining } from '../../train/plan';
import { validateDesign } from '../../validate';
import type { DesignReport } from '../../validate/validate';
import { sampleKindOf } from '../emit-config';
import type { FileContents, ProjectFiles, TemplateFiles } from '../generate';
import type { WeightsPayload } from '../initial-checkpoint';
import { latentInput } from '../latent-input';
import { mdText } from '../markdown';
import { emitTorchModels, TorchExportError, type TorchModels } from './emit-models';
import { torchFrozen } from './frozen';
import { torchInitialWeights } from './initial-weights';
import { pyBool, pyComment, pyNum, pyScope, pyStr } from './literals';

/**
 * The PyTorch project for a design: models.py (one nn.Module per network), losses.py and data.py (the blocks' own
 * PyTorch functions, as they are), graph.py (the design's settings, optimizers, sources and one objective per phase,
 * written from the plan), and the fixed files from templates/pytorch/ (train.py with DistributedDataParallel,
 * images.py, sample.py, requirements.txt; frozen.py and the classifier's weights when a loss term reads it). Every
 * value from the design is a Python literal or a `#` comment.
 */

export { TorchExportError } from './emit-models';

/** The files every PyTorch project has. */
export const TORCH_PROJECT_FILES = ['README.md', 'requirements.txt', 'design.gan.json', 'models.py', 'losses.py', 'data.py', 'graph.py', 'train.py', 'sample.py', 'images.py', 'export_weights.py'] as const;

export function generateTorchProject(design: Design, opts: { templates: TemplateFiles; registry?: BlockRegistry; report?: DesignReport; weights?: WeightsPayload }): ProjectFiles {
  const registry = opts.registry ?? blocks;
  const report = opts.report ?? validateDesign(design, registry);
  if (!report.ok) {
    const errors = report.problems.filter((p) => p.severity === 'error');
    throw new TorchExportError(`the design has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix them before exporting: ${errors.slice(0, 3).map(formatProblem).join('; ')}`);
  }
  const plan = planTraining(design, report, registry);
  const models = emitTorchModels(design, report, registry);
  const need = (what: string, id: string, fn: TorchFunction | undefined): TorchFunction => {
    if (!fn) throw new TorchExportError(`${what} "${id}" has no PyTorch form yet`);
    return fn;
  };
  // Frozen networks the terms read (the feature loss's MNIST classifier): the project carries their weights and
  // frozen.py builds them, never trained (python/frozen.ts).
  const frozen = torchFrozen([...new Set(plan.terms.flatMap((t) => t.role.frozen?.(t.params) ?? []))], opts.templates);
  const termFns = plan.terms.map((t) => need(t.type, t.id, t.role.torch));
  const constraintFns = plan.phases.flatMap((p) => p.constraints.map((c) => need(c.type, c.id, c.role.torch)));
  const sourceFns = plan.sources.map((s) => need(s.type, s.id, s.role.torch));
  const optimizerFns = plan.optimizers.map((o) => need(o.type, o.id, o.role.torch));

  const files: ProjectFiles = new Map<string, FileContents>();
  const template = (path: string) => {
    const t = opts.templates.get(path);
    if (typeof t !== 'string') throw new TorchExportError(`the PyTorch templates have no ${path}`);
    return t;
  };
  for (const path of ['train.py', 'images.py', 'sample.py', 'export_weights.py', 'requirements.txt']) files.set(path, template(path));
  if (frozen.files.length) {
    files.set('frozen.py', template('frozen.py'));
    for (const [path, contents] of frozen.files) files.set(path, contents);
  }
  files.set('models.py', models.code);
  files.set('losses.py', `"""The design's loss terms, penalties, constraints and optimizers: GAN Studio's blocks' own PyTorch functions."""\nimport torch\nimport torch.nn.functional as F\n\n\n${functions([...termFns, ...constraintFns, ...optimizerFns])}`);
  files.set('data.py', dataPy(plan, sourceFns));
  files.set('graph.py', graphPy(design, report, plan, models, frozen.spec));
  files.set('README.md', readme(design, frozen.files.length > 0));
  files.set('design.gan.json', `${JSON.stringify(design, null, 2)}\n`);
  if (opts.weights) for (const [path, contents] of torchInitialWeights(design, report, models, opts.weights)) files.set(path, contents);
  return files;
}

/** Each function's source once (several blocks share one, e.g. the three distance losses), two blank lines apart. */
function functions(list: readonly TorchFunction[]): string {
  return [...new Map(list.map((f) => [f.name, f.source])).values()].join('\n\n\n');
}

/** Plain JSON data (params, settings) as a Python expression. */
export function pyLit(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return pyStr(v);
  if (typeof v === 'number') return pyNum(v);
  if (typeof v === 'boolean') return pyBool(v);
  if (Array.isArray(v)) return `[${v.map(pyLit).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${pyStr(k)}: ${pyLit(x)}`).join(', ')}}`;
}

const item = (obj: string, k: string) => `${obj}[${pyStr(k)}]`;

function dataPy(plan: TrainingPlan, fns: readonly TorchFunction[]): string {
  const sources = plan.sources.map((s, i) => `    ${pyStr(s.id)}: (${fns[i]!.name}, ${pyLit(s.params as JsonValue)}),${s.label ? `  # ${pyComment(s.label, 80)}` : ''}`);
  return [
    '"""The design\'s sources: GAN Studio\'s blocks\' own PyTorch functions, with the design\'s params."""',
    'import math',
    '',
    'import torch',
    'import torch.nn.functional as F',
    '',
    'from images import EpochSampler, load_images  # noqa: F401 (train.py loads through here; datasets draw with EpochSampler)',
    '',
    '',
    functions(fns),
    '',
    '',
    '# Each source node: its function and params.',
    'SOURCES = {',
    ...sources,
    '}',
    '',
    '',
    'def open_sources(images, generator):',
    '    """Opens every source once; each returns draw(n) -> {port: tensor}, drawing from `generator`."""',
    '    return {k: fn(p, images, generator) for k, (fn, p) in SOURCES.items()}',
    '',
  ].join('\n');

}

function graphPy(design: Design, report: DesignReport, plan: TrainingPlan, models: TorchModels, frozen: Record<string, JsonValue>): string {
  const classes = models.classes;
  const module = pyScope(['torch', 'n', 's', 'ctx', 'image', ...classes.values(), 'SETTINGS', 'NETWORKS', 'OPTIMIZERS', 'GENERATORS', 'WASSERSTEIN', 'IMAGE_SETS', 'SAMPLE_KIND', 'LATENT', 'FROZEN', 'PHASES', 'draw_sources', 'generated']);
  const imported = new Set<string>();
  const use = (name: string) => (imported.add(name), name);
  const shapeOf = (ref: Ref) => {
    const s = report.training.nodes[ref.node]?.outputs[ref.port];
    return s ? `[batch, ${(s.length === 4 ? [s[3], s[1], s[2]] : s.slice(1)).map((d) => d ?? '?').join(', ')}]` : '?';
  };

  /**
   * The lines of `callIds`' network calls. With `trains` (the networks an update trains), a call of another network that
   * no trained network's call feeds is a constant to the update and runs under torch.no_grad(): PyTorch would otherwise
   * backpropagate through it (all of G in the critic update), which tfjs's variableGrads, pruned to the trained
   * variables, never does.
   */
  function writeCalls(callIds: readonly string[], scope: ReturnType<typeof pyScope>, training: boolean, trains?: readonly string[]): { lines: string[]; expr: (r: Ref) => string } {
    const vars = new Map<string, string>();
    const tracked = new Set<string>();
    const expr = (r: Ref): string => (plan.calls.has(r.node) ? vars.get(`${r.node}\0${r.port}`)! : item(item('s', r.node), r.port));
    const lines: string[] = [];
    for (const id of callIds) {
      const call = plan.calls.get(id)!;
      const noisy = training && plan.critics.includes(call.network);
      const args = plan.networkInputs.get(call.network)!.map((p) => {
        const ref = call.feeds.get(p)!;
        return noisy && !isLabelRef(plan, ref) ? `ctx.noisy(${expr(ref)})` : expr(ref);
      });
      const names = call.outputs.map((o) => scope.name(call.outputs.length === 1 ? id : `${id}_${o}`));
      call.outputs.forEach((o, i) => vars.set(`${id}\0${o}`, names[i]!));
      const line = `${names.join(', ')} = ${item('n', call.network)}(${args.join(', ')})  # ${pyComment(call.label ?? id, 60)}: ${call.outputs.length === 1 ? shapeOf({ node: id, port: call.outputs[0]! }) : 'outputs'}`;
      const needsGrad = !trains || trains.includes(call.network) || [...call.feeds.values()].some((r) => tracked.has(r.node));
      if (needsGrad) tracked.add(id);
      lines.push(needsGrad ? `    ${line}` : `    with torch.no_grad():  # ${pyComment(call.network, 60)} is not trained in this update\n        ${line}`);
    }
    return { lines, expr };
  }

  const params = new Map<string, string>();
  const termConsts = plan.terms.map((t) => {
    const name = module.name(`${t.id}_params`.toUpperCase());
    params.set(t.id, name);
    return `${name} = ${pyLit(t.params as JsonValue)}  # ${pyComment(t.label ?? t.id, 60)} (${t.type})`;
  });

  const objectiveFns = new Map<PhasePlan, string>();
  const objectives = plan.phases.map((ph) => {
    const fn = module.name(`${ph.name}_objective`);
    objectiveFns.set(ph, fn);
    const scope = pyScope(['n', 's', 'ctx', 'torch', 'image']);
    const { lines, expr } = writeCalls(phaseCalls(plan, ph), scope, true, ph.networks);
    const body: string[] = [];
    const parts: string[] = [];
    for (const t of ph.terms) {
      const many = t.role.sides(t.params).length > 1;
      const metric = many ? `${t.id}.${ph.name === 'critic' ? 'D' : 'G'}` : t.id;
      const v = scope.name(many ? `${t.id}_${ph.name === 'critic' ? 'D' : 'G'}` : t.id);
      let x: string;
      let env = 'None';
      if (t.role.penalty) {
        const call = plan.calls.get(penaltyCall(t).node)!;
        const image = criticImage(plan, call.id)!.port;
        x = `{${[...t.inputs].map(([port, r]) => `${pyStr(port)}: ${expr(plan.calls.get(r.node)!.feeds.get(image)!)}`).join(', ')}}`;
        const args = plan.networkInputs.get(call.network)!.map((i) => (i === image ? 'image' : expr(call.feeds.get(i)!)));
        const run = `${item('n', call.network)}(${args.join(', ')})${call.outputs.length > 1 ? '[0]' : ''}`;
        // Only a penalty that reads eps (the gradient penalty's interpolation) draws it: R1 draws nothing in the app, and
        // an extra draw here would shift the run's random stream (and a replayed run's recording) away from the app's.
        const eps = t.role.torch!.source.includes("env['eps']") ? `, 'eps': ctx.uniform(${expr(call.feeds.get(image)!)}.shape[0])` : '';
        env = `{'critic': lambda image: ${run}${eps}}`;
      } else {
        x = `{${readPorts(t, ph.name).map(([port, r]) => `${pyStr(port)}: ${expr(r)}`).join(', ')}}`;
        // The frozen networks train.py loaded (graph.py FROZEN), as the app's TermEnv.frozen.
        if (t.role.frozen?.(t.params).length) env = "{'frozen': ctx.frozen}";
      }
      body.push(`    ${v} = ctx.metric(${pyStr(metric)}, ${use(t.role.torch!.name)}(${params.get(t.id)!}, ${pyStr(ph.name)}, ${x}, ${env}))`);
      if (t === plan.scoreTerm && ph.name === 'critic' && t.role.scores?.real && t.role.scores.fake) {
        body.push(`    ctx.metric('#dReal', ${expr(t.inputs.get(t.role.scores.real)!)}.mean())`, `    ctx.metric('#dFake', ${expr(t.inputs.get(t.role.scores.fake)!)}.mean())`);
      }
      parts.push(v);
    }
    return [`def ${fn}(n, s, ctx):`, `    """The ${ph.name} update: ${pyComment(ph.terms.map((t) => t.id).join(', '), 200).replace(/"/g, "'").replace(/\\/g, '/')}. It trains ${ph.networks.join(', ') || 'no network'}."""`, ...lines, ...body, `    return ${parts.join(' + ')}`].join('\n');
  });

  const phases = plan.phases.map((ph) => {
    const constraints = ph.constraints.map((c) => `(${pyStr(c.network)}, ${use(c.role.torch!.name)}, ${pyLit(c.params as JsonValue)})`);
    return `    {'name': ${pyStr(ph.name)}, 'networks': [${ph.networks.map(pyStr).join(', ')}], 'objective': ${objectiveFns.get(ph)!}, 'repeat': ${pyBool(ph.repeat)}, 'constraints': [${constraints.join(', ')}]},`;
  });

  const genRef = generatedRef(plan);
  const gen = (() => {
    const scope = pyScope(['n', 's', 'torch']);
    const { lines, expr } = writeCalls(plan.calls.has(genRef.node) ? callsUpstream(plan, [genRef.node]) : [], scope, false);
    return [`def generated(n, s):`, `    """What the sample picture shows: ${pyComment(genRef.node, 64)}'s ${pyComment(genRef.port, 32)}, from the fixed sample draw."""`, ...lines, `    return ${expr(genRef)}`].join('\n');
  })();

  const s = plan.settings;
  const settings = `SETTINGS = ${pyLit({ batchSize: s.batchSize, steps: s.steps, nCritic: s.nCritic, seed: s.seed, emaDecay: s.emaDecay, instanceNoise: s.instanceNoise, sampleEvery: s.sampleEvery })}`;
  const optimizers = `OPTIMIZERS = {${plan.optimizers.map((o) => `${pyStr(o.network)}: (${use(o.role.torch!.name)}, ${pyLit(o.params as JsonValue)})`).join(', ')}}`;
  const needs = [...new Map(plan.sources.flatMap((x) => x.role.imageSets?.(x.params) ?? []).map((n) => [n.name, n])).values()];
  const kind = sampleKindOf(plan, report.training.nodes[genRef.node]?.outputs[genRef.port] ?? null).kind;
  const header = [
    `"""${pyComment(design.name, 200).replace(/"/g, "'").replace(/\\/g, '/')}: the training graph, written by GAN Studio from design.gan.json.`,
    '',
    "Sources, network calls and loss terms, one objective function per update (reconstruction, critic, generator), in",
    "GAN Studio's order; each term is its block's own PyTorch function (losses.py) with the design's params.",
    '"""',
    'import torch  # noqa: F401',
    '',
    `from losses import ${[...imported].sort().join(', ')}`,
    `from models import ${[...new Set(classes.values())].join(', ')}`,
  ];
  return [
    ...header,
    '',
    settings,
    `NETWORKS = {${[...classes].map(([id, cls]) => `${pyStr(id)}: ${cls}`).join(', ')}}`,
    optimizers,
    `GENERATORS = [${plan.generators.map(pyStr).join(', ')}]`,
    `WASSERSTEIN = ${pyBool(plan.wasserstein)}`,
    `IMAGE_SETS = ${pyLit(needs as unknown as JsonValue)}`,
    `SAMPLE_KIND = ${pyLit(kind as unknown as JsonValue)}`,
    "# What `python sample.py --noise FILE` feeds the generator: its noise input and class labels, or why it cannot.",
    `LATENT = ${pyLit(latentInput(plan, report) as unknown as JsonValue)}`,
    "# The frozen networks the loss terms read, never trained (frozen.py): each one's folder and GAN Studio's architecture.",
    `FROZEN = ${pyLit(frozen)}`,
    '# Each network\'s state_dict in GAN Studio\'s weight order, with the order of the tfjs axes (export_weights.py).',
    `LAYOUT = {${[...models.layout].map(([id, l]) => `${pyStr(id)}: [${l.map((w) => `(${pyStr(w.key)}, ${w.permute ? `[${w.permute.join(', ')}]` : 'None'})`).join(', ')}]`).join(', ')}}`,
    '',
    ...termConsts,
    '',
    '',
    'def draw_sources(data, n):',
    '    """One draw of every source for an update of n examples, in the design\'s node order."""',
    '    return {k: draw(n) for k, draw in data.items()}',
    '',
    '',
    objectives.join('\n\n\n'),
    '',
    '',
    'PHASES = [',
    ...phases,
    ']',
    '',
    '',
    gen,
    '',
  ].join('\n');
}

function readme(design: Design, frozen: boolean): string {
  // mdText: one line, Markdown's specials and invisible characters escaped; `#` too, as the name follows a heading's.
  const name = mdText(design.name, 200).replace(/#/g, '\\#');
  return [
    `# ${name}`,
    '',
    'A GAN exported from GAN Studio as a PyTorch project: `models.py` holds the networks, `losses.py` and `data.py` the',
    "blocks' PyTorch functions, `graph.py` the training graph, `train.py` the loop (DistributedDataParallel under torchrun).",
    '',
    '```sh',
    'pip install -r requirements.txt',
    'python train.py --steps 100                                  # one process (MNIST designs read data/mnist/ or $MNIST_DIR)',
    'torchrun --nproc_per_node=4 train.py                         # 4 processes on one machine (one per GPU)',
    'torchrun --nnodes=2 --nproc_per_node=8 --rdzv-backend=c10d --rdzv-endpoint=HOST:29500 train.py   # 2 machines',
    'python train.py --resume --steps 100                         # continue from checkpoints/last.pt',
    'python export_weights.py                                     # checkpoints/last.pt as GAN Studio weights',
    'npm run gan -- import-weights gan-studio-weights.json --design design.gan.json --out run.ckpt   # then gan eval run.ckpt',
    "python sample.py --noise latents.json                        # the latent explorer's noise file as samples/noise.png",
    '```',
    '',
    'Samples go to `samples/`, checkpoints to `checkpoints/last.pt`. `python train.py --help` lists every option',
    '(`--device`, `--bf16`, `--compile`, `--sync-batchnorm`, `--data` for designs that train on your own images).',
    'When the export carried weights trained in GAN Studio (`weights/initial.json`), a new run starts from them.',
    ...(frozen
      ? [
          "The feature loss compares the activations of GAN Studio's MNIST classifier, which the project carries in",
          '`eval/mnist-classifier/` (`model.json`, `weights.bin`): `frozen.py` checks the file against the architecture',
          'and loads it frozen — never trained, in no optimizer, not in the checkpoints.',
        ]
      : []),
    '',
    "`python sample.py --noise FILE.json` renders the generator (`checkpoints/last.pt`, else `weights/initial.json`;",
    "`--checkpoint` for another) on exactly the vectors, and class labels, of the file GAN Studio's latent explorer saves",
    '("Export noise (JSON)"), one tile per vector in order (`--view path|moved|classes` for its other views; `--seed N',
    '--count K` draws instead). A file that does not fit the design (another latent dimension, a number that is not',
    'finite, more than 1,024 vectors, a label outside the classes) is refused with a message saying what is wrong.',
    '',
    ...(design.training.settings.criticKeep < 1
      ? [
          `The design keeps the critic's best ${Math.round(design.training.settings.criticKeep * 1000) / 10} % of candidate samples for its metrics (\`criticKeep\`; discriminator`,
          "rejection, Azadi 2019): `gan eval` of the imported weights scores them so, as GAN Studio does (`--critic-keep 1` scores",
          "the generator's own samples). `train.py` and `sample.py` show the generator's own samples.",
          '',
        ]
      : []),
  ].join('\n');
}
