'use client';
import { memo, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ExportTarget } from '../../lib/codegen/export-target';
import { plural } from '../../lib/editor/format';
import type { Design } from '../../lib/graph/schema';
import { Dialog, whileClosed } from '../dialogs/Dialog';
import { download } from '../files/download';
import { fetchPreview, fetchZip, type Preview, type TrainedWeights } from './api';
import { CodeView } from './CodeView';
import { foldersOf, treeKey, treeRows, type TreeRow } from './file-tree';
import './export.css';

/** Files a reader opens first (the TypeScript project's, then the PyTorch project's); the rest follow in path order. */
const FIRST = [
  'README.md',
  'src/models.ts', 'src/graph.ts', 'src/config.ts', 'src/train.ts', 'src/trainer.ts', 'src/losses.ts', 'src/data.ts', 'src/sample.ts', 'src/eval.ts', 'package.json',
  'models.py', 'graph.py', 'train.py', 'losses.py', 'data.py', 'sample.py', 'images.py', 'export_weights.py', 'requirements.txt',
];
const rank = (p: string) => {
  const i = FIRST.indexOf(p);
  return i < 0 ? FIRST.length : i;
};

type Load = { phase: 'loading' } | { phase: 'ready'; preview: Preview } | { phase: 'failed'; message: string };
type Request = { design: Design; weights: TrainedWeights | null; target: ExportTarget };

/** The targets the dialog offers, each with the file it opens on. */
const TARGETS: readonly { id: ExportTarget; label: string; first: string }[] = [
  { id: 'typescript', label: 'TypeScript (Node, tfjs)', first: 'src/models.ts' },
  { id: 'pytorch', label: 'PyTorch (torchrun, DDP)', first: 'models.py' },
];
const FIRST_FILE = Object.fromEntries(TARGETS.map((t) => [t.id, t.first])) as Record<ExportTarget, string>;
/** The tree opens with the folders of the files each target opens on expanded, every other folder closed. */
const OPEN_FOLDERS: ReadonlySet<string> = new Set(TARGETS.flatMap((t) => foldersOf(t.first)));

/**
 * The export dialog: the standalone project generated for the design (by POST /api/export?target=…&preview=1) for
 * the chosen target, TypeScript or PyTorch; every file in a tab shown in Monaco, and a button that downloads the same
 * project as a zip.
 */
export const ExportDialog = memo(function ExportDialog({ design, open, onClose, weights: trained = null }: { design: Design; open: boolean; onClose: () => void; weights?: TrainedWeights | null }) {
  // Trained weights travel by default; a checkpoint from before the design changed no longer fits (the server says
  // so), and the user can leave it out rather than lose the export.
  const [withWeights, setWithWeights] = useState(true);
  const weights = withWeights ? trained : null;
  const [target, setTarget] = useState<ExportTarget>('typescript');
  const targetName = useId();
  // The preview answers one request (design + weights + target); while the latest request has no answer yet, it is loading.
  const request = useMemo<Request | null>(() => (open ? { design, weights, target } : null), [open, design, weights, target]);
  const [answer, setAnswer] = useState<{ request: Request; load: Load } | null>(null);
  const load = useMemo<Load>(() => (answer && answer.request === request ? answer.load : { phase: 'loading' }), [answer, request]);
  // The open file, per target: switching target and back returns to the file that was open.
  const [paths, setPaths] = useState(FIRST_FILE);
  const path = paths[target];
  const setPath = (p: string) => setPaths((old) => ({ ...old, [target]: p }));
  const [zip, setZip] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [expanded, setExpanded] = useState(OPEN_FOLDERS);
  const [focused, setFocused] = useState<string | null>(null);
  const tree = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!request) return;
    const abort = new AbortController();
    fetchPreview(request.design, request.weights, request.target, abort.signal).then(
      (preview) => setAnswer({ request, load: { phase: 'ready', preview } }),
      (e: unknown) => !abort.signal.aborted && setAnswer({ request, load: { phase: 'failed', message: e instanceof Error ? e.message : String(e) } }),
    );
    return () => abort.abort();
  }, [request]);

  const files = useMemo(() => {
    if (load.phase !== 'ready') return [];
    return [...load.preview.files].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
  }, [load]);
  const shown = files.some((f) => f.path === path) ? path : (files[0]?.path ?? path);
  const rows = useMemo(() => treeRows(files.map((f) => f.path), expanded), [files, expanded]);
  // One row is in the tab order (the tree is one stop; arrows move within it): the last one focused, else the open file.
  const tabStop = [focused, shown].find((p) => rows.some((r) => r.path === p)) ?? rows[0]?.path;

  const toggle = (folder: string, open: boolean) =>
    setExpanded((old) => {
      const next = new Set(old);
      if (open) next.add(folder);
      else next.delete(folder);
      return next;
    });
  const activate = (r: TreeRow) => (r.kind === 'folder' ? toggle(r.path, !r.expanded) : setPath(r.path));
  const focusRow = (p: string) => {
    setFocused(p);
    tree.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(p)}"]`)?.focus();
  };
  const onTreeKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const at = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]')?.dataset['path'];
    const row = rows.find((r) => r.path === at);
    if (!row) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(row);
      return;
    }
    const action = treeKey(rows, row.path, e.key);
    if (!action) return;
    e.preventDefault();
    if ('focus' in action) focusRow(action.focus);
    else if ('expand' in action) toggle(action.expand, true);
    else toggle(action.collapse, false);
  };

  const downloadZip = async () => {
    if (zip.busy) return;
    setZip({ busy: true, error: null });
    try {
      const { name, bytes } = await fetchZip(design, weights, target);
      download(name, bytes, 'application/zip');
      setZip({ busy: false, error: null });
    } catch (e) {
      setZip({ busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <Dialog open={open} title="Export project" onClose={onClose} wide>
      <fieldset className="export-targets">
        <legend className="small muted">Target</legend>
        {TARGETS.map((t) => (
          <label key={t.id} className={`export-target${t.id === target ? ' active' : ''}`}>
            <input type="radio" name={targetName} value={t.id} checked={t.id === target} onChange={() => setTarget(t.id)} />
            {t.label}
          </label>
        ))}
      </fieldset>
      {target === 'typescript' ? (
        <p className="muted small dialog-lead export-lead">
          A standalone Node project that trains this design the way the browser does — same layers, losses and random draws — on tfjs-node-gpu, tfjs-node, WebGPU, wasm or the CPU.
          Unzip it, then <code>npm install</code> and <code>npm run train</code>.
        </p>
      ) : (
        <p className="muted small dialog-lead export-lead">
          A PyTorch project: the networks as <code>nn.Module</code>s in models.py, the losses, optimizers and schedule in graph.py, and a train.py that runs on one process or on
          several with DistributedDataParallel (MNIST&apos;s files come with it when the design reads MNIST). Unzip it, then <code>pip install -r requirements.txt</code> and{' '}
          <code>python train.py --steps 100</code>; on N GPUs, <code>torchrun --nproc_per_node=N train.py</code>.
        </p>
      )}
      {trained && (
        <label className="small export-weights">
          <input type="checkbox" checked={withWeights} onChange={(e) => setWithWeights(e.target.checked)} /> Start from the weights trained here (step {trained.step})
        </label>
      )}
      {load.phase === 'loading' && (
        <p className="small" role="status">
          Generating the project…
        </p>
      )}
      {load.phase === 'failed' && (
        <p className="small export-error" role="alert">
          {load.message}
        </p>
      )}
      {load.phase === 'ready' && (
        <div className="export-body">
          <ul className="export-tree" role="tree" aria-label="Project files" ref={tree} onKeyDown={onTreeKey}>
            {rows.map((r) => (
              <li
                key={r.path}
                role="treeitem"
                data-path={r.path}
                aria-level={r.level}
                aria-setsize={r.setSize}
                aria-posinset={r.posInSet}
                aria-expanded={r.kind === 'folder' ? r.expanded : undefined}
                aria-selected={r.kind === 'file' ? r.path === shown : undefined}
                tabIndex={r.path === tabStop ? 0 : -1}
                className={`export-row ${r.kind}`}
                style={{ paddingLeft: 6 + (r.level - 1) * 14 }}
                title={r.path}
                onClick={() => {
                  setFocused(r.path);
                  activate(r);
                }}
              >
                {r.kind === 'folder' ? (
                  <svg className="export-chevron" viewBox="0 0 12 12" width="12" height="12" aria-hidden>
                    <path d="M4 2.5 7.5 6 4 9.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                ) : (
                  <span className="export-chevron" aria-hidden />
                )}
                <span className="export-row-name">{r.name}</span>
              </li>
            ))}
          </ul>
          <div role="region" aria-label={`Contents of ${shown}`} className="export-panel">
            <CodeView files={files} path={shown} />
          </div>
        </div>
      )}
      <div className="export-actions">
        <span className="small muted" role="status">
          {zip.error ?? (load.phase === 'ready' ? `${plural(files.length, 'file')} · ${load.preview.slug}.zip` : '')}
        </span>
        {/* Busy is aria-disabled, not disabled: a disabled button drops the focus to the page behind the dialog,
            where Escape no longer reached it. */}
        <button type="button" className="button primary" disabled={load.phase !== 'ready'} aria-disabled={zip.busy || undefined} onClick={() => void downloadZip()}>
          {zip.busy ? 'Preparing…' : 'Download zip'}
        </button>
      </div>
    </Dialog>
  );
}, whileClosed);
