import { describe, expect, it } from 'vitest';
import { checkConnection, inputChoices } from '../../../lib/editor/connect';
import { addNetwork, emptyDesign } from '../../../lib/editor/ops';
import { getGraph } from '../../../lib/editor/scope';
import { validateDesign } from '../../../lib/validate';
import { addAll, net, preset, TRAIN, vanillaGan, wire } from './helpers';

describe('connection checks', () => {
  it('the smallest vanilla GAN drawn block by block validates clean', () => {
    expect(validateDesign(vanillaGan()).problems).toEqual([]);
  });

  it('refuses a conv2d fed a flat vector, with the block’s own remedy', () => {
    const [d, [i, c]] = addAll(addNetwork(emptyDesign(), 'G'), net('G'), ['input', 'conv2d']);
    const v = checkConnection(d, net('G'), { source: i!, sourceHandle: 'out', target: c!, targetHandle: 'in' });
    expect(v).toMatchObject({ ok: false, code: 'E_SHAPE_RANK', message: expect.stringMatching(/^conv2d needs a 4-D input .*Add a Reshape/) });
  });

  it('refuses images fed to a discriminator that takes vectors', () => {
    const d = vanillaGan();
    const data = d.training.nodes.find((n) => n.type === 'dataset')!;
    data.params['layout'] = 'image';
    const dReal = d.training.edges.find((e) => e.source === data.id)!;
    d.training.edges = d.training.edges.filter((e) => e !== dReal);
    const v = checkConnection(d, TRAIN, { source: data.id, sourceHandle: 'x', target: dReal.target, targetHandle: 'input' });
    expect(v).toMatchObject({ ok: false, code: 'E_SHAPE_MISMATCH', message: expect.stringMatching(/\[batch, 784\].*\[batch, 28, 28, 1\]/) });
  });

  it.each([
    { name: 'a self loop', c: { source: 'fc1', sourceHandle: 'out', target: 'fc1', targetHandle: 'in' }, code: 'E_CYCLE' },
    { name: 'a cycle', c: { source: 'fc2', sourceHandle: 'out', target: 'fc1', targetHandle: 'in' }, code: 'E_CYCLE' },
    { name: 'an edge that exists', c: { source: 'fc1', sourceHandle: 'out', target: 'act1', targetHandle: 'in' }, code: 'E_DUPLICATE_EDGE' },
  ])('refuses $name', ({ c, code }) => {
    expect(checkConnection(preset(), net('G'), c)).toMatchObject({ ok: false, code });
  });

  it('accepts a good edge and says which edge it replaces', () => {
    const d = preset();
    const v = checkConnection(d, net('G'), { source: 'act1', sourceHandle: 'out', target: 'act2', targetHandle: 'in' });
    expect(v).toMatchObject({ ok: true, replaces: 'fc2.out->act2.in' });
    if (v.ok) expect(getGraph(v.design, net('G'))!.edges.filter((e) => e.target === 'act2')).toHaveLength(1);
  });

  it('allows an edge whose consequences break a node further down (shown there, not refused)', () => {
    const G = net('G');
    const [drawn, [i, h, r]] = addAll(addNetwork(emptyDesign(), 'G'), G, ['input', 'dense', 'reshape']);
    const d = wire(drawn, G, h!, 'out', r!, 'in');
    const v = checkConnection(d, G, { source: i!, sourceHandle: 'out', target: h!, targetHandle: 'in' });
    expect(v.ok).toBe(true);
    if (v.ok) expect(validateDesign(v.design).problems.map((p) => [p.code, p.where.node])).toContainEqual(['E_SHAPE_SIZE', r]);
  });
});

describe('input choices (wiring from the inspector)', () => {
  it('lists every other block\'s outputs with their shapes, and what feeds each input now', () => {
    const d = preset('gan-mlp-mnist');
    const G = getGraph(d, net('G'))!;
    const fc2 = inputChoices(d, net('G'), validateDesign(d), 'fc2');
    expect(fc2).toHaveLength(1);
    const [input] = fc2;
    const feeding = G.edges.find((e) => e.target === 'fc2')!;
    expect(input!.current).toEqual({ source: feeding.source, sourceHandle: feeding.sourceHandle, edge: feeding.id });
    // One choice per output port of every other block, none of fc2's own.
    const outputs = G.nodes.filter((n) => n.id !== 'fc2' && n.type !== 'output').length;
    expect(input!.choices).toHaveLength(outputs);
    expect(input!.choices.some((c) => c.source === 'fc2')).toBe(false);
    expect(input!.choices.find((c) => c.source === feeding.source)!.label).toMatch(/\[batch, \d+\]$/);
  });

  it('shows an input nothing feeds as unconnected, and nothing for a block the graph lacks', () => {
    const [d, [, dense]] = addAll(addNetwork(emptyDesign(), 'G'), net('G'), ['input', 'dense']);
    const r = validateDesign(d);
    expect(inputChoices(d, net('G'), r, dense!)).toEqual([{ port: 'in', label: expect.any(String), current: null, choices: [expect.objectContaining({ source: expect.any(String), sourceHandle: 'out' })] }]);
    expect(inputChoices(d, net('G'), r, 'nope')).toEqual([]);
  });
});
