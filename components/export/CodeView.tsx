'use client';
import { useEffect, useRef, useState } from 'react';
import { useTheme } from '../theme';
import type { PreviewFile } from './api';
import { languageOf, loadMonaco, type MonacoApi } from './monaco';

type Editor = ReturnType<MonacoApi['editor']['create']>;
type Model = ReturnType<MonacoApi['editor']['createModel']>;

/**
 * The generated files in a read-only Monaco editor, one model per file (so switching tabs keeps each file's scroll
 * position). Until Monaco has loaded, or if it cannot load, the file is shown as plain text.
 */
export function CodeView({ files, path }: { files: readonly PreviewFile[]; path: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Editor | null>(null);
  const models = useRef(new Map<string, Model>());
  const monacoRef = useRef<MonacoApi | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const theme = useTheme();

  useEffect(() => {
    let live = true;
    const owned = models.current;
    loadMonaco().then(
      (monaco) => {
        if (!live || !host.current) return;
        monacoRef.current = monaco;
        editor.current = monaco.editor.create(host.current, {
          readOnly: true,
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 12.5,
          renderWhitespace: 'none',
          wordWrap: 'off',
          theme: document.documentElement.dataset['theme'] === 'dark' ? 'vs-dark' : 'vs',
        });
        setState('ready');
      },
      () => live && setState('failed'),
    );
    return () => {
      live = false;
      editor.current?.dispose();
      editor.current = null;
      for (const m of owned.values()) m.dispose();
      owned.clear();
    };
  }, []);

  // The files change when the dialog re-exports: drop models whose text is stale.
  useEffect(() => {
    for (const [p, m] of models.current) {
      const f = files.find((x) => x.path === p);
      if (!f || f.contents !== m.getValue()) {
        m.dispose();
        models.current.delete(p);
      }
    }
  }, [files]);

  useEffect(() => {
    const monaco = monacoRef.current;
    if (state !== 'ready' || !monaco || !editor.current) return;
    const file = files.find((f) => f.path === path);
    if (!file) return;
    let model = models.current.get(path);
    if (!model) {
      model = monaco.editor.createModel(file.contents, languageOf(path), monaco.Uri.parse(`file:///project/${encodeURI(path)}`));
      models.current.set(path, model);
    }
    editor.current.setModel(model);
  }, [state, files, path]);

  useEffect(() => {
    if (state === 'ready') monacoRef.current?.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme, state]);

  const file = files.find((f) => f.path === path);
  return (
    <div className="export-code" data-testid="export-code" data-path={path} data-state={state}>
      <div ref={host} className="export-monaco" hidden={state !== 'ready'} />
      {state !== 'ready' && (
        <pre className="export-fallback" aria-busy={state === 'loading'}>
          {state === 'failed' ? '(The code editor could not load; showing plain text.)\n\n' : ''}
          {file?.contents ?? ''}
        </pre>
      )}
    </div>
  );
}
