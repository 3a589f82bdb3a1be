/**
 * Undo history as a pure reducer over immutable values (STYLE rule 8): the editor commits whole design documents,
 * so undo is swapping references, never replaying operations. `coalesce` merges a run of commits with the same key
 * (typing digits into one field, dragging a slider) into one entry; `seal` ends the run.
 */
export type History<T> = {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
  /** Key of the last commit while it may still absorb the next one with the same key. */
  readonly coalesce: string | null;
};

export type HistoryAction<T> =
  | { type: 'commit'; value: T; coalesce?: string }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'seal' }
  | { type: 'reset'; value: T };

export const HISTORY_LIMIT = 200;

export function createHistory<T>(value: T): History<T> {
  return { past: [], present: value, future: [], coalesce: null };
}

export function historyReducer<T>(h: History<T>, action: HistoryAction<T>, limit = HISTORY_LIMIT): History<T> {
  switch (action.type) {
    case 'commit': {
      if (action.value === h.present) return h;
      const key = action.coalesce ?? null;
      if (key !== null && key === h.coalesce) return { ...h, present: action.value, future: [] };
      const past = [...h.past, h.present];
      return { past: past.length > limit ? past.slice(past.length - limit) : past, present: action.value, future: [], coalesce: key };
    }
    case 'undo': {
      const prev = h.past[h.past.length - 1];
      if (h.past.length === 0 || prev === undefined) return h;
      return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future], coalesce: null };
    }
    case 'redo': {
      const next = h.future[0];
      if (h.future.length === 0 || next === undefined) return h;
      return { past: [...h.past, h.present], present: next, future: h.future.slice(1), coalesce: null };
    }
    case 'seal':
      return h.coalesce === null ? h : { ...h, coalesce: null };
    case 'reset':
      return createHistory(action.value);
  }
}

export const canUndo = (h: History<unknown>): boolean => h.past.length > 0;
export const canRedo = (h: History<unknown>): boolean => h.future.length > 0;
