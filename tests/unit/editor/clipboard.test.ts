import { describe, expect, it } from 'vitest';
import { copySelection, parseClip, pasteClip } from '../../../lib/editor/clipboard';
import { getGraph } from '../../../lib/editor/scope';
import { ID_PATTERN } from '../../../lib/graph/schema';
import { validateDesign } from '../../../lib/validate';
import { net, preset, TRAIN } from './helpers';

describe('clipboard', () => {
  const d = preset('gan-mlp-mnist');
  const g = getGraph(d, net('G'))!;

  it('copies the selected nodes and only the edges between them', () => {
    const clip = copySelection(g, 'network', ['fc1', 'act1', 'fc2'])!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['fc1', 'act1', 'fc2']);
    expect(clip.edges.map((e) => [e.source, e.target])).toEqual([['fc1', 'act1'], ['act1', 'fc2']]);
    expect(copySelection(g, 'network', [])).toBeNull();
  });

  it('pastes with fresh ids, rewired edges and shifted positions, leaving a valid design', () => {
    const clip = copySelection(g, 'network', ['fc1', 'act1', 'fc2'])!;
    const r = pasteClip(d, net('G'), clip, { x: 40, y: 40 });
    if (!r.ok) throw new Error(r.message);
    expect(r.ids).toEqual(['fc1_2', 'act1_2', 'fc2_2']);
    const after = getGraph(r.design, net('G'))!;
    const pasted = after.nodes.filter((n) => r.ids.includes(n.id));
    for (const n of pasted) expect(n.id).toMatch(ID_PATTERN);
    const orig = g.nodes.find((n) => n.id === 'fc1')!;
    expect(pasted[0]!.position).toEqual({ x: orig.position.x + 40, y: orig.position.y + 40 });
    expect(pasted[0]!.params).toEqual(orig.params);
    const edges = after.edges.filter((e) => r.ids.includes(e.source));
    expect(edges.map((e) => `${e.source}->${e.target}`)).toEqual(['fc1_2->act1_2', 'act1_2->fc2_2']);
    expect(new Set(after.edges.map((e) => e.id)).size).toBe(after.edges.length);
    // Every id stays unique: the validator finds no duplicates (the pasted chain is just unconnected at its ends).
    const codes = validateDesign(r.design).problems.map((p) => p.code);
    expect(codes).not.toContain('E_DUPLICATE_ID');
    expect(codes).toContain('E_UNCONNECTED');
  });

  it('pasting twice keeps every id unique', () => {
    const clip = copySelection(g, 'network', ['fc1'])!;
    const once = pasteClip(d, net('G'), clip);
    if (!once.ok) throw new Error(once.message);
    const twice = pasteClip(once.design, net('G'), clip);
    if (!twice.ok) throw new Error(twice.message);
    expect(twice.ids).toEqual(['fc1_3']);
  });

  it('refuses layers in the training graph, and training blocks in a network', () => {
    const clip = copySelection(g, 'network', ['fc1'])!;
    expect(pasteClip(d, TRAIN, clip)).toMatchObject({ ok: false, message: expect.stringMatching(/inside a network/) });
    const tclip = copySelection(d.training, 'training', ['z'])!;
    expect(pasteClip(d, net('D'), tclip)).toMatchObject({ ok: false, message: expect.stringMatching(/training graph/) });
  });

  it('reads a clip back from clipboard text, and nothing else', () => {
    const clip = copySelection(g, 'network', ['fc1'])!;
    expect(parseClip(JSON.stringify(clip))).toEqual(clip);
    expect(parseClip('hello')).toBeNull();
    expect(parseClip(JSON.stringify(d))).toBeNull();
    expect(parseClip(JSON.stringify({ ...clip, nodes: [{ id: '1bad', type: 'dense' }] }))).toBeNull();
  });
});
