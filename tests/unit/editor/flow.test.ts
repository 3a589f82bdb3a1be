import { describe, expect, it } from 'vitest';
import { describeGraph, fromFlow, sameEdgeView, sameNodeFrame, sameNodeView, toFlowEdges, toFlowNodes } from '../../../lib/editor/flow';
import { moveNodes, setParam } from '../../../lib/editor/ops';
import { getGraph, type Scope } from '../../../lib/editor/scope';
import { PRESETS } from '../../../lib/presets';
import { validateDesign } from '../../../lib/validate';
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

  it('tells which views look the same after an edit: all after a move, all but the changed ones after a param', () => {
    const d = preset('gan-mlp-mnist');
    const views = (x: typeof d) => describeGraph(x, getGraph(x, net('G'))!, net('G'), validateDesign(x));
    const before = views(d);
    const changed = (after: ReturnType<typeof views>) => ({
      nodes: [...before.nodes].filter(([id, v]) => !sameNodeView(v, after.nodes.get(id)!)).map(([id]) => id),
      edges: [...before.edges].filter(([id, v]) => !sameEdgeView(v, after.edges.get(id))).map(([id]) => id),
    });
    const moved = views(moveNodes(d, net('G'), { fc2: { x: 999, y: 1 } }));
    expect(moved.nodes.get('fc2')).not.toBe(before.nodes.get('fc2'));
    expect(changed(moved)).toEqual({ nodes: [], edges: [] });
    // fc2's width reaches act2 and fc3's weight count; fc3's own output, and all below it, stay as they were.
    expect(changed(views(setParam(d, net('G'), 'fc2', 'units', 64)))).toEqual({ nodes: ['fc2', 'act2', 'fc3'], edges: ['fc2.out->act2.in', 'act2.out->fc3.in'] });
  });

  it('tells a frame change (title, ports, problem) from a shape change, which leaves every frame as it was', () => {
    const d = preset('gan-mlp-mnist');
    const views = (x: typeof d) => describeGraph(x, getGraph(x, net('G'))!, net('G'), validateDesign(x));
    const before = views(d);
    const framesChanged = (after: ReturnType<typeof views>) => [...before.nodes].filter(([id, v]) => !sameNodeFrame(v, after.nodes.get(id)!)).map(([id]) => id);
    // A new width changes shapes and counts below fc2, and fc2's own subtitle ("units 64").
    const wider = views(setParam(d, net('G'), 'fc2', 'units', 64));
    expect(sameNodeView(before.nodes.get('act2')!, wider.nodes.get('act2')!)).toBe(false);
    expect(framesChanged(wider)).toEqual(['fc2']);
    // A width the validator refuses puts fc2 in error and blocks everything below it: frames change there.
    const broken = views(setParam(d, net('G'), 'fc2', 'units', 0));
    expect(framesChanged(broken)).toEqual(expect.arrayContaining(['fc2', 'act2', 'fc3']));
  });
});
