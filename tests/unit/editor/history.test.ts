import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, createHistory, historyReducer, type History, type HistoryAction } from '../../../lib/editor/history';

const run = (actions: HistoryAction<number>[], limit?: number, start = 0): History<number> =>
  actions.reduce((h, a) => historyReducer(h, a, limit), createHistory(start));
const commit = (value: number, coalesce?: string): HistoryAction<number> => ({ type: 'commit', value, ...(coalesce ? { coalesce } : {}) });

describe('history reducer', () => {
  it.each([
    { name: 'commits push the present into the past', actions: [commit(1), commit(2)], present: 2, past: [0, 1], future: [] },
    { name: 'undo steps back and keeps a future', actions: [commit(1), commit(2), { type: 'undo' }], present: 1, past: [0], future: [2] },
    { name: 'redo steps forward again', actions: [commit(1), commit(2), { type: 'undo' }, { type: 'undo' }, { type: 'redo' }], present: 1, past: [0], future: [2] },
    { name: 'a commit after undo drops the future', actions: [commit(1), commit(2), { type: 'undo' }, commit(9)], present: 9, past: [0, 1], future: [] },
    { name: 'undo with no past does nothing', actions: [{ type: 'undo' }], present: 0, past: [], future: [] },
    { name: 'redo with no future does nothing', actions: [commit(1), { type: 'redo' }], present: 1, past: [0], future: [] },
    { name: 'commits with one coalesce key make one entry', actions: [commit(1, 'units'), commit(12, 'units'), commit(128, 'units')], present: 128, past: [0], future: [] },
    { name: 'a different key starts a new entry', actions: [commit(1, 'a'), commit(2, 'b')], present: 2, past: [0, 1], future: [] },
    { name: 'seal ends a run', actions: [commit(1, 'a'), { type: 'seal' }, commit(2, 'a')], present: 2, past: [0, 1], future: [] },
    { name: 'undo ends a run', actions: [commit(1, 'a'), { type: 'undo' }, commit(2, 'a')], present: 2, past: [0], future: [] },
    { name: 'reset forgets everything', actions: [commit(1), commit(2), { type: 'reset', value: 7 }], present: 7, past: [], future: [] },
  ] as { name: string; actions: HistoryAction<number>[]; present: number; past: number[]; future: number[] }[])('$name', ({ actions, present, past, future }) => {
    const h = run(actions);
    expect({ present: h.present, past: h.past, future: h.future }).toEqual({ present, past, future });
  });

  it('keeps at most `limit` past entries, dropping the oldest', () => {
    const h = run(Array.from({ length: 10 }, (_, i) => commit(i + 1)), 3);
    expect(h.past).toEqual([7, 8, 9]);
    expect(h.present).toBe(10);
    const undone = [1, 2, 3, 4].reduce((x) => historyReducer(x, { type: 'undo' }, 3), h);
    expect(undone.present).toBe(7);
    expect(canUndo(undone)).toBe(false);
    expect(canRedo(undone)).toBe(true);
  });

  it('returns the same object when nothing changes (React can skip the render)', () => {
    const h = createHistory({ a: 1 });
    expect(historyReducer(h, { type: 'commit', value: h.present })).toBe(h);
    expect(historyReducer(h, { type: 'undo' })).toBe(h);
    expect(historyReducer(h, { type: 'seal' })).toBe(h);
  });
});
