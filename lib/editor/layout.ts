import { layeredLayout, type Size } from '../graph/layout';
import type { DesignEdge, DesignNode } from '../graph/schema';
import type { EdgeView, NodeView } from './flow';

export type { Size };

// A block as components/canvas/canvas.css draws it: 224 px wide; a header row, up to two lines of subtitle, a row
// per port (the longer of the two port columns), a footer, and the problem message when there is one.
const BLOCK_WIDTH = 224;
const BORDERS = 2;
const HEAD = 29;
const HEAD_WITH_OPEN_BUTTON = 31;
const SUBTITLE_LINE = 15;
const SUBTITLE_PADDING = 8;
/** About this many characters of 11 px system-ui fit on one line of a block's 188 px of text. */
const CHARS_PER_LINE = 31;
const PORTS_PADDING = 9;
const PORT_ROW = 20;
const GAP_UNDER_HEAD = 6;
const FOOT = 30;
const MESSAGE_LINE = 16;
const MESSAGE_PADDING = 16;
/** 10.5 px monospace in the label (ShapeEdge.tsx, .edge-shape): 0.6 em a character, plus its padding and border. */
const LABEL_CHAR = 6.4;
const LABEL_CHROME = 18;
const LABEL_HEIGHT = 20;
/** "?" while a shape is unknown; an edge can gain a shape later, so keep room for a typical one. */
const LABEL_MIN_WIDTH = 110;

const lines = (text: string, max: number) => Math.min(max, Math.max(1, Math.ceil(text.length / CHARS_PER_LINE)));

/** The size the canvas draws a block at, from what it shows. The canvas's measured size wins where it has one. */
export function estimateBlockSize(view: NodeView): Size {
  const rows = Math.max(view.inputs.length, view.outputs.length);
  const message = view.error ?? view.warning;
  let height = BORDERS + (view.opens ? HEAD_WITH_OPEN_BUTTON : HEAD);
  if (view.subtitle) height += lines(view.subtitle, 2) * SUBTITLE_LINE + SUBTITLE_PADDING;
  else height += GAP_UNDER_HEAD;
  if (rows > 0) height += PORTS_PADDING + rows * PORT_ROW;
  height += FOOT;
  if (message) height += lines(message, 99) * MESSAGE_LINE + MESSAGE_PADDING;
  return { width: BLOCK_WIDTH, height };
}

/** The room an edge's shape label takes ("[batch, 7, 7, 128]", "⚠ …" when the edge is in error). */
export function estimateLabelSize(view: EdgeView | undefined): Size {
  const text = view?.error ? `⚠ ${view.shape ?? '?'}` : (view?.shape ?? '?');
  return { width: Math.max(LABEL_MIN_WIDTH, Math.ceil(text.length * LABEL_CHAR + LABEL_CHROME)), height: LABEL_HEIGHT };
}

export type LayoutSizes = { node: (id: string) => Size; label: (edge: Pick<DesignEdge, 'id'>) => Size };

/**
 * A wire's shape label is drawn just before the input it enters (components/canvas/ShapeEdge.tsx), its right end this
 * far left of the input's handle: every input takes one wire, so labels never meet, and the space between two columns
 * is where they all go.
 */
export const LABEL_INSET = 14;
/** Space between blocks of one column; between two columns, the widest label, its inset and this much more. */
const NODE_GAP = 36;
const RANK_GAP = 30;
/** The row of unwired blocks under the graph: this far below it, this far apart. */
const LOOSE_GAP = { x: 40, y: 60 };

/**
 * The editor's auto-layout: a layered left-to-right layout by data flow (lib/graph/layout.ts, dagre) with room for
 * every block as drawn, and columns far enough apart for the widest shape label, which sits in front of the block its
 * wire enters — so a label is never on a block, whichever columns its wire spans. Blocks with no wires (optimizers)
 * would stack in the first column and stretch it: they get a row of their own under the graph.
 */
export function autoLayoutGraph<N extends Pick<DesignNode, 'id' | 'position'>>(nodes: readonly N[], edges: readonly Pick<DesignEdge, 'id' | 'source' | 'target'>[], sizes: LayoutSizes): N[] {
  const wired = new Set(edges.flatMap((e) => [e.source, e.target]));
  const main = nodes.filter((n) => wired.has(n.id));
  const loose = nodes.filter((n) => !wired.has(n.id));
  if (main.length === 0) return row(loose, 0, sizes);
  const widest = Math.max(0, ...edges.map((e) => sizes.label(e).width));
  const laid = layeredLayout(main, edges, { size: sizes.node, nodeGap: NODE_GAP, rankGap: widest + LABEL_INSET + RANK_GAP });
  const bottom = Math.max(...laid.map((n) => n.position.y + sizes.node(n.id).height));
  const placed = new Map([...laid, ...row(loose, bottom + LOOSE_GAP.y, sizes)].map((n) => [n.id, n]));
  return nodes.map((n) => placed.get(n.id) ?? n);
}

function row<N extends Pick<DesignNode, 'id' | 'position'>>(nodes: readonly N[], y: number, sizes: LayoutSizes): N[] {
  let x = 0;
  return nodes.map((n) => {
    const at = { ...n, position: { x, y } };
    x += sizes.node(n.id).width + LOOSE_GAP.x;
    return at;
  });
}
