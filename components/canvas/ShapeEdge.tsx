'use client';
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { EdgeView } from '../../lib/editor/flow';
import { LABEL_INSET } from '../../lib/editor/layout';
import { useEditorActions } from '../editor/EditorContext';
import { setAttr, setText, useEdgePick, useViewText, type CanvasViews } from './canvas-views';
import type { ShapeFlowEdge } from './types';

type EdgeState = 'error' | 'ok' | 'unknown';
const pickState = (v: EdgeView | undefined): EdgeState => (v?.error ? 'error' : v?.shape ? 'ok' : 'unknown');

/**
 * An edge labelled with the tensor shape it carries, e.g. "[batch, 28, 28, 1]". The label sits on the wire just
 * before the input it enters, not midway: a wire that spans several columns would put a midway label on a block of
 * a column in between, and an input takes one wire, so labels at inputs never meet (lib/editor/layout.ts leaves the
 * room for them). The path re-renders when the edge moves or its state changes; a new shape is written into the
 * label, without a render (canvas-views.ts).
 */
export function ShapeEdge(props: EdgeProps<ShapeFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected } = props;
  const [path] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const state = useEdgePick(id, pickState);
  return (
    <>
      <BaseEdge id={id} path={path} className="shape-edge-path" data-state={state} data-selected={selected || undefined} />
      <EdgeLabelRenderer>
        <ShapeLabel id={id} x={targetX - LABEL_INSET} y={targetY} selected={!!selected} />
      </EdgeLabelRenderer>
    </>
  );
}

/** The label's text, state and tooltip, written as the edge's view changes (canvas-views.ts says why not by React). */
const writeLabel = (el: HTMLElement, v: EdgeView | undefined) => {
  setText(el, v?.error ? `⚠ ${v.shape ?? '?'}` : (v?.shape ?? '?'));
  setAttr(el, 'data-state', pickState(v));
  // The label says the shape; the tooltip is for what it does not say.
  setAttr(el, 'title', v?.error ?? (v?.shape ? null : 'shape unknown until the inputs are connected'));
};
const edges = (c: CanvasViews) => c.edges;

const ShapeLabel = memo(function ShapeLabel({ id, x, y, selected }: { id: string; x: number; y: number; selected: boolean }) {
  const { dispatch } = useEditorActions();
  const ref = useViewText<EdgeView, HTMLDivElement>(edges, id, writeLabel);
  return (
    <div
      ref={ref}
      className="edge-shape nodrag nopan"
      data-selected={selected || undefined}
      data-testid={`edge-shape-${id}`}
      style={{ transform: `translate(-100%, -50%) translate(${x}px, ${y}px)` }}
      onClick={() => dispatch({ type: 'select', selection: { nodes: [], edges: [id] } })}
    />
  );
});
