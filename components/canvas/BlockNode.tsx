'use client';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { sameNodeView } from '../../lib/editor/flow';
import { useEditorActions } from '../editor/EditorContext';
import type { BlockFlowNode } from './types';

/**
 * A block on the canvas: title and id, its main params, ports with their names, what it outputs (shapes) and how
 * many weights it has; red with the validator's message when it is in error. Memoised in nodeTypes (STYLE rule 10).
 */
export function BlockNode({ id, data, selected }: NodeProps<BlockFlowNode>) {
  const { openScope } = useEditorActions();
  const state = data.error ? 'error' : data.warning ? 'warning' : data.blocked ? 'blocked' : 'ok';
  const message = data.error ?? data.warning;
  return (
    <div className="block-node" data-category={data.category} data-state={state} data-selected={selected || undefined}>
      <header className="block-node-head">
        <span className="block-node-swatch" aria-hidden />
        <span className="block-node-title" title={data.title}>
          {data.title}
        </span>
        <code className="block-node-id" title={`id: ${id}`}>
          {id}
        </code>
        {data.opens && (
          <button
            type="button"
            className="block-node-open nodrag"
            aria-label={`Open network ${data.opens}`}
            title={`Open ${data.opens} (or double-click)`}
            onClick={() => openScope({ kind: 'network', id: data.opens! })}
          >
            <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden>
              <path d="M6 3h7v7M13 3 4 12" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
        )}
      </header>
      {data.subtitle && <div className="block-node-subtitle">{data.subtitle}</div>}
      {(data.inputs.length > 0 || data.outputs.length > 0) && (
        <div className="block-node-ports">
          <div className="block-node-port-col">
            {data.inputs.map((p) => (
              <div key={p.id} className="block-node-port in" data-stale={p.stale || undefined} title={p.shape ? `${p.label}: ${p.shape}` : p.label}>
                <Handle type="target" position={Position.Left} id={p.id} className="block-handle" />
                <span>{p.label}</span>
              </div>
            ))}
          </div>
          <div className="block-node-port-col out">
            {data.outputs.map((p) => (
              <div key={p.id} className="block-node-port out" data-stale={p.stale || undefined} title={p.shape ? `${p.label}: ${p.shape}` : p.label}>
                <span>{p.label}</span>
                <Handle type="source" position={Position.Right} id={p.id} className="block-handle" />
              </div>
            ))}
          </div>
        </div>
      )}
      <footer className="block-node-foot">
        <span className="block-node-shape" data-testid={`node-shape-${id}`}>
          {data.result || (data.blocked ? 'waiting for inputs' : '—')}
        </span>
        {data.params && (
          <span className="block-node-params" data-testid={`node-params-${id}`}>
            {data.params}
          </span>
        )}
      </footer>
      {message && (
        <div className="block-node-message" data-testid={`node-error-${id}`}>
          {message}
        </div>
      )}
    </div>
  );
}

/** BlockNode draws from `id`, `data` and `selected` only; a new view that looks the same is no reason to redraw. */
export function sameBlockNodeProps(a: NodeProps<BlockFlowNode>, b: NodeProps<BlockFlowNode>): boolean {
  return a.id === b.id && a.selected === b.selected && sameNodeView(a.data, b.data);
}
