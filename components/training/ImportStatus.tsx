import type { Skipped } from '../../lib/data/image-folder';

export type ImportState = { busy: boolean; summary: string | null; skipped: Skipped[] };

/** An image import's progress, its summary, and the files it skipped with their reasons (the first 50). */
export function ImportStatus({ state }: { state: ImportState }) {
  return (
    <>
      {state.busy && <span role="status">reading…</span>}
      {state.summary && <span role="status">{state.summary}</span>}
      {state.skipped.length > 0 && (
        <details>
          <summary>skipped files</summary>
          <ul>
            {state.skipped.slice(0, 50).map((s) => (
              <li key={s.path}>
                {s.path}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
