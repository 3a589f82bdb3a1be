import { describe, expect, it } from 'vitest';
import { LAYOUT_GAP, wrappedLayout } from '../../../lib/editor/layout';
import { layoutAll } from '../../../lib/editor/ops';
import { PRESETS } from '../../../lib/presets';
import { preset } from './helpers';

const box = (ps: { x: number; y: number }[]) => ({
  w: Math.max(...ps.map((p) => p.x)) - Math.min(...ps.map((p) => p.x)),
  h: Math.max(...ps.map((p) => p.y)) - Math.min(...ps.map((p) => p.y)),
});

describe('auto-layout', () => {
  it.each(PRESETS.map((p) => ({ id: p.id })))('$id: every block gets its own place, ids and wires unchanged', ({ id }) => {
    const d = preset(id);
    const laid = layoutAll(d);
    for (const [g, h] of [[d.training, laid.training], ...d.networks.map((n, i) => [n, laid.networks[i]!] as const)] as const) {
      expect(h.nodes.map((n) => n.id)).toEqual(g.nodes.map((n) => n.id));
      expect(h.edges).toEqual(g.edges);
      const spots = new Set(h.nodes.map((n) => `${n.position.x},${n.position.y}`));
      expect(spots.size).toBe(h.nodes.length);
    }
  });

  it('wraps a long chain into bands that fit a square canvas', () => {
    const G = preset('dcgan-mnist').networks.find((n) => n.id === 'G')!;
    const laid = wrappedLayout(G.nodes, G.edges);
    const { w, h } = box(laid.map((n) => n.position));
    expect(G.nodes.length).toBe(10);
    expect(w).toBeLessThanOrEqual(2 * LAYOUT_GAP.x);
    expect(h).toBeGreaterThan(2 * LAYOUT_GAP.y);
  });

  it('keeps a short training graph in one band, with unwired optimizers in a row below', () => {
    const t = preset('dcgan-mnist').training;
    const laid = wrappedLayout(t.nodes, t.edges);
    const at = (id: string) => laid.find((n) => n.id === id)!.position;
    expect(at('loss').x).toBe(3 * LAYOUT_GAP.x);
    expect(at('opt_G').y).toBe(at('opt_D').y);
    expect(at('opt_G').y).toBeGreaterThan(Math.max(at('z').y, at('data').y, at('loss').y));
  });
});
