import type { Edge, Node } from '@xyflow/react';
import type { EdgeView, NodeView } from '../../lib/editor/flow';

export type BlockFlowNode = Node<NodeView, 'block'>;
export type ShapeFlowEdge = Edge<EdgeView, 'shape'>;

/** The MIME type a palette item carries while dragged onto the canvas. */
export const BLOCK_MIME = 'application/x-gan-studio-block';
