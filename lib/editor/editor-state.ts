import type { Design } from '../graph/schema';
import { createHistory, historyReducer, type History } from './history';
import { getGraph, sameScope, validScope, type Scope, TRAINING } from './scope';

export type Selection = { readonly nodes: readonly string[]; readonly edges: readonly string[] };
export const NO_SELECTION: Selection = { nodes: [], edges: [] };

/** The editor: one state union and a pure reducer (STYLE rule 8). Effects (saving, focusing) read it from outside. */
export type EditorState =
  | { phase: 'loading' }
  | {
      phase: 'ready';
      /** The saved-designs record this design lives in. */
      docId: string;
      history: History<Design>;
      scope: Scope;
      selection: Selection;
    };

export type EditorAction =
  | { type: 'open'; docId: string; design: Design; scope?: Scope }
  | { type: 'commit'; design: Design; selection?: Selection; coalesce?: string }
  /** A pure edit of the present design, so that quick successive edits never read a stale one. */
  | { type: 'edit'; edit: (design: Design, scope: Scope, selection: Selection) => Edit | null; coalesce?: string }
  | { type: 'seal' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'scope'; scope: Scope; select?: string | null }
  | { type: 'select'; selection: Selection };

export type Edit = { design: Design; selection?: Selection };

export type ReadyState = Extract<EditorState, { phase: 'ready' }>;

export const initialEditorState: EditorState = { phase: 'loading' };

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  if (action.type === 'open') {
    const scope = validScope(action.design, action.scope ?? TRAINING);
    return { phase: 'ready', docId: action.docId, history: createHistory(action.design), scope, selection: NO_SELECTION };
  }
  if (state.phase !== 'ready') return state;
  switch (action.type) {
    case 'commit': {
      const history = historyReducer(state.history, { type: 'commit', value: action.design, ...(action.coalesce ? { coalesce: action.coalesce } : {}) });
      const selection = action.selection ?? state.selection;
      if (history === state.history && selection === state.selection) return state;
      return settle({ ...state, history, selection });
    }
    case 'edit': {
      const r = action.edit(state.history.present, state.scope, state.selection);
      if (!r) return state;
      return editorReducer(state, { type: 'commit', design: r.design, ...(r.selection ? { selection: r.selection } : {}), ...(action.coalesce ? { coalesce: action.coalesce } : {}) });
    }
    case 'seal': {
      const history = historyReducer(state.history, action);
      return history === state.history ? state : { ...state, history };
    }
    case 'undo':
    case 'redo': {
      const history = historyReducer(state.history, action);
      return history === state.history ? state : settle({ ...state, history });
    }
    case 'scope': {
      const scope = validScope(state.history.present, action.scope);
      const selection = action.select ? { nodes: [action.select], edges: [] } : NO_SELECTION;
      if (sameScope(scope, state.scope) && !action.select) return state;
      return { ...state, scope, selection };
    }
    case 'select':
      return sameSelection(action.selection, state.selection) ? state : { ...state, selection: action.selection };
  }
}

/** After the design changes under it: the open network may be gone (undo of "add network"), selected ids too. */
function settle(state: ReadyState): ReadyState {
  const design = state.history.present;
  const scope = validScope(design, state.scope);
  const graph = getGraph(design, scope);
  const keptNodes = kept(state.selection.nodes, graph?.nodes ?? []);
  const keptEdges = kept(state.selection.edges, graph?.edges ?? []);
  const selection =
    keptNodes.length === state.selection.nodes.length && keptEdges.length === state.selection.edges.length ? state.selection : { nodes: keptNodes, edges: keptEdges };
  return scope === state.scope && selection === state.selection ? state : { ...state, scope, selection };
}

/**
 * The selected ids still in the graph. Runs on every commit (every keystroke in a field): a selection of a few is
 * looked up directly rather than indexing the whole graph first.
 */
function kept(selected: readonly string[], items: readonly { id: string }[]): readonly string[] {
  if (selected.length === 0) return selected;
  if (selected.length <= 8) return selected.filter((id) => items.some((x) => x.id === id));
  const ids = new Set(items.map((x) => x.id));
  return selected.filter((id) => ids.has(id));
}

function sameSelection(a: Selection, b: Selection): boolean {
  return a.nodes.length === b.nodes.length && a.edges.length === b.edges.length && a.nodes.every((id, i) => b.nodes[i] === id) && a.edges.every((id, i) => b.edges[i] === id);
}
