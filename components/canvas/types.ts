import type { Edge, Node } from '@xyflow/react';
import type { NodeView } from '../../lib/editor/flow';

/**
 * What React Flow holds of a block: where it is and what the mini map colours it by. Everything the block shows
 * (shapes, counts, problems) is in the canvas views (canvas-views.ts), so an edit that changes only those leaves
 * React Flow's nodes and edges untouched.
 */
export type BlockData = { category: NodeView['category'] };
export type BlockFlowNode = Node<BlockData, 'block'>;
export type ShapeFlowEdge = Edge<Record<string, never>, 'shape'>;

/** The MIME type a palette item carries while dragged onto the canvas. */
export const BLOCK_MIME = 'application/x-gan-studio-block';
