'use client';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { sameEdgeView } from '../../lib/editor/flow';
import { useEditorActions } from '../editor/EditorContext';
import type { ShapeFlowEdge } from './types';

/** An edge labelled with the tensor shape it carries, e.g. "[batch, 28, 28, 1]". */
export function ShapeEdge(props: EdgeProps<ShapeFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const { dispatch } = useEditorActions();
  const state = data?.error ? 'error' : data?.shape ? 'ok' : 'unknown';
  return (
    <>
      <BaseEdge id={id} path={path} className="shape-edge-path" data-state={state} data-selected={selected || undefined} />
      <EdgeLabelRenderer>
        <div
          className="edge-shape nodrag nopan"
          data-state={state}
          data-selected={selected || undefined}
          data-testid={`edge-shape-${id}`}
          title={data?.error ?? (data?.shape ? `${data.shape} per step` : 'shape unknown until the inputs are connected')}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          onClick={() => dispatch({ type: 'select', selection: { nodes: [], edges: [id] } })}
        >
          {data?.error ? '⚠ ' : ''}
          {data?.shape ?? '?'}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

/** Props compared as React.memo does, except `data`, which describeGraph makes anew on every design change. */
export function sameShapeEdgeProps(a: EdgeProps<ShapeFlowEdge>, b: EdgeProps<ShapeFlowEdge>): boolean {
  const keys = Object.keys(a) as (keyof EdgeProps<ShapeFlowEdge>)[];
  return keys.length === Object.keys(b).length && keys.every((k) => (k === 'data' ? sameEdgeView(a.data, b.data) : Object.is(a[k], b[k])));
}
