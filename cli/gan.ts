// `npm run gan -- <verb> ...`: GAN Studio's command line, a stable contract (../docs/cli.md).
// Errors exit non-zero with a one-line message and never a stack trace; with --json the last line is one JSON object.
import { intFlag, parseArgs, UsageError } from './args';
import { MAX_NODE_THREADS } from '../lib/tfjs/wasm-threads-node';
import { presetsCommand } from './commands/presets';
import { validateCommand } from './commands/validate';
import { trainCommand } from './commands/train';
import { evalFromArgs } from './commands/eval';
import { exportFromArgs } from './commands/export';
import { importWeightsFromArgs } from './commands/import-weights';
import { diagnoseCommand } from './commands/diagnose';
import { guardTerminalOutput } from './terminal';

const USAGE = `usage: npm run gan -- <verb> [options]
  presets [--json]                       list preset ids, one a line
  validate <file.gan.json | preset:ID> [--backend B] [--memory-budget GB] [--json]
                                         shapes, parameter counts, training's memory and work, every problem
  train <design> --steps N [--backend wasm|cpu|webgpu] [--threads T] [--seed S] [--batch B] [--every K]
        [--save FILE] [--log FILE] [--memory-budget GB] [--pairs DIR] [--json]
                                         train headless with the in-app compiler; ends by printing metrics and the
                                         run's health check; refuses a design that needs more than the budget (half
                                         the machine's memory); --log writes the run as JSON lines; --pairs DIR
                                         is a Paired folder source's A/ and B/ (PNG, matching names); --threads T
                                         runs wasm on T threads (default auto: the idle cores, at most 4; same numbers)
  diagnose <checkpoint | run.jsonl> [--json]
                                         the health check of a run: saturation, collapse, oscillation, divergence…
  eval <checkpoint | real:mnist-test | real:mnist-train | design --train-steps N> [--samples N] [--critic-keep K] [--json]
                                         MNIST score, Fréchet distance, KID, precision/recall, class coverage (or 2-D modes);
                                         --critic-keep K scores the share K of candidates D rates most real (1: G's raw
                                         samples), instead of the design's setting
  export <design> --out DIR [--target typescript|pytorch] [--force] [--weights FILE] [--json]
                                         write the standalone TypeScript training project, or a PyTorch one that
                                         trains with torchrun on many GPUs and machines (refuses a non-empty DIR)
  import-weights <weights.json> --design <design> --out FILE [--json]
                                         a GAN Studio checkpoint from a PyTorch project's export_weights.py, for gan eval`;

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'presets': {
      const a = parseArgs(rest, { json: 'boolean' });
      return presetsCommand(a.flags.has('json'));
    }
    case 'validate': {
      const a = parseArgs(rest, { json: 'boolean', backend: 'string', 'memory-budget': 'string' });
      const ref = a.positionals[0];
      if (!ref || a.positionals.length > 1) throw new UsageError('validate takes one design: a .gan.json file or preset:ID');
      const backend = a.flags.get('backend');
      if (backend !== undefined && !['cpu', 'wasm', 'webgl', 'webgpu'].includes(String(backend))) throw new UsageError('--backend must be cpu, wasm, webgl or webgpu');
      const budget = a.flags.get('memory-budget');
      return validateCommand(ref, a.flags.has('json'), backend === undefined ? undefined : String(backend), budget === undefined ? undefined : String(budget));
    }
    case 'train': {
      const a = parseArgs(rest, { json: 'boolean', steps: 'string', backend: 'string', seed: 'string', batch: 'string', every: 'string', save: 'string', log: 'string', 'memory-budget': 'string', pairs: 'string', threads: 'string' });
      const ref = a.positionals[0];
      if (!ref || a.positionals.length > 1) throw new UsageError('train takes one design: a .gan.json file or preset:ID');
      if (!a.flags.has('steps')) throw new UsageError('train needs --steps N');
      if (a.flags.has('threads') && a.flags.get('threads') !== 'auto' && String(a.flags.get('backend') ?? 'wasm') !== 'wasm') throw new UsageError(`--threads sets wasm's XNNPACK threads; the ${String(a.flags.get('backend'))} backend has none`);
      return trainCommand(ref, {
        steps: intFlag(a, 'steps', 1, 1, 10_000_000),
        backend: String(a.flags.get('backend') ?? 'wasm'),
        ...(a.flags.has('threads') && a.flags.get('threads') !== 'auto' ? { threads: intFlag(a, 'threads', 1, 1, MAX_NODE_THREADS) } : {}),
        seed: a.flags.has('seed') ? intFlag(a, 'seed', 0, 0, 2 ** 31 - 1) : undefined,
        batch: a.flags.has('batch') ? intFlag(a, 'batch', 1, 1, 4096) : undefined,
        every: intFlag(a, 'every', 100, 1, 1_000_000),
        json: a.flags.has('json'),
        ...(a.flags.has('save') ? { save: String(a.flags.get('save')) } : {}),
        ...(a.flags.has('log') ? { log: String(a.flags.get('log')) } : {}),
        ...(a.flags.has('memory-budget') ? { memoryBudget: String(a.flags.get('memory-budget')) } : {}),
        ...(a.flags.has('pairs') ? { pairs: String(a.flags.get('pairs')) } : {}),
      });
    }
    case 'eval':
      return evalFromArgs(rest);
    case 'diagnose': {
      const a = parseArgs(rest, { json: 'boolean' });
      const path = a.positionals[0];
      if (!path || a.positionals.length > 1) throw new UsageError('diagnose takes one file: a checkpoint (gan train --save) or a run log (gan train --log)');
      return diagnoseCommand(path, a.flags.has('json'));
    }
    case 'export':
      return exportFromArgs(rest);
    case 'import-weights':
      return importWeightsFromArgs(rest);
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return verb ? 0 : 2;
    default:
      throw new UsageError(`unknown verb "${verb}"`);
  }
}

guardTerminalOutput();
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`error: ${msg.split('\n')[0]}`);
    if (e instanceof UsageError) console.error(USAGE);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
