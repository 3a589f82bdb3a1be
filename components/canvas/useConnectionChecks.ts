'use client';
import { useCallback, useRef } from 'react';
import type { Connection as FlowConnection, OnConnectEnd } from '@xyflow/react';
import { checkConnection, type ConnectionVerdict } from '../../lib/editor/connect';
import { connect, type Connection } from '../../lib/editor/ops';
import type { Scope } from '../../lib/editor/scope';
import type { Design } from '../../lib/graph/schema';
import type { DesignReport } from '../../lib/shapes';
import { useEditorActions } from '../editor/EditorContext';
import type { ShapeFlowEdge } from './types';

type XY = { x: number; y: number };

const toConnection = (c: FlowConnection | ShapeFlowEdge): Connection | null =>
  c.sourceHandle && c.targetHandle ? { source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: c.targetHandle } : null;

/**
 * Connecting as the validator sees it: React Flow asks `isValidConnection` for every port the cursor passes, the
 * connection line asks `explain` why not, and a drop on a refused port reports the reason at the cursor. Each check
 * validates the would-be design (a few ms), cached per design so hovering stays cheap.
 */
export function useConnectionChecks(design: Design, scope: Scope, report: DesignReport, onRefused: (message: string, at: XY) => void) {
  const { edit } = useEditorActions();
  const cache = useRef<{ design: Design | null; map: Map<string, ConnectionVerdict> }>({ design: null, map: new Map() });
  const verdict = useCallback(
    (c: Connection) => {
      if (cache.current.design !== design) cache.current = { design, map: new Map() };
      const key = `${c.source}\0${c.sourceHandle}\0${c.target}\0${c.targetHandle}`;
      let v = cache.current.map.get(key);
      if (!v) {
        v = checkConnection(design, scope, c, report);
        cache.current.map.set(key, v);
      }
      return v;
    },
    [design, scope, report],
  );

  const isValidConnection = useCallback((c: FlowConnection | ShapeFlowEdge) => {
    const conn = toConnection(c);
    return conn !== null && verdict(conn).ok;
  }, [verdict]);

  const explain = useCallback((c: Connection) => {
    const v = verdict(c);
    return v.ok ? null : v.message;
  }, [verdict]);

  const onConnect = useCallback(
    (c: FlowConnection) => {
      const conn = toConnection(c);
      if (conn && verdict(conn).ok) edit((d, s) => ({ design: connect(d, s, conn) }));
    },
    [verdict, edit],
  );

  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      if (state.isValid !== false || !state.toHandle?.id || !state.fromHandle?.id || !state.toNode || !state.fromNode) return;
      const fromSource = state.fromHandle.type === 'source';
      const v = verdict({
        source: fromSource ? state.fromNode.id : state.toNode.id,
        sourceHandle: fromSource ? state.fromHandle.id : state.toHandle.id,
        target: fromSource ? state.toNode.id : state.fromNode.id,
        targetHandle: fromSource ? state.toHandle.id : state.fromHandle.id,
      });
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!v.ok && point) onRefused(v.message, { x: point.clientX, y: point.clientY });
    },
    [verdict, onRefused],
  );

  return { isValidConnection, explain, onConnect, onConnectEnd };
}
