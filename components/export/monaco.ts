'use client';
import type * as Monaco from 'monaco-editor/editor/editor.api';

export type MonacoApi = typeof Monaco;

let loading: Promise<MonacoApi> | null = null;

/**
 * Monaco, self-hosted: the editor API and the syntax colouring of TypeScript, Python and Markdown, imported from
 * node_modules/monaco-editor on first use, so the page loads none of it until the export dialog opens. The only worker
 * is the editor worker, bundled from ./monaco.worker.ts; the TypeScript and JSON language services (and their workers)
 * are left out on purpose: in a read-only preview their diagnostics would only flag packages this browser does not
 * have (@tensorflow/tfjs, node:fs).
 */
export function loadMonaco(): Promise<MonacoApi> {
  loading ??= (async () => {
    (globalThis as { MonacoEnvironment?: object }).MonacoEnvironment = {
      getWorker: () => new Worker(new URL('./monaco.worker.ts', import.meta.url), { type: 'module', name: 'monaco-editor' }),
    };
    const monaco = await import('monaco-editor/editor/editor.api');
    await Promise.all([
      import('monaco-editor/languages/definitions/typescript/register'),
      import('monaco-editor/languages/definitions/markdown/register'),
      import('monaco-editor/languages/definitions/javascript/register'),
      import('monaco-editor/languages/definitions/python/register'),
    ]);
    return monaco;
  })();
  loading.catch(() => (loading = null));
  return loading;
}

/**
 * The Monaco language for a project file: JSON is coloured as JavaScript (no JSON worker is loaded); requirements.txt
 * and the rest stay plain text.
 */
export function languageOf(path: string): string {
  if (path.endsWith('.ts')) return 'typescript';
  if (path.endsWith('.py')) return 'python';
  if (path.endsWith('.md')) return 'markdown';
  if (path.endsWith('.json')) return 'javascript';
  return 'plaintext';
}
