import { describe, expect, it } from 'vitest';
import { validateText } from '../../../lib/validate';
import type { Design } from '../../../lib/graph/schema';
import { check, codes, network, node, presetDesign } from './helpers';

type Case = { name: string; mutate: (d: Design) => unknown; code: string; mentions: RegExp };

/** Each case breaks a valid preset one way; the report must name the problem, where it is, and not throw. */
const CASES: Case[] = [
  { name: 'unknown block type', mutate: (d) => ((node(network(d, 'D').nodes, 'fc1').type = 'denseX'), d), code: 'E_UNKNOWN_BLOCK', mentions: /"denseX"/ },
  { name: 'units 0', mutate: (d) => ((node(network(d, 'D').nodes, 'fc1').params['units'] = 0), d), code: 'E_PARAM', mentions: /networks\[1\]\.nodes\[\d+\]\.params\.units/ },
  { name: 'units not a number', mutate: (d) => ((node(network(d, 'D').nodes, 'fc1').params['units'] = 'many'), d), code: 'E_PARAM', mentions: /units/ },
  { name: 'filters 10^9', mutate: (d) => (d.networks = presetDesign('dcgan-mnist').networks, (node(network(d, 'D').nodes, 'down_14').params['filters'] = 1e9), d), code: 'E_PARAM', mentions: /filters/ },
  { name: 'unknown activation', mutate: (d) => ((node(network(d, 'G').nodes, 'image').params['activation'] = 'swishy'), d), code: 'E_PARAM', mentions: /activation/ },
  { name: 'a cycle', mutate: (d) => (network(d, 'D').edges.push({ id: 'back', source: 'act2', sourceHandle: 'out', target: 'fc1', targetHandle: 'in' }), d), code: 'E_PORT_TAKEN', mentions: /fc1/ },
  {
    name: 'a true cycle',
    mutate: (d) => {
      const n = network(d, 'D');
      n.edges = n.edges.filter((e) => e.target !== 'fc1');
      n.edges.push({ id: 'back', source: 'act2', sourceHandle: 'out', target: 'fc1', targetHandle: 'in' });
      return d;
    },
    code: 'E_CYCLE',
    mentions: /"fc1"/,
  },
  { name: 'dangling edge', mutate: (d) => (network(d, 'G').edges.push({ id: 'dangling', source: 'fc1', sourceHandle: 'out', target: 'ghost', targetHandle: 'in' }), d), code: 'E_UNKNOWN_NODE', mentions: /"ghost"/ },
  {
    name: 'duplicate edge',
    mutate: (d) => {
      const e = network(d, 'G').edges[0]!;
      network(d, 'G').edges.push({ ...e, id: 'again' });
      return d;
    },
    code: 'E_DUPLICATE_EDGE',
    mentions: /"again"/,
  },
  { name: 'duplicate node id', mutate: (d) => (network(d, 'G').nodes.push({ ...network(d, 'G').nodes[1]! }), d), code: 'E_DUPLICATE_ID', mentions: /unique/ },
  { name: 'duplicate network id', mutate: (d) => (d.networks.push(structuredClone(network(d, 'G'))), d), code: 'E_DUPLICATE_ID', mentions: /"G"/ },
  { name: 'unknown port', mutate: (d) => ((network(d, 'G').edges[0]!.targetHandle = 'nope'), d), code: 'E_UNKNOWN_PORT', mentions: /"nope"/ },
  { name: 'unconnected input', mutate: (d) => ((network(d, 'D').edges = network(d, 'D').edges.filter((e) => e.target !== 'fc2')), d), code: 'E_UNCONNECTED', mentions: /fc2/ },
  // Unparsed dataset params reach the GAN checks raw; an unknown name once threw there (the data-range check).
  { name: 'unknown dataset', mutate: (d) => ((d.training.nodes.find((n) => n.type === 'dataset')!.params['name'] = 'cifar10'), d), code: 'E_PARAM', mentions: /training\.nodes\[\d+\]\.params\.name/ },
  { name: 'call of a missing network', mutate: (d) => ((node(d.training.nodes, 'D_real').params['network'] = 'Q'), d), code: 'E_UNKNOWN_NETWORK', mentions: /"Q"/ },
  { name: 'version 2', mutate: (d) => ({ ...d, version: 2 }), code: 'E_VERSION', mentions: /newer GAN Studio/ },
  { name: 'no version', mutate: (d) => ({ ...d, version: undefined }), code: 'E_VERSION', mentions: /version/ },
  { name: 'networks not a list', mutate: (d) => ({ ...d, networks: 'G' }), code: 'E_SCHEMA', mentions: /networks/ },
  { name: 'bad node id', mutate: (d) => ((network(d, 'G').nodes[1]!.id = 'x"); process.exit(1); //'), d), code: 'E_SCHEMA', mentions: /networks\[0\]\.nodes\[1\]\.id/ },
  { name: 'a number for a design', mutate: () => 42, code: 'E_SCHEMA', mentions: /JSON object/ },
];

describe('bad designs get one clear line each, never an exception', () => {
  it.each(CASES)('$name → $code', ({ mutate, code, mentions }) => {
    const v = check(mutate(presetDesign('gan-mlp-mnist')));
    expect(v.ok).toBe(false);
    expect(codes(v)).toContain(code);
    const p = v.problems.find((p) => p.code === code)!;
    expect(`${p.where.path ?? ''} ${p.message}`).toMatch(mentions);
    for (const q of v.problems) expect(q.message).not.toMatch(/\n|at .*\.ts:\d+/);
  });

  it.each([
    ['not JSON', '{"version": 1,', 'E_JSON'],
    ['empty file', '', 'E_JSON'],
    ['JSON null', 'null', 'E_SCHEMA'],
    ['an array', '[]', 'E_SCHEMA'],
  ])('%s → %s', (_name, text, code) => {
    const v = validateText(text);
    expect(v.ok).toBe(false);
    expect(codes(v)).toEqual([code]);
  });

  it('refuses a 50 MB file before parsing it', () => {
    const big = `{"version":1,"name":"${'x'.repeat(50 * 1024 * 1024)}"}`;
    const v = validateText(big);
    expect(codes(v)).toEqual(['E_TOO_LARGE']);
    expect(v.problems[0]!.message).toMatch(/50\.0 MB; the limit is 5\.0 MB/);
  });

  it('reports every problem at once, not just the first', () => {
    const d = presetDesign('dcgan-mnist');
    node(network(d, 'G').nodes, 'project').params['units'] = 0;
    node(network(d, 'D').nodes, 'down_14').params['kernelSize'] = 99;
    network(d, 'D').edges.push({ id: 'dangling', source: 'flatten', sourceHandle: 'out', target: 'ghost', targetHandle: 'in' });
    const v = check(d);
    expect(codes(v)).toEqual(expect.arrayContaining(['E_PARAM', 'E_PARAM', 'E_UNKNOWN_NODE']));
    expect(v.problems.length).toBeGreaterThanOrEqual(3);
  });
});
