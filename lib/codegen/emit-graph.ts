import type { JsonValue, RuntimeRef, Side } from '../blocks/types';
import { formatShape, type Shape } from '../shapes/shape';
import type { DesignReport } from '../validate/validate';
import { callsUpstream, criticImage, generatedRef, isLabelRef, penaltyCall, phaseCalls, rankingScores, readPorts, realRef, type PhasePlan, type Ref, type TermPlan, type TrainingPlan } from '../train/plan';
import { Scope } from './identifiers';
import { latentInput } from './latent-input';
import { jsDoc, key, lineText, lit, prop, str } from './literals';

/**
 * src/graph.ts: the design's training graph written out as code, from the blocks' own runtime functions. Every
 * source, term, constraint and optimizer is a call of the function its block names (`code` in lib/blocks), with the
 * design's params as literals — the very function the app's trainer calls (lib/train/objective.ts). One objective
 * function per phase (reconstruction, critic, generator) runs the network calls that update needs, in the trainer's
 * order (the calls upstream of its terms, topologically), then sums its terms; so every random draw (noise, data,
 * dropout, instance noise, the penalty's ε) comes out as it does in the browser.
 */

export type GraphCode = {
  sources: string[];
  objectives: string[];
  phases: string;
  sampling: string[];
  /** Runtime functions the code calls, by lib module: the generator imports them from ./lib/<module>.js. */
  imports: ReadonlyMap<string, ReadonlySet<string>>;
  /** The shape of what the sample evaluates. */
  generatedShape: Shape | null;
};

/** Names graph.ts imports or declares, so no generated name shadows them. */
const MODULE_NAMES = ['tf', 'n', 's', 'ctx', 'call', 'callAll', 'phases', 'generators', 'WASSERSTEIN', 'Sources', 'DataSources', 'dataSources', 'drawSources', 'generated', 'realExamples', 'scoredSamples', 'CRITIC_PACK', 'LATENT', 'images', 'batch', 'rng', 'data', 'ImageSets', 'Phase', 'StepContext', 'NetworkId', 'Networks', 'Rng', 'sumOf', 'w'];

const OBJECTIVE: Record<Side, { fn: string; what: string }> = {
  reconstruction: { fn: 'reconstructionObjective', what: 'reconstruction' },
  critic: { fn: 'criticObjective', what: 'critic (D side)' },
  generator: { fn: 'generatorObjective', what: 'generator (G side)' },
};

export function emitGraph(report: DesignReport, plan: TrainingPlan, criticPack = 1): GraphCode {
  const imports = new Map<string, Set<string>>();
  const runtimes = [...plan.sources, ...plan.terms, ...plan.phases.flatMap((p) => p.constraints)].map((x) => x.role.code);
  const module = new Scope([...MODULE_NAMES, ...runtimes.map((c) => c.name)]);
  const imported = (code: RuntimeRef): string => {
    const names = imports.get(code.module) ?? new Set<string>();
    names.add(code.name);
    imports.set(code.module, names);
    return code.name;
  };
  const shapeOf = (ref: Ref) => {
    const s = report.training.nodes[ref.node]?.outputs[ref.port];
    return s ? formatShape(s) : '?';
  };
  const params = (p: unknown) => lit(p as JsonValue);
  const labelled = (label: string | undefined) => (label ? ` // ${lineText(label, 80)}` : '');

  // ---- sources
  const sources = [
    [
      jsDoc(['One draw of every source for an update, by node id and port.']),
      'export type Sources = {',
      ...plan.sources.map((n) => `  ${key(n.id)}: { ${n.ports.map((p) => `${key(p)}: tf.Tensor`).join('; ')} };${labelled(n.label)}`),
      '};',
    ].join('\n'),
    [
      jsDoc(['The design’s sources, opened once per run (data sets index the loaded images then), each by its block’s function.']),
      `export function dataSources(${plan.sources.length ? 'images' : '_images'}: ImageSets) {`,
      '  return {',
      ...plan.sources.map((n) => `    ${key(n.id)}: ${imported(n.role.code)}(tf, ${params(n.params)}, images),${labelled(n.label)}`),
      '  };',
      '}',
      '',
      'export type DataSources = ReturnType<typeof dataSources>;',
    ].join('\n'),
    [
      jsDoc(['Draws every source for one update of `batch` examples, in the design’s node order — the order the browser draws them in.']),
      `export function drawSources(${plan.sources.length ? 'batch' : '_batch'}: number, ${plan.sources.length ? 'rng' : '_rng'}: Rng, ${plan.sources.length ? 'data' : '_data'}: DataSources): Sources {`,
      '  return {',
      ...plan.sources.map((n) => `    ${key(n.id)}: ${prop('data', n.id)}.sample(batch, rng) as Sources[${str(n.id)}],`),
      '  };',
      '}',
    ].join('\n'),
  ];

  // ---- one constant per term: its params
  const paramsName = new Map<string, string>();
  const termConsts = plan.terms.map((t) => {
    const name = module.name(`${t.id}Params`);
    paramsName.set(t.id, name);
    return `${jsDoc([`The params of the ${t.type} node ${t.label ? `“${t.label}” (${t.id})` : t.id}.`])}\nconst ${name} = ${params(t.params)} as const;`;
  });

  /** Writes the calls of `callIds`; returns the lines and the expression of each ref. */
  function writeCalls(callIds: readonly string[], scope: Scope, training: boolean, referenced: Set<string>): { lines: string[]; expr: (r: Ref) => string } {
    const vars = new Map<string, string>();
    const expr = (r: Ref): string => {
      if (plan.calls.has(r.node)) {
        const v = vars.get(`${r.node}\0${r.port}`);
        if (!v) throw new Error(`call "${r.node}" is used before it is computed`);
        return v;
      }
      return prop(prop('s', r.node), r.port);
    };
    const lines: string[] = [];
    for (const id of callIds) {
      const call = plan.calls.get(id)!;
      const noisy = training && plan.critics.includes(call.network);
      const edgeFeeds = [...call.feeds];
      const noisyPorts = edgeFeeds.filter(([, r]) => noisy && !isLabelRef(plan, r)).map(([p]) => p);
      const inputIds = plan.networkInputs.get(call.network)!;
      const feedExpr = new Map<string, string>();
      // Instance noise is drawn per input in the order the edges were drawn; with two noised inputs whose order
      // differs from the network's, the noisy values are computed first, in that order.
      const early = noisyPorts.length > 1 && noisyPorts.join('\0') !== inputIds.filter((p) => noisyPorts.includes(p)).join('\0');
      for (const [port, ref] of edgeFeeds) {
        const e = noisyPorts.includes(port) ? `ctx.noisy(${expr(ref)})` : expr(ref);
        if (early && noisyPorts.includes(port)) {
          const tmp = scope.name(`${id}_${port}`);
          lines.push(`  const ${tmp} = ${e};`);
          feedExpr.set(port, tmp);
        } else feedExpr.set(port, e);
      }
      const args = inputIds.map((p) => {
        const e = feedExpr.get(p);
        if (!e) throw new Error(`input "${p}" of call "${id}" is not connected; validate the design first`);
        return e;
      });
      const label = call.label ? lineText(call.label, 80) : id;
      const model = prop('n', call.network);
      if (call.outputs.length === 1) {
        const out = call.outputs[0]!;
        const used = referenced.has(`${id}\0${out}`);
        const v = used ? scope.name(id) : '';
        vars.set(`${id}\0${out}`, v);
        const callExpr = `call(${model}, [${args.join(', ')}], ${training})`;
        lines.push(used ? `  const ${v} = ${callExpr}; // ${label}: ${shapeOf({ node: id, port: out })}` : `  ${callExpr}; // ${label} — not used by this update; see above`);
      } else {
        const names = call.outputs.map((o) => (referenced.has(`${id}\0${o}`) ? scope.name(`${id}_${o}`) : ''));
        call.outputs.forEach((o, i) => vars.set(`${id}\0${o}`, names[i]!));
        lines.push(`  const [${names.join(', ')}] = callAll(${model}, [${args.join(', ')}], ${training}); // ${label}`);
      }
    }
    return { lines, expr };
  }

  /** A penalty's view of its critic: the call behind its first score port, and which input is the image. */
  function penaltyCritic(t: TermPlan) {
    const call = plan.calls.get(penaltyCall(t).node)!;
    const image = criticImage(plan, call.id);
    if (!image) throw new Error(`the critic call "${call.id}" has no image input`);
    return { call, image: image.port };
  }

  const phaseFns = new Map<PhasePlan, string>();
  const objectives = plan.phases.map((ph) => objective(ph));
  function objective(ph: PhasePlan): string {
    const fn = module.name(OBJECTIVE[ph.name].fn);
    const scope = new Scope(module.names());
    // What the terms read: their inputs, and for penalties the critic's feeds.
    const referenced = new Set<string>();
    const mark = (r: Ref | undefined) => r && referenced.add(`${r.node}\0${r.port}`);
    const callIds = phaseCalls(plan, ph);
    for (const id of callIds) for (const r of plan.calls.get(id)!.feeds.values()) mark(r);
    for (const t of ph.terms) {
      if (t.role.penalty) {
        for (const r of t.inputs.values()) for (const f of plan.calls.get(r.node)?.feeds.values() ?? []) mark(f);
      } else for (const [, r] of readPorts(t, ph.name)) mark(r);
    }
    const { lines, expr } = writeCalls(callIds, scope, true, referenced);
    const parts: string[] = [];
    const body: string[] = [];
    for (const t of ph.terms) {
      const many = t.role.sides(t.params).length > 1;
      const metric = many ? `${t.id}.${ph.name === 'critic' ? 'D' : 'G'}` : t.id;
      const v = scope.name(many ? `${t.id}_${ph.name === 'critic' ? 'D' : 'G'}` : t.id);
      let x: string;
      let env = '';
      if (t.role.penalty) {
        const { call, image } = penaltyCritic(t);
        const inputs = [...t.inputs].map(([port, r]) => {
          const feed = plan.calls.get(r.node)?.feeds.get(image);
          if (!feed) throw new Error(`the penalty "${t.id}" needs the call "${r.node}" to have an input "${image}"`);
          return `${key(port)}: ${expr(feed)}`;
        });
        x = `{ ${inputs.join(', ')} }`;
        const img = scope.name('image');
        const args = plan.networkInputs.get(call.network)!.map((i) => (i === image ? img : expr(call.feeds.get(i)!)));
        const run = call.outputs.length === 1 ? `call(${prop('n', call.network)}, [${args.join(', ')}], true)` : `callAll(${prop('n', call.network)}, [${args.join(', ')}], true)[0]!`;
        env = `, { rng: ctx.rng, critic: (${img}: tf.Tensor) => ${run} }`;
      } else {
        x = `{ ${readPorts(t, ph.name).map(([port, r]) => `${key(port)}: ${expr(r)}`).join(', ')} }`;
        // A term reading a frozen network (the feature loss's classifier) gets the ones the project loaded (trainer.ts).
        if (t.role.frozen?.(t.params).length) env = ', { rng: ctx.rng, ...(ctx.frozen ? { frozen: ctx.frozen } : {}) }';
      }
      body.push(`  const ${v} = ctx.metric(${str(metric)}, ${imported(t.role.code)}(tf, ${paramsName.get(t.id)!}, ${str(ph.name)}, ${x}${env})!);`);
      if (t === plan.scoreTerm && ph.name === 'critic' && t.role.scores?.real && t.role.scores.fake) {
        body.push(`  ctx.metric('#dReal', tf.mean(${expr(t.inputs.get(t.role.scores.real)!)}));`, `  ctx.metric('#dFake', tf.mean(${expr(t.inputs.get(t.role.scores.fake)!)}));`);
      }
      parts.push(v);
    }
    const total = parts.length === 1 ? `${parts[0]} as tf.Scalar` : `sumOf(tf, [${parts.join(', ')}]) as tf.Scalar`;
    const unused = lines.some((l) => l.includes('not used by this update'));
    const doc = jsDoc([
      `The ${OBJECTIVE[ph.name].what} objective: ${ph.terms.map((t) => `“${t.id}”`).join(', ')}. It trains ${ph.networks.length ? ph.networks.join(', ') : 'no network'}.`,
      ...(unused
        ? ['Calls marked “not used” feed none of this update’s terms directly, but GAN Studio’s trainer evaluates every call upstream of what the terms read (plan.ts phaseCalls), and running them here too keeps dropout and noise drawing the same random numbers.']
        : []),
    ]);
    phaseFns.set(ph, fn);
    return [doc, `function ${fn}(n: Networks, s: Sources, ctx: StepContext): tf.Scalar {`, ...lines, ...body, `  return ${total};`, '}'].join('\n');
  }

  const list = (ids: readonly string[]) => `[${ids.map(str).join(', ')}]`;
  const phaseLines = plan.phases.map((ph) => {
    const constraints = ph.constraints.length
      ? `, constraints: [${ph.constraints.map((c) => `{ network: ${str(c.network)}, apply: (w) => ${imported(c.role.code)}(tf, ${params(c.params)}, w) }`).join(', ')}]`
      : '';
    return `  { name: ${str(ph.name)}, networks: ${list(ph.networks)}, objective: ${phaseFns.get(ph)!}${ph.repeat ? ', repeat: true' : ''}${constraints} },`;
  });
  const phases = [
    jsDoc(['The updates of one training step, in order. The critic update repeats nCritic times, each followed by its constraints (weight clipping).']),
    'export const phases: readonly Phase<NetworkId, Sources>[] = [',
    ...phaseLines,
    '];',
    '',
    jsDoc(['Networks trained on the generator side: their weights’ moving average (emaDecay) is what the samples use.']),
    `export const generators: readonly NetworkId[] = ${list(plan.generators)};`,
    '',
    jsDoc(['Whether a critic is Wasserstein, so that E[D(x)] − E[D(G(z))] is reported as the distance estimate.']),
    `export const WASSERSTEIN = ${plan.wasserstein};`,
  ].join('\n');

  // ---- sampling: what the sample grid shows, in inference mode
  const genRef = generatedRef(plan);
  // The refs' values from one pass over the calls upstream of them, in inference mode; `result` writes the return.
  const evaluateAll = (refs: readonly Ref[], fn: string, doc: string, returns: string, result: (exprs: string[]) => string): string => {
    const scope = new Scope(module.names());
    const callIds = callsUpstream(plan, refs.map((r) => r.node).filter((id) => plan.calls.has(id)));
    const referenced = new Set<string>(refs.map((r) => `${r.node}\0${r.port}`));
    for (const id of callIds) for (const r of plan.calls.get(id)!.feeds.values()) referenced.add(`${r.node}\0${r.port}`);
    const { lines, expr } = writeCalls(callIds, scope, false, referenced);
    const body = [...lines, `  return ${result(refs.map(expr))};`].join('\n');
    const nUsed = /\bn[.[]/.test(body);
    const sUsed = /\bs[.[]/.test(body);
    return [jsDoc([doc]), `export function ${fn}(${nUsed ? 'n' : '_n'}: Networks, ${sUsed ? 's' : '_s'}: Sources): ${returns} {`, body, '}'].join('\n');
  };
  const evaluate = (ref: Ref | null, fn: string, doc: string, returns: string): string => evaluateAll(ref ? [ref] : [], fn, doc, returns, (e) => e[0] ?? 'null');
  const scores = rankingScores(plan);
  const sampling = [
    evaluate(genRef, 'generated', `What the sample picture shows: ${genRef.node}'s “${genRef.port}”, computed in inference mode from the fixed sample draw.`, 'tf.Tensor'),
    evaluate(realRef(plan), 'realExamples', 'The real examples of that draw, plotted beside the generated ones for 2-D data; null when the design has none.', 'tf.Tensor | null'),
    evaluateAll(
      scores ? [genRef, scores] : [],
      'scoredSamples',
      'The generated examples of a draw and the critic’s scores on them, from one pass: `settings.criticKeep` below 1 keeps the best-scored (src/trainer.ts generate). Null when no critic scores them.',
      '{ fake: tf.Tensor; scores: tf.Tensor } | null',
      ([fake, score]) => (fake && score ? `{ fake: ${fake}, scores: ${score} }` : 'null'),
    ),
    [
      jsDoc(['Samples the critic judges at once (PacGAN packing): candidates are drawn, and kept, in whole packs. 0 when no critic scores generated samples.']),
      `export const CRITIC_PACK: number = ${scores ? criticPack : 0};`,
    ].join('\n'),
    [
      jsDoc(['What `npm run sample -- --noise FILE` feeds the generator: its noise input and class labels (src/sample-cli.ts), or why it cannot.']),
      `export const LATENT = ${lit(latentInput(plan, report) as unknown as JsonValue)} as const;`,
    ].join('\n'),
  ];

  const generatedShape = report.training.nodes[genRef.node]?.outputs[genRef.port] ?? null;
  return { sources, objectives: [...termConsts, ...objectives], phases, sampling, imports, generatedShape };
}
