import { describe, expect, it } from 'vitest';
import { layeredLayout } from '../../../lib/graph/layout';
import type { Design } from '../../../lib/graph/schema';
import { describeGraph } from '../../../lib/editor/flow';
import { estimateBlockSize, estimateLabelSize, LABEL_INSET, type Size } from '../../../lib/editor/layout';
import { autoLayout, layoutAll } from '../../../lib/editor/ops';
import { getGraph, type Scope } from '../../../lib/editor/scope';
import { PRESETS } from '../../../lib/presets';
import { validateDesign } from '../../../lib/validate';
import { net, preset, TRAIN } from './helpers';

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** React Flow draws a port's handle 10 px wide, centred on the block's edge: it reaches 5 px out of the block. */
const HANDLE = 5;

/** Each block's box and each edge's label size in one graph, as the layout estimated them. */
function boxes(d: Design, scope: Scope, sizes: Record<string, Size> = {}) {
  const graph = getGraph(d, scope)!;
  const views = describeGraph(d, graph, scope, validateDesign(d));
  const box = new Map(graph.nodes.map((n) => [n.id, { ...n.position, ...(sizes[n.id] ?? estimateBlockSize(views.nodes.get(n.id)!)) }]));
  return { graph, box, label: (id: string) => estimateLabelSize(views.edges.get(id)) };
}

const scopes = (d: Design): Scope[] => [TRAIN, ...d.networks.map((n) => net(n.id))];
const cases = PRESETS.flatMap((p) => scopes(p.design).map((scope) => ({ id: p.id, scope, name: scope.kind === 'training' ? 'training' : scope.id })));

describe('auto-layout', () => {
  it.each(cases)('$id $name: left to right by data flow, no label on a block, no block on another', ({ id, scope }) => {
    const d = preset(id);
    const laid = autoLayout(d, scope);
    const before = getGraph(d, scope)!;
    const { graph, box, label } = boxes(laid, scope);
    expect(graph.nodes.map((n) => n.id)).toEqual(before.nodes.map((n) => n.id));
    expect(graph.edges).toEqual(before.edges);
    const all = [...box.entries()];
    for (const e of graph.edges) {
      const s = box.get(e.source)!;
      const t = box.get(e.target)!;
      // The wire leaves the source's right edge for a later column's left edge.
      expect(t.x, e.id).toBeGreaterThan(s.x + s.width + 2 * HANDLE);
      // Its shape label is drawn in front of the input it enters (ShapeEdge.tsx), somewhere along the target's
      // height: that whole strip is clear of every block.
      const w = label(e.id).width;
      const strip = { x: t.x - HANDLE - LABEL_INSET - w, y: t.y, width: w + LABEL_INSET, height: t.height };
      for (const [id, b] of all) expect(overlap(strip, b), `label of ${e.id} on ${id}`).toBe(false);
    }
    for (const [i, [a, ba]] of all.entries()) for (const [b, bb] of all.slice(i + 1)) expect(overlap(ba, bb), `${a} and ${b}`).toBe(false);
  });

  it('puts unwired blocks (optimizers) in a row under the graph', () => {
    const laid = autoLayout(preset('dcgan-mnist'), TRAIN);
    const { box } = boxes(laid, TRAIN);
    const wired = [...box.entries()].filter(([id]) => !id.startsWith('opt_')).map(([, b]) => b);
    expect(box.get('opt_G')!.y).toBe(box.get('opt_D')!.y);
    expect(box.get('opt_G')!.y).toBeGreaterThan(Math.max(...wired.map((b) => b.y + b.height)));
  });

  it('a sequential generator is one row, input first and output last', () => {
    const d = layoutAll(preset('dcgan-mnist'));
    const { graph, box } = boxes(d, net('G'));
    const xs = graph.nodes.map((n) => n.position.x);
    // The preset's layers are listed in data-flow order.
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // Blocks of different heights, centred on one line (positions are whole pixels).
    const centres = [...box.values()].map((b) => b.y + b.height / 2);
    expect(Math.max(...centres) - Math.min(...centres)).toBeLessThanOrEqual(1);
  });

  it("makes room for the canvas's measured sizes where it has them", () => {
    const d = preset('dcgan-mnist');
    const tall = { width: 300, height: 900 };
    const laid = autoLayout(d, TRAIN, { data: tall });
    const { graph, box } = boxes(laid, TRAIN, { data: tall });
    const data = box.get('data')!;
    for (const [id, b] of box) if (id !== 'data') expect(overlap(data, b), id).toBe(false);
    const fed = graph.edges.filter((e) => e.source === 'data').map((e) => box.get(e.target)!);
    expect(fed.length).toBeGreaterThan(0);
    for (const b of fed) expect(b.x).toBeGreaterThanOrEqual(data.x + tall.width);
  });

  it('lays out a graph with no wires as one row, and an empty graph as nothing', () => {
    expect(layeredLayout([], [])).toEqual([]);
    const d = preset('dcgan-mnist');
    const bare: Design = { ...d, training: { ...d.training, edges: [] } };
    const { box } = boxes(autoLayout(bare, TRAIN), TRAIN);
    expect(new Set([...box.values()].map((b) => b.y)).size).toBe(1);
  });

  it('the preset builder lays out left to right too (fixed block sizes)', () => {
    const nodes = ['a', 'b', 'c', 'd'].map((id) => ({ id, position: { x: 0, y: 0 } }));
    const edges = [
      { id: 'ab', source: 'a', target: 'b' },
      { id: 'ac', source: 'a', target: 'c' },
      { id: 'bd', source: 'b', target: 'd' },
      { id: 'cd', source: 'c', target: 'd' },
    ];
    const at = new Map(layeredLayout(nodes, edges).map((n) => [n.id, n.position]));
    for (const e of edges) expect(at.get(e.target)!.x, e.id).toBeGreaterThan(at.get(e.source)!.x);
    expect(at.get('b')!.x).toBe(at.get('c')!.x);
    expect(at.get('b')!.y).not.toBe(at.get('c')!.y);
  });
});
