import type { Design, DesignNode } from '../graph/schema';
import { formatShape, type Shape } from '../shapes/shape';
import type { DesignReport } from '../validate/validate';
import type { AdversarialTerm, Ref, Term, TrainingPlan } from '../train/plan';
import { Scope } from './identifiers';
import { jsDoc, key, lineText, num, prop, str } from './literals';

/**
 * src/graph.ts: the design's training graph written out as code. `drawSources` draws every source for one update;
 * one objective function per kind of update (reconstruction, critic, generator) runs the network calls that update
 * needs, in the order GAN Studio's trainer runs them (lib/train/trainer.ts `run`: the calls upstream of its loss
 * terms, in topological order), and sums its loss terms; `phases` says which networks each update trains. Keeping the
 * browser's order keeps every random draw (noise, data, dropout, instance noise, the penalty's ε) in step with it.
 */

type Phase = { name: 'reconstruction' | 'critic' | 'generator'; fn: string; side: 'D' | 'G'; terms: Term[]; networks: string[]; repeat: boolean };

export type GraphCode = {
  sourcesType: string;
  dataSources: string;
  drawSources: string;
  adversarials: string[];
  objectives: string[];
  phases: string;
  sampling: string[];
  /** The shape of what the sample evaluates. */
  generatedShape: Shape | null;
};

export function emitGraph(design: Design, report: DesignReport, plan: TrainingPlan): GraphCode {
  const nodes = [...plan.nodes.values()];
  const module = new Scope(['tf', 'n', 's', 'ctx', 'call', 'callAll', 'phases', 'generators', 'WASSERSTEIN', 'Sources', 'DataSources', 'dataSources', 'drawSources', 'generated', 'realExamples', 'images', 'batch', 'rng', 'data',
    // what graph.ts imports, so no generated name shadows it
    'datasetSource', 'domainsSource', 'labels', 'noise', 'ImageSets', 'datasets', 'domains', 'discriminatorLoss', 'distance', 'generatorLoss',
    'gradientPenalty', 'r1Penalty', 'Adversarial', 'Phase', 'StepContext', 'NetworkId', 'Networks', 'Rng', 'sumOf']);
  const isLabelRef = (ref: Ref) => {
    const t = plan.nodes.get(ref.node)?.type;
    return t === 'label' || (t === 'dataset' && ref.port === 'y');
  };
  const shapeOf = (ref: Ref) => {
    const s = report.training.nodes[ref.node]?.outputs[ref.port];
    return s ? formatShape(s) : '?';
  };
  const networkOf = (call: DesignNode) => String(call.params['network']);
  const netDef = (id: string) => {
    const n = design.networks.find((x) => x.id === id);
    if (!n) throw new Error(`no network "${id}"`);
    return n;
  };
  const inputsOf = (id: string) => netDef(id).nodes.filter((x) => x.type === 'input');
  const outputsOf = (id: string) => netDef(id).nodes.filter((x) => x.type === 'output');
  const feeds = (callId: string): [string, Ref][] => [...(plan.inputs.get(callId) ?? new Map<string, Ref>())];

  // ---- sources
  const sourceNodes = nodes.filter((n) => n.type === 'noise' || n.type === 'label' || n.type === 'dataset' || n.type === 'domains');
  const portsOf = (n: (typeof nodes)[number]): string[] => {
    if (n.type === 'noise') return ['z'];
    if (n.type === 'label') return ['y'];
    if (n.type === 'domains') return ['a', 'b'];
    return n.parsed['labels'] === 'none' ? ['x'] : ['x', 'y'];
  };
  const sourcesType = [
    jsDoc(['One draw of every source for an update, by node id and port.']),
    'export type Sources = {',
    ...sourceNodes.map((n) => `  ${key(n.id)}: { ${portsOf(n).map((p) => `${key(p)}: tf.Tensor`).join('; ')} };${n.label ? ` // ${lineText(n.label, 80)}` : ''}`),
    '};',
  ].join('\n');
  const dataNodes = sourceNodes.filter((n) => n.type === 'dataset' || n.type === 'domains');
  const dataSources = [
    jsDoc(['The design’s data sources, made once from the loaded images.']),
    `export function dataSources(${dataNodes.length ? 'images' : '_images'}: ImageSets) {`,
    '  return {',
    ...dataNodes.map((n) => `    ${key(n.id)}: ${n.type === 'dataset' ? 'datasetSource' : 'domainsSource'}(${prop(n.type === 'dataset' ? 'datasets' : 'domains', n.id)}, images),`),
    '  };',
    '}',
    '',
    'export type DataSources = ReturnType<typeof dataSources>;',
  ].join('\n');
  const draw = sourceNodes.map((n) => {
    const p = n.parsed;
    if (n.type === 'noise') return `    ${key(n.id)}: { z: noise(batch, ${num(Number(p['dim']))}, ${str(String(p['distribution']))}, rng) },`;
    if (n.type === 'label') return `    ${key(n.id)}: { y: labels(batch, ${num(Number(p['numClasses']))}, ${str(String(p['encoding']))}, rng) },`;
    return `    ${key(n.id)}: ${prop('data', n.id)}.sample(batch, rng) as ${indexType('Sources', n.id)},`;
  });
  const drawSources = [
    jsDoc(['Draws every source for one update of `batch` examples, in the design’s node order — the order the browser draws them in.']),
    `export function drawSources(batch: number, rng: Rng, ${dataNodes.length ? 'data' : '_data'}: DataSources): Sources {`,
    '  return {',
    ...draw,
    '  };',
    '}',
  ].join('\n');

  // ---- adversarial objectives, one constant per loss node
  const advName = new Map<string, string>();
  const adversarials = plan.terms
    .filter((t): t is AdversarialTerm => t.kind === 'adversarial')
    .map((t) => {
      const name = module.name(t.id);
      advName.set(t.id, name);
      const label = plan.nodes.get(t.id)?.label;
      return `${jsDoc([`Loss node ${label ? `“${label}” (${t.id})` : t.id}: the ${t.objective} objective on ${t.scores}.`])}\nconst ${name}: Adversarial = { objective: ${str(t.objective)}, scores: ${str(t.scores)}, realLabel: ${num(t.realLabel)} };`;
    });
  const firstAdversarial = plan.terms.filter((t): t is AdversarialTerm => t.kind === 'adversarial').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];

  // ---- one objective function per kind of update
  const recon = plan.terms.filter((t) => t.kind === 'distance' && t.type === 'reconstruction');
  const critic = plan.terms.filter((t) => t.kind !== 'distance');
  const gen = plan.terms.filter((t) => (t.kind === 'distance' && t.type !== 'reconstruction') || t.kind === 'adversarial');
  const phases: Phase[] = [];
  if (recon.length) phases.push({ name: 'reconstruction', fn: module.name('reconstructionObjective'), side: 'G', terms: recon, networks: plan.generators, repeat: false });
  if (critic.length) phases.push({ name: 'critic', fn: module.name('criticObjective'), side: 'D', terms: critic, networks: plan.critics, repeat: true });
  if (gen.length) phases.push({ name: 'generator', fn: module.name('generatorObjective'), side: 'G', terms: gen, networks: plan.generators, repeat: false });

  /** The calls upstream of `ids`, in the training graph's topological order. */
  const upstream = (ids: readonly string[]): string[] => {
    const need = new Set<string>();
    const visit = (id: string) => {
      if (need.has(id)) return;
      need.add(id);
      for (const r of plan.inputs.get(id)?.values() ?? []) visit(r.node);
    };
    ids.forEach(visit);
    return plan.order.filter((id) => need.has(id) && plan.nodes.get(id)?.type === 'call');
  };

  /** Writes the calls of `callIds`; returns the lines and the expression of each ref. */
  function writeCalls(callIds: string[], scope: Scope, training: boolean, referenced: Set<string>): { lines: string[]; expr: (r: Ref) => string } {
    const vars = new Map<string, string>();
    const expr = (r: Ref): string => {
      const node = plan.nodes.get(r.node);
      if (node?.type === 'call') {
        const v = vars.get(`${r.node}\0${r.port}`);
        if (!v) throw new Error(`call "${r.node}" is used before it is computed`);
        return v;
      }
      return prop(prop('s', r.node), r.port);
    };
    const lines: string[] = [];
    for (const id of callIds) {
      const call = plan.nodes.get(id)!;
      const net = networkOf(call);
      const noisy = training && plan.critics.includes(net);
      const edgeFeeds = feeds(id);
      const noisyPorts = edgeFeeds.filter(([, r]) => noisy && !isLabelRef(r)).map(([p]) => p);
      const inputIds = inputsOf(net).map((x) => x.id);
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
      const outs = outputsOf(net);
      const label = call.label ? lineText(call.label, 80) : id;
      const model = prop('n', net);
      if (outs.length === 1) {
        const out = outs[0]!;
        const used = referenced.has(`${id}\0${out.id}`);
        const v = used ? scope.name(id) : '';
        vars.set(`${id}\0${out.id}`, v);
        const callExpr = `call(${model}, [${args.join(', ')}], ${training})`;
        lines.push(used ? `  const ${v} = ${callExpr}; // ${label}: ${shapeOf({ node: id, port: out.id })}` : `  ${callExpr}; // ${label} — not used by this update; see above`);
      } else {
        const names = outs.map((o) => (referenced.has(`${id}\0${o.id}`) ? scope.name(`${id}_${o.id}`) : ''));
        outs.forEach((o, i) => vars.set(`${id}\0${o.id}`, names[i]!));
        lines.push(`  const [${names.join(', ')}] = callAll(${model}, [${args.join(', ')}], ${training}); // ${label}`);
      }
    }
    return { lines, expr };
  }

  /** The critic's inputs for a penalty: its other feeds from the real call, and which port is the image. */
  function criticOf(realRef: Ref) {
    const call = plan.nodes.get(realRef.node)!;
    const net = networkOf(call);
    const f = feeds(call.id);
    const image = f.find(([, r]) => !isLabelRef(r))?.[0];
    if (!image) throw new Error(`the critic call "${call.id}" has no image input`);
    return { call, net, feeds: new Map(f), image };
  }

  const objectives = phases.map((ph) => {
    const scope = new Scope(module.names());
    // What the terms read: their inputs, and for penalties the critic's feeds.
    const referenced = new Set<string>();
    const mark = (r: Ref) => referenced.add(`${r.node}\0${r.port}`);
    const callIds = upstream(ph.terms.map((t) => t.id));
    for (const id of callIds) for (const [, r] of feeds(id)) mark(r);
    for (const t of ph.terms) {
      if (t.kind === 'adversarial') {
        if (ph.side === 'D') mark(t.real);
        mark(t.fake);
      } else if (t.kind === 'distance') {
        mark(t.target);
        mark(t.output);
      } else if (t.kind === 'gradientPenalty' || t.kind === 'r1') {
        for (const [, r] of criticOf(t.real).feeds) mark(r);
        if (t.kind === 'gradientPenalty') for (const [, r] of criticOf(t.fake).feeds) mark(r);
      }
    }
    const { lines, expr } = writeCalls(callIds, scope, true, referenced);
    const parts: string[] = [];
    const body: string[] = [];
    for (const t of ph.terms) {
      const weighted = (w: number, e: string) => (w === 1 ? e : `tf.mul(${num(w)}, ${e})`);
      if (t.kind === 'adversarial') {
        const name = advName.get(t.id)!;
        const v = scope.name(`${t.id}_${ph.side}`);
        if (ph.side === 'D') {
          body.push(`  const ${v} = ctx.metric(${str(`${t.id}.D`)}, ${weighted(t.weight, `discriminatorLoss(${name}, ${expr(t.real)}, ${expr(t.fake)})`)});`);
          if (t === firstAdversarial) {
            body.push(`  ctx.metric('#dReal', tf.mean(${expr(t.real)}));`, `  ctx.metric('#dFake', tf.mean(${expr(t.fake)}));`);
          }
        } else body.push(`  const ${v} = ctx.metric(${str(`${t.id}.G`)}, ${weighted(t.weight, `generatorLoss(${name}, ${expr(t.fake)})`)});`);
        parts.push(v);
      } else if (t.kind === 'distance') {
        const v = scope.name(t.id);
        body.push(`  const ${v} = ctx.metric(${str(t.id)}, ${weighted(t.weight, `distance(${str(t.norm)}, ${expr(t.output)}, ${expr(t.target)})`)});`);
        parts.push(v);
      } else {
        const real = criticOf(t.real);
        const x = scope.name('image');
        const args = inputsOf(real.net).map((i) => (i.id === real.image ? x : expr(real.feeds.get(i.id)!)));
        const outs = outputsOf(real.net);
        const run = outs.length === 1 ? `call(${prop('n', real.net)}, [${args.join(', ')}], true)` : `callAll(${prop('n', real.net)}, [${args.join(', ')}], true)[0]!`;
        const critic = `(${x}: tf.Tensor) => ${run}`;
        const v = scope.name(t.id);
        const realImage = expr(real.feeds.get(real.image)!);
        if (t.kind === 'gradientPenalty') {
          const fakeImage = criticOf(t.fake).feeds.get(real.image);
          if (!fakeImage) throw new Error(`the penalty "${t.id}" needs the fake call to have an input "${real.image}"`);
          body.push(`  const ${v} = ctx.metric(${str(t.id)}, ${weighted(t.weight, `gradientPenalty(${critic}, ${realImage}, ${expr(fakeImage)}, ${num(t.target)}, ctx.rng.seed())`)});`);
        } else {
          body.push(`  const ${v} = ctx.metric(${str(t.id)}, tf.mul(${num(t.gamma)} / 2, r1Penalty(${critic}, ${realImage})));`);
        }
        parts.push(v);
      }
    }
    const total = parts.length === 1 ? `${parts[0]} as tf.Scalar` : `sumOf([${parts.join(', ')}]) as tf.Scalar`;
    const unused = lines.some((l) => l.includes('not used by this update'));
    const what = ph.name === 'critic' ? 'critic (D side)' : ph.name === 'generator' ? 'generator (G side)' : 'reconstruction';
    const termNames = ph.terms.map((t) => `“${t.id}”`).join(', ');
    const doc = jsDoc([
      `The ${what} objective: ${termNames}. It trains ${ph.networks.length ? ph.networks.join(', ') : 'no network'}.`,
      ...(unused
        ? ['Calls marked “not used” feed none of this update’s terms, but GAN Studio’s trainer evaluates every call upstream of a loss node, and running them here too keeps dropout and noise drawing the same random numbers.']
        : []),
    ]);
    return [doc, `function ${ph.fn}(n: Networks, s: Sources, ctx: StepContext): tf.Scalar {`, ...lines, ...body, `  return ${total};`, '}'].join('\n');
  });

  const list = (ids: readonly string[]) => `[${ids.map(str).join(', ')}]`;
  const phaseLines = phases.map((ph) => {
    const clips = ph.name === 'critic' && plan.clips.length ? `, clips: [${plan.clips.map((c) => `{ network: ${str(c.critic)}, clip: ${num(c.clip)} }`).join(', ')}]` : '';
    return `  { name: ${str(ph.name)}, networks: ${list(ph.networks)}, objective: ${ph.fn}${ph.repeat ? ', repeat: true' : ''}${clips} },`;
  });
  const wasserstein = plan.terms.some((t) => t.kind === 'adversarial' && t.objective === 'wasserstein');
  const phasesCode = [
    jsDoc(['The updates of one training step, in order. The critic update repeats nCritic times, each followed by its weight clipping.']),
    'export const phases: readonly Phase<NetworkId, Sources>[] = [',
    ...phaseLines,
    '];',
    '',
    jsDoc(['Networks trained on the generator side: their weights’ moving average (emaDecay) is what the samples use.']),
    `export const generators: readonly NetworkId[] = ${list(plan.generators)};`,
    '',
    jsDoc(['Whether a critic is Wasserstein, so that E[D(x)] − E[D(G(z))] is reported as the distance estimate.']),
    `export const WASSERSTEIN = ${wasserstein};`,
  ].join('\n');

  // ---- sampling: what the sample grid shows, in inference mode
  const adv = plan.terms.find((t): t is AdversarialTerm => t.kind === 'adversarial');
  let genRef: Ref;
  if (adv) genRef = feeds(adv.fake.node).map(([, r]) => r).find((r) => !isLabelRef(r)) ?? adv.fake;
  else {
    const dist = plan.terms.find((t) => t.kind === 'distance');
    if (!dist || dist.kind !== 'distance') throw new Error('the design has no term whose output could be sampled');
    genRef = dist.output;
  }
  const evaluate = (ref: Ref | undefined, fn: string, doc: string, returns: string): string => {
    const scope = new Scope(module.names());
    const callIds = ref && plan.nodes.get(ref.node)?.type === 'call' ? upstream([ref.node]) : [];
    const referenced = new Set<string>(ref ? [`${ref.node}\0${ref.port}`] : []);
    for (const id of callIds) for (const [, r] of feeds(id)) referenced.add(`${r.node}\0${r.port}`);
    const { lines, expr } = writeCalls(callIds, scope, false, referenced);
    const body = [...lines, `  return ${ref ? expr(ref) : 'null'};`].join('\n');
    const nUsed = /\bn[.[]/.test(body);
    const sUsed = /\bs[.[]/.test(body);
    return [jsDoc([doc]), `export function ${fn}(${nUsed ? 'n' : '_n'}: Networks, ${sUsed ? 's' : '_s'}: Sources): ${returns} {`, body, '}'].join('\n');
  };
  const realRef = adv ? feeds(adv.real.node).map(([, r]) => r).find((r) => !isLabelRef(r)) : undefined;
  const sampling = [
    evaluate(genRef, 'generated', `What the sample picture shows: ${genRef.node}'s “${genRef.port}”, computed in inference mode from the fixed sample draw.`, 'tf.Tensor'),
    evaluate(realRef, 'realExamples', 'The real examples of that draw, plotted beside the generated ones for 2-D data; null when the design has none.', 'tf.Tensor | null'),
  ];

  const generatedShape = report.training.nodes[genRef.node]?.outputs[genRef.port] ?? null;
  return { sourcesType, dataSources, drawSources, adversarials, objectives, phases: phasesCode, sampling, generatedShape };
}

/** `Sources['id']` or `Sources.id`-style indexed access type for a node id. */
function indexType(type: string, id: string): string {
  return `${type}[${str(id)}]`;
}
