import { describe, expect, it } from 'vitest';
import { editorReducer, initialEditorState, type EditorState } from '../../../lib/editor/editor-state';
import { designToJson, readDesignFile, type FileResult } from '../../../lib/share/design-file';
import { embedDesignInPng } from '../../../lib/share/png-chunk';
import { preset } from './helpers';

const enc = (s: string) => new TextEncoder().encode(s);
const PNG_1x1 = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

/** What the studio does with a file: open it when it parses, and otherwise leave the editor exactly as it was. */
function importInto(state: EditorState, r: FileResult): EditorState {
  return r.ok ? editorReducer(state, { type: 'open', docId: 'imported', design: r.design }) : state;
}

describe('import of design files', () => {
  const good = preset('dcgan-mnist');
  const open = editorReducer(initialEditorState, { type: 'open', docId: 'd1', design: preset('gan-mlp-mnist') });

  it('export then import gives an identical document, byte for byte on export again', () => {
    const text = designToJson(good);
    const r = readDesignFile('x.gan.json', enc(text));
    expect(r).toEqual({ ok: true, design: good });
    if (r.ok) expect(designToJson(r.design)).toBe(text);
  });

  it('opens the design inside a PNG', () => {
    const r = readDesignFile('x.png', embedDesignInPng(PNG_1x1, JSON.stringify(good)));
    expect(r).toEqual({ ok: true, design: good });
  });

  it.each([
    { name: 'not JSON', file: 'notes.gan.json', bytes: enc('{ this is not json'), message: /not valid JSON/ },
    { name: 'binary junk', file: 'a.bin', bytes: Uint8Array.of(0xff, 0xfe, 0x00, 0x81), message: /not a text file|not valid JSON/ },
    { name: 'a newer version', file: 'new.gan.json', bytes: enc(JSON.stringify({ ...good, version: 7 })), message: /version 7.*newer/ },
    { name: 'an invalid design', file: 'bad.gan.json', bytes: enc(JSON.stringify({ ...good, networks: [{ id: '1G', nodes: [], edges: [] }] })), message: /not a valid design: networks\[0\]\.id/ },
    { name: 'JSON that is not a design', file: 'list.json', bytes: enc('[1,2,3]'), message: /a design is a JSON object/ },
    { name: 'too large', file: 'huge.gan.json', bytes: new Uint8Array(6 * 1024 * 1024).fill(32), message: /6\.0 MB.*at most 5 MB/ },
    { name: 'a PNG without a design', file: 'cat.png', bytes: PNG_1x1, message: /no GAN Studio design/ },
  ])('$name → a clear message, and the editor is unchanged', ({ file, bytes, message }) => {
    const r = readDesignFile(file, bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(new RegExp(`^Could not open “${file.replace('.', '\\.')}”: `));
    if (!r.ok) expect(r.message).toMatch(message);
    expect(importInto(open, r)).toBe(open);
  });
});
