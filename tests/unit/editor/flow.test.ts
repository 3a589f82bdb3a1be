import { describe, expect, it } from 'vitest';
import { describeGraph, fromFlow, toFlowEdges, toFlowNodes } from '../../../lib/editor/flow';
import { getGraph, type Scope } from '../../../lib/editor/scope';
import { PRESETS } from '../../../lib/presets';
import { validateDesign } from '../../../lib/shapes';
import { net, preset, TRAIN } from './helpers';

describe('design ↔ flow mapping', () => {
  const cases = PRESETS.flatMap((p) => [
    { name: `${p.id} training`, id: p.id, scope: TRAIN as Scope },
    ...p.design.networks.map((n) => ({ name: `${p.id} ${n.id}`, id: p.id, scope: net(n.id) as Scope })),
  ]);
  it.each(cases)('round-trips $name', ({ id, scope }) => {
    const d = preset(id);
    const g = getGraph(d, scope)!;
    const views = describeGraph(d, g, scope, validateDesign(d));
    const back = fromFlow(toFlowNodes(g, views.nodes), toFlowEdges(g, views.edges));
    expect(back).toEqual({ nodes: g.nodes, edges: g.edges });
  });

  it('takes positions from the flow nodes (a drag)', () => {
    const d = preset();
    const g = getGraph(d, net('G'))!;
    const views = describeGraph(d, g, net('G'), validateDesign(d));
    const nodes = toFlowNodes(g, views.nodes).map((n) => (n.id === 'fc1' ? { ...n, position: { x: 5, y: 6 } } : n));
    expect(fromFlow(nodes, toFlowEdges(g, views.edges)).nodes.find((n) => n.id === 'fc1')!.position).toEqual({ x: 5, y: 6 });
  });

  it('shows shapes on edges and nodes, counts, and what a call opens', () => {
    const d = preset('gan-mlp-mnist');
    const r = validateDesign(d);
    const g = describeGraph(d, getGraph(d, net('G'))!, net('G'), r);
    expect(g.edges.get('in.out->fc1.in')).toEqual({ shape: '[batch, 100]', error: null });
    expect(g.nodes.get('fc1')).toMatchObject({ result: '[batch, 256]', params: '25.9k params', error: null, inputs: [{ id: 'in', shape: '[batch, 100]' }] });
    expect(g.nodes.get('out')?.result).toBe('[batch, 784]');
    const t = describeGraph(d, d.training, TRAIN, r);
    expect(t.nodes.get('G_call')).toMatchObject({ opens: 'G', subtitle: 'calls G', title: 'G(z)' });
    expect(t.nodes.get('opt_G')?.result).toBe('trains G');
  });

  it("puts the validator's message on the node in error", () => {
    const d = preset('gan-mlp-mnist');
    const G = d.networks.find((n) => n.id === 'G')!;
    G.nodes.find((n) => n.id === 'fc2')!.params['units'] = 0;
    const g = describeGraph(d, G, net('G'), validateDesign(d));
    expect(g.nodes.get('fc2')?.error).toMatch(/units/);
    expect(g.nodes.get('act2')).toMatchObject({ error: null, blocked: true });
  });
});
