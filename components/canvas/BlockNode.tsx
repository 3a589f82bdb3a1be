'use client';
import { memo, useLayoutEffect, useRef, type PointerEvent } from 'react';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import type { NodeView, PortView } from '../../lib/editor/flow';
import { useEditorActions } from '../editor/EditorContext';
import { setAttr, setText, useCanvasViews, useNodeFrame, useViewText, type CanvasViews } from './canvas-views';
import type { BlockFlowNode } from './types';

/**
 * A block on the canvas: title and id, its main params, ports with their names, what it outputs (shapes) and how
 * many weights it has; red with the validator's message when it is in error. Memoised in nodeTypes (STYLE rule 10).
 * The frame re-renders when the block's title, ports or problem change; the shapes and the weight count are written
 * into the footer as they change (canvas-views.ts), so an edit upstream rewrites two text nodes per block.
 */
export function BlockNode({ id, selected }: NodeProps<BlockFlowNode>) {
  const { openScope } = useEditorActions();
  const data = useNodeFrame(id);
  usePortsMeasured(id, data ? portKey(data.inputs) + '|' + portKey(data.outputs) : '');
  // Only between a block leaving the graph and React Flow dropping it.
  if (!data) return <div className="block-node" data-state="blocked" />;
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
            {data.inputs.map((p, i) => (
              <Port key={p.id} node={id} side="inputs" index={i} port={p} />
            ))}
          </div>
          <div className="block-node-port-col out">
            {data.outputs.map((p, i) => (
              <Port key={p.id} node={id} side="outputs" index={i} port={p} />
            ))}
          </div>
        </div>
      )}
      <Footer id={id} />
      {message && (
        <div className="block-node-message" data-testid={`node-error-${id}`}>
          {message}
        </div>
      )}
    </div>
  );
}

/**
 * A port: its handle and its name. The shape it carries is the tooltip, looked up when the pointer comes over it:
 * a title kept current would be rewritten on every port below each edit, for a tooltip nobody is looking at. (The
 * title is only ever set here, never in the JSX, so React and this never disagree about it. Keyboard and screen
 * reader users get every port's shape in the inspector.)
 */
const Port = memo(function Port({ node, side, index, port }: { node: string; side: 'inputs' | 'outputs'; index: number; port: PortView }) {
  const views = useCanvasViews();
  const input = side === 'inputs';
  const describe = (e: PointerEvent<HTMLElement>) => {
    const shape = views.nodes.get(node)?.[side][index]?.shape;
    e.currentTarget.title = shape ? `${port.label}: ${shape}` : port.label;
  };
  return (
    <div className={`block-node-port ${input ? 'in' : 'out'}`} data-stale={port.stale || undefined} onPointerEnter={describe}>
      {input && <Handle type="target" position={Position.Left} id={port.id} className="block-handle" />}
      <span>{port.label}</span>
      {!input && <Handle type="source" position={Position.Right} id={port.id} className="block-handle" />}
    </div>
  );
});

/** The footer's shapes and weight count, written as they change (canvas-views.ts says why not by React). */
const writeResult = (el: HTMLElement, v: NodeView | undefined) => setText(el, v?.result || (v?.blocked ? 'waiting for inputs' : '—'));
const writeParams = (el: HTMLElement, v: NodeView | undefined) => {
  setText(el, v?.params ?? '');
  setAttr(el, 'hidden', v?.params ? null : '');
};
const nodes = (c: CanvasViews) => c.nodes;

function Footer({ id }: { id: string }) {
  const result = useViewText(nodes, id, writeResult);
  const params = useViewText(nodes, id, writeParams);
  return (
    <footer className="block-node-foot">
      <span ref={result} className="block-node-shape" data-testid={`node-shape-${id}`} />
      <span ref={params} className="block-node-params" data-testid={`node-params-${id}`} />
    </footer>
  );
}

const portKey = (ports: readonly { id: string }[]) => ports.map((p) => p.id).join(',');

/**
 * React Flow measures where a block's handles are when the block mounts or resizes; a port added or removed without
 * a resize (a network's inputs renamed) would leave edges pointing at the old spots, so say when the ports change.
 */
function usePortsMeasured(id: string, ports: string) {
  const update = useUpdateNodeInternals();
  const last = useRef(ports);
  useLayoutEffect(() => {
    if (last.current === ports) return;
    last.current = ports;
    update(id);
  }, [id, ports, update]);
}
