'use client';
import { useEffect, useRef } from 'react';
import { copySelection, parseClip, pasteClip, type Clip } from '../../lib/editor/clipboard';
import { NO_SELECTION, type ReadyState } from '../../lib/editor/editor-state';
import { removeElements } from '../../lib/editor/ops';
import { getGraph, scopeLevel } from '../../lib/editor/scope';
import type { EditorActions } from './EditorContext';
import { useShortcuts } from './useShortcuts';

/**
 * The editor's keyboard and clipboard. The clip lives in the page (always works) and is mirrored to the system
 * clipboard as JSON when the browser allows, so blocks can travel between tabs; pastes get fresh ids.
 */
export function useEditorKeys(state: ReadyState | null, actions: EditorActions, onError: (message: string) => void): void {
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });
  const clip = useRef<{ clip: Clip; pastes: number } | null>(null);
  const { dispatch, edit } = actions;
  const removeSelection = () => edit((d, s, sel) => (sel.nodes.length || sel.edges.length ? { design: removeElements(d, s, sel.nodes, sel.edges), selection: NO_SELECTION } : null));

  const copy = async (cut: boolean) => {
    const s = latest.current;
    const g = s && getGraph(s.history.present, s.scope);
    if (!s || !g) return;
    const c = copySelection(g, scopeLevel(s.scope), s.selection.nodes);
    if (!c) return;
    clip.current = { clip: c, pastes: 0 };
    if (cut) removeSelection();
    await navigator.clipboard?.writeText(JSON.stringify(c)).catch(() => undefined);
  };

  const paste = async () => {
    const s = latest.current;
    if (!s) return;
    if (!clip.current) {
      const text = await navigator.clipboard?.readText().catch(() => '');
      const c = text ? parseClip(text) : null;
      if (!c) return;
      clip.current = { clip: c, pastes: 0 };
    }
    const c = clip.current.clip;
    // Each paste of one clip lands a step further, so repeated pastes do not pile up.
    const step = 40 * ++clip.current.pastes;
    const trial = pasteClip(s.history.present, s.scope, c, { x: step, y: step });
    if (!trial.ok) return onError(trial.message);
    edit((d, sc) => {
      const r = pasteClip(d, sc, c, { x: step, y: step });
      return r.ok ? { design: r.design, selection: { nodes: r.ids, edges: [] } } : null;
    });
  };

  useShortcuts({
    undo: () => dispatch({ type: 'undo' }),
    redo: () => dispatch({ type: 'redo' }),
    selectAll: () => {
      const s = latest.current;
      const g = s && getGraph(s.history.present, s.scope);
      if (g) dispatch({ type: 'select', selection: { nodes: g.nodes.map((n) => n.id), edges: g.edges.map((e) => e.id) } });
    },
    escape: () => dispatch({ type: 'select', selection: NO_SELECTION }),
    remove: removeSelection,
    copy: () => void copy(false),
    cut: () => void copy(true),
    paste: () => void paste(),
  });
}
