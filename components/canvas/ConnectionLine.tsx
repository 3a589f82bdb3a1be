'use client';
import { createContext, useContext } from 'react';
import { createPortal } from 'react-dom';
import { getBezierPath, useReactFlow, type ConnectionLineComponentProps } from '@xyflow/react';
import type { Connection } from '../../lib/editor/ops';
import type { BlockFlowNode } from './types';

/** Why a connection would be refused (null when it is fine); the canvas provides it for the current design. */
export const ExplainConnection = createContext<(c: Connection) => string | null>(() => null);

/** The line drawn while connecting; over a port that would be refused, it turns red and says why, at the cursor. */
export function ConnectionLine({ fromX, fromY, toX, toY, fromPosition, toPosition, connectionStatus, fromHandle, toHandle, fromNode, toNode }: ConnectionLineComponentProps<BlockFlowNode>) {
  const explain = useContext(ExplainConnection);
  const flow = useReactFlow();
  const [path] = getBezierPath({ sourceX: fromX, sourceY: fromY, sourcePosition: fromPosition, targetX: toX, targetY: toY, targetPosition: toPosition });
  let reason: string | null = null;
  if (connectionStatus === 'invalid' && toHandle?.id && fromHandle.id && toNode) {
    const fromSource = fromHandle.type === 'source';
    reason = explain({
      source: fromSource ? fromNode.id : toNode.id,
      sourceHandle: fromSource ? fromHandle.id : toHandle.id,
      target: fromSource ? toNode.id : fromNode.id,
      targetHandle: fromSource ? toHandle.id : fromHandle.id,
    });
  }
  // The hint lives in the page, not the SVG, so it is never clipped by the canvas and flips left near the edge.
  const at = reason ? flow.flowToScreenPosition({ x: toX, y: toY }) : null;
  const left = at && at.x + 330 > window.innerWidth;
  return (
    <g className="connection-line" data-status={connectionStatus ?? 'none'}>
      <path d={path} fill="none" />
      <circle cx={toX} cy={toY} r={3.5} />
      {reason &&
        at &&
        createPortal(
          <div className="connection-reason" data-testid="connection-reason" style={left ? { right: window.innerWidth - at.x + 14, top: at.y + 12 } : { left: at.x + 14, top: at.y + 12 }}>
            {reason}
          </div>,
          document.body,
        )}
    </g>
  );
}
