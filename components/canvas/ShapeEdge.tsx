'use client';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
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
