import { layeredLayout } from '../graph/layout';
import type { DesignEdge, DesignNode } from '../graph/schema';

/** Room for a 224 px block plus an edge label between columns, and for a block with a few ports between rows. */
export const LAYOUT_GAP = { x: 364, y: 170 };
const NODE_WIDTH = 224;
/** The canvas is about as tall as it is wide; a layout that fills it reads at a useful zoom. */
const ASPECT = 1.05;
const WRAP_GAIN = 0.7;
/** Up to this many columns fit a canvas at a readable zoom without wrapping. */
const MAX_UNWRAPPED = 4;

/**
 * layeredLayout (a node's column is its depth), then two things it leaves to the editor: each column is centred
 * on the tallest, and a long chain of columns wraps into bands, like lines of text, so a ten-layer generator fits
 * the view at a readable zoom instead of a thin strip. The band count is the one whose bounding box best fits the
 * canvas's aspect ratio.
 */
export function wrappedLayout<N extends Pick<DesignNode, 'id' | 'position'>>(nodes: readonly N[], edges: readonly Pick<DesignEdge, 'source' | 'target'>[]): N[] {
  // Blocks with no wires (optimizers) would stack under the sources and stretch the first column: they get a row
  // of their own below the graph.
  const wired = new Set(edges.flatMap((e) => [e.source, e.target]));
  const loose = nodes.filter((n) => !wired.has(n.id));
  if (loose.length > 0 && loose.length < nodes.length) {
    const main = wrapped(nodes.filter((n) => wired.has(n.id)), edges);
    const bottom = Math.max(...main.map((n) => n.position.y)) + LAYOUT_GAP.y;
    const placed = new Map([...main, ...loose.map((n, i) => ({ ...n, position: { x: i * LAYOUT_GAP.x, y: bottom } }))].map((n) => [n.id, n]));
    return nodes.map((n) => placed.get(n.id) ?? n);
  }
  return wrapped(nodes, edges);
}

function wrapped<N extends Pick<DesignNode, 'id' | 'position'>>(nodes: readonly N[], edges: readonly Pick<DesignEdge, 'source' | 'target'>[]): N[] {
  const laid = layeredLayout(nodes, edges, LAYOUT_GAP);
  const column = (n: N) => Math.round(n.position.x / LAYOUT_GAP.x);
  const row = (n: N) => Math.round(n.position.y / LAYOUT_GAP.y);
  const columns = Math.max(0, ...laid.map(column)) + 1;
  const rowsIn = new Map<number, number>();
  for (const n of laid) rowsIn.set(column(n), (rowsIn.get(column(n)) ?? 0) + 1);

  const bandHeight = (from: number, to: number) => {
    let rows = 1;
    for (let c = from; c < to; c++) rows = Math.max(rows, rowsIn.get(c) ?? 0);
    return rows * LAYOUT_GAP.y + LAYOUT_GAP.y / 2;
  };
  const score = (perBand: number) => {
    let height = 0;
    for (let c = 0; c < columns; c += perBand) height += bandHeight(c, Math.min(columns, c + perBand));
    return Math.max((perBand - 1) * LAYOUT_GAP.x + NODE_WIDTH, height * ASPECT);
  };
  // Wrapping costs readability (wires run back to the left), so it must buy a much better fit to be worth it.
  let best = { perBand: columns, score: score(columns) * WRAP_GAIN };
  for (let perBand = 1; perBand < columns && columns > MAX_UNWRAPPED; perBand++) {
    const s = score(perBand);
    if (s < best.score) best = { perBand, score: s };
  }

  const bandTop: number[] = [];
  const bandRows: number[] = [];
  for (let c = 0, top = 0; c < columns; c += best.perBand) {
    const h = bandHeight(c, Math.min(columns, c + best.perBand));
    bandTop.push(top);
    bandRows.push((h - LAYOUT_GAP.y / 2) / LAYOUT_GAP.y);
    top += h;
  }
  return laid.map((n) => {
    const c = column(n);
    const band = Math.floor(c / best.perBand);
    const shift = (((bandRows[band] ?? 1) - (rowsIn.get(c) ?? 1)) * LAYOUT_GAP.y) / 2;
    return { ...n, position: { x: (c % best.perBand) * LAYOUT_GAP.x, y: (bandTop[band] ?? 0) + row(n) * LAYOUT_GAP.y + shift } };
  });
}
