import { describe, expect, it } from 'vitest';
import { editorReducer, initialEditorState, type EditorAction, type EditorState, type ReadyState } from '../../../lib/editor/editor-state';
import { addNetwork, addNode, emptyDesign } from '../../../lib/editor/ops';
import { net, preset, TRAIN } from './helpers';

const ready = (s: EditorState): ReadyState => {
  if (s.phase !== 'ready') throw new Error('not ready');
  return s;
};
const run = (s: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, s);
const opened = () => run(initialEditorState, { type: 'open', docId: 'd1', design: preset() });

describe('editor reducer', () => {
  it('ignores edits while loading', () => {
    expect(run(initialEditorState, { type: 'undo' })).toBe(initialEditorState);
  });

  it('opens a design at the saved scope, or at the training graph when that network is gone', () => {
    expect(ready(run(initialEditorState, { type: 'open', docId: 'x', design: preset(), scope: net('G') })).scope).toEqual(net('G'));
    expect(ready(run(initialEditorState, { type: 'open', docId: 'x', design: preset(), scope: net('nope') })).scope).toEqual(TRAIN);
  });

  it('applies edits to the present design and selects what they return', () => {
    const s = ready(
      run(opened(), {
        type: 'edit',
        edit: (d, sc) => {
          const r = addNode(d, sc, 'noise', { x: 1, y: 2 });
          return { design: r.design, selection: { nodes: [r.id], edges: [] } };
        },
      }),
    );
    expect(s.selection.nodes).toEqual(['noise']);
    expect(s.history.past).toHaveLength(1);
  });

  it('leaves a network that undo removed, and drops selected ids that no longer exist', () => {
    let s = ready(run(initialEditorState, { type: 'open', docId: 'x', design: emptyDesign() }));
    s = ready(run(s, { type: 'commit', design: addNetwork(s.history.present, 'G') }, { type: 'scope', scope: net('G') }));
    s = ready(run(s, { type: 'edit', edit: (d, sc) => {
      const r = addNode(d, sc, 'dense', { x: 0, y: 0 });
      return { design: r.design, selection: { nodes: [r.id], edges: [] } };
    } }));
    expect(s.scope).toEqual(net('G'));
    s = ready(run(s, { type: 'undo' }));
    expect(s.selection.nodes).toEqual([]);
    s = ready(run(s, { type: 'undo' }));
    expect(s.scope).toEqual(TRAIN);
    s = ready(run(s, { type: 'redo' }));
    expect(s.history.present.networks.map((n) => n.id)).toEqual(['G']);
  });

  it('an edit that returns null changes nothing', () => {
    const s = opened();
    expect(run(s, { type: 'edit', edit: () => null })).toBe(s);
  });
});
