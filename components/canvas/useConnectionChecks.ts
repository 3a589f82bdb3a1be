'use client';
import { useCallback, useLayoutEffect, useRef } from 'react';
import type { Connection as FlowConnection, OnConnectEnd } from '@xyflow/react';
import { checkConnection, type ConnectionVerdict } from '../../lib/editor/connect';
import { connect, type Connection } from '../../lib/editor/ops';
import type { Scope } from '../../lib/editor/scope';
import type { Design } from '../../lib/graph/schema';
import type { DesignReport } from '../../lib/validate';
import { useEditorActions } from '../editor/EditorContext';
import type { ShapeFlowEdge } from './types';

type XY = { x: number; y: number };

const toConnection = (c: FlowConnection | ShapeFlowEdge): Connection | null =>
  c.sourceHandle && c.targetHandle ? { source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: c.targetHandle } : null;

/**
 * Connecting as the validator sees it: React Flow asks `isValidConnection` for every port the cursor passes, the
 * connection line asks `explain` why not, and a drop on a refused port reports the reason at the cursor. Each check
 * validates the would-be design (a few ms), cached per design so hovering stays cheap.
 *
 * The callbacks keep their identity across edits and read the current design from a ref: React Flow copies each
 * callback that changes into its store, and every copy re-runs the selectors of all the graph's nodes.
 */
export function useConnectionChecks(design: Design, scope: Scope, report: DesignReport, onRefused: (message: string, at: XY) => void) {
  const { edit } = useEditorActions();
  const current = useRef({ design, scope, report, onRefused });
  useLayoutEffect(() => {
    current.current = { design, scope, report, onRefused };
  }, [design, scope, report, onRefused]);
  const cache = useRef<{ design: Design | null; map: Map<string, ConnectionVerdict> }>({ design: null, map: new Map() });
  const verdict = useCallback((c: Connection) => {
    const { design, scope, report } = current.current;
    if (cache.current.design !== design) cache.current = { design, map: new Map() };
    const key = `${c.source}\0${c.sourceHandle}\0${c.target}\0${c.targetHandle}`;
    let v = cache.current.map.get(key);
    if (!v) {
      v = checkConnection(design, scope, c, report);
      cache.current.map.set(key, v);
    }
    return v;
  }, []);

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
      if (!v.ok && point) current.current.onRefused(v.message, { x: point.clientX, y: point.clientY });
    },
    [verdict],
  );

  return { isValidConnection, explain, onConnect, onConnectEnd };
}
