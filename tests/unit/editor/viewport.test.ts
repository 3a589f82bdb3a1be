import { describe, expect, it } from 'vitest';
import { readableFit, type FitOptions } from '../../../lib/editor/viewport';

const O: FitOptions = { padding: { top: 60, right: 30, bottom: 40, left: 50 }, minZoom: 0.7, maxZoom: 1 };
const PANE = { width: 800, height: 500 };
/** Where a graph point lands in the pane. */
const screen = (v: { x: number; y: number; zoom: number }, p: { x: number; y: number }) => ({ x: p.x * v.zoom + v.x, y: p.y * v.zoom + v.y });

describe('readableFit', () => {
  it('shows a graph that fits whole, centred in the padded pane', () => {
    const b = { x: 100, y: -50, width: 600, height: 300 };
    const v = readableFit(b, PANE, O);
    // 720 × 400 of room would take 1.2: maxZoom caps it.
    expect(v.zoom).toBe(1);
    const tl = screen(v, b);
    const br = screen(v, { x: b.x + b.width, y: b.y + b.height });
    expect(tl.x - O.padding.left).toBeCloseTo(PANE.width - O.padding.right - br.x);
    expect(tl.y - O.padding.top).toBeCloseTo(PANE.height - O.padding.bottom - br.y);
  });

  it('zooms out to fit, down to the readable limit', () => {
    const b = { x: 0, y: 0, width: 960, height: 200 };
    const v = readableFit(b, PANE, O);
    expect(v.zoom).toBeCloseTo(720 / 960);
    expect(screen(v, { x: 960, y: 0 }).x).toBeCloseTo(PANE.width - O.padding.right);
  });

  it('never zooms out past minZoom: a long chain is shown from its left end, a tall graph from its top', () => {
    const long = { x: -200, y: 40, width: 9000, height: 150 };
    const v = readableFit(long, PANE, O);
    expect(v.zoom).toBe(O.minZoom);
    expect(screen(v, long).x).toBeCloseTo(O.padding.left);
    // It fits vertically, so it is centred that way.
    const mid = screen(v, { x: 0, y: long.y + long.height / 2 }).y;
    expect(mid).toBeCloseTo(O.padding.top + (PANE.height - O.padding.top - O.padding.bottom) / 2);

  });

  it('a graph too tall is shown at the height of the blocks it starts from, without empty space past its ends', () => {
    const tall = { x: 0, y: 300, width: 400, height: 3000 };
    const room = PANE.height - O.padding.top - O.padding.bottom;
    const middle = { x: 0, y: 1700, width: 224, height: 100 };
    const v = readableFit(tall, PANE, O, middle);
    expect(v.zoom).toBe(O.minZoom);
    expect(screen(v, { x: 0, y: 1750 }).y).toBeCloseTo(O.padding.top + room / 2);
    // A start near the top or bottom edge: the view stops at that edge.
    const top = readableFit(tall, PANE, O, { x: 0, y: 310, width: 224, height: 100 });
    expect(screen(top, tall).y).toBeCloseTo(O.padding.top);
    const bottom = readableFit(tall, PANE, O, { x: 0, y: 3200, width: 224, height: 100 });
    expect(screen(bottom, { x: 0, y: tall.y + tall.height }).y).toBeCloseTo(PANE.height - O.padding.bottom);
  });

  it('never zooms in past maxZoom on a single block', () => {
    const v = readableFit({ x: 0, y: 0, width: 224, height: 100 }, PANE, O);
    expect(v.zoom).toBe(O.maxZoom);
  });
});
