'use client';
import { createContext, useContext } from 'react';
import type { EditorAction, Edit, Selection } from '../../lib/editor/editor-state';
import type { Scope } from '../../lib/editor/scope';
import type { Design } from '../../lib/graph/schema';

/**
 * The editor's commands, stable for the page's life, so memoised nodes can use them without re-rendering on every
 * change (the design and report reach panels as props).
 */
export type EditorActions = {
  dispatch: (a: EditorAction) => void;
  edit: (fn: (design: Design, scope: Scope, selection: Selection) => Edit | null, coalesce?: string) => void;
  openScope: (scope: Scope, select?: string | null) => void;
  /** Shows a node: switches graph, selects it, and centres the view on it. */
  focusNode: (scope: Scope, node: string | null) => void;
};

export const EditorActionsContext = createContext<EditorActions | null>(null);

export function useEditorActions(): EditorActions {
  const v = useContext(EditorActionsContext);
  if (!v) throw new Error('useEditorActions outside <EditorActionsContext>');
  return v;
}
