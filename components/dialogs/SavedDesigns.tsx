'use client';
import { memo, useEffect, useState } from 'react';
import type { DesignSummary } from '../../lib/storage/types';
import { plural } from '../../lib/editor/format';
import { Dialog, whileClosed } from './Dialog';

type Props = {
  open: boolean;
  currentId: string | null;
  list: () => Promise<DesignSummary[]>;
  onClose: () => void;
  onOpen: (id: string) => void;
  onRename: (id: string, name: string) => Promise<void>;
  onDuplicate: (id: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
};

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The designs saved in this browser: open, rename, duplicate, delete. */
export const SavedDesigns = memo(function SavedDesigns({ open, currentId, list, onClose, onOpen, onRename, onDuplicate, onDelete }: Props) {
  const [items, setItems] = useState<DesignSummary[] | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!open) return;
    let live = true;
    void list().then((l) => live && setItems(l));
    return () => {
      live = false;
    };
  }, [open, list, version]);
  const refresh = () => setVersion((v) => v + 1);

  return (
    <Dialog open={open} title="Saved designs" onClose={onClose} wide>
      <p className="muted small dialog-lead">Designs are saved in this browser as you work. Export a .gan.json to keep one elsewhere.</p>
      {items === null ? (
        <p className="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted">No saved designs yet.</p>
      ) : (
        <ul className="saved-list">
          {items.map((d) => (
            <li key={d.id} className="saved-item" aria-current={d.id === currentId ? 'true' : undefined}>
              {renaming?.id === d.id ? (
                <form
                  className="saved-rename"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const name = renaming.name.trim();
                    if (!name) return;
                    void onRename(d.id, name).then(() => (setRenaming(null), refresh()));
                  }}
                >
                  <input autoFocus aria-label={`New name for ${d.name}`} value={renaming.name} maxLength={200} onChange={(e) => setRenaming({ id: d.id, name: e.target.value })} />
                  <button type="submit" className="button primary">Save</button>
                  <button type="button" className="button" onClick={() => setRenaming(null)}>Cancel</button>
                </form>
              ) : (
                <div className="saved-main">
                  <span className="saved-name">
                    {d.name}
                    {d.id === currentId && <span className="pill">open</span>}
                  </span>
                  <span className="muted small">
                    {plural(d.networks, 'network')} · {plural(d.nodes, 'block')} · edited {when(d.updatedAt)}
                  </span>
                </div>
              )}
              <div className="saved-actions">
                <button type="button" className="button primary" aria-label={`Open ${d.name}`} onClick={() => onOpen(d.id)} disabled={d.id === currentId}>
                  Open
                </button>
                <button type="button" className="button" aria-label={`Rename ${d.name}`} onClick={() => setRenaming({ id: d.id, name: d.name })}>
                  Rename
                </button>
                <button type="button" className="button" aria-label={`Duplicate ${d.name}`} onClick={() => void onDuplicate(d.id).then(refresh)}>
                  Duplicate
                </button>
                <button
                  type="button"
                  className="button danger"
                  aria-label={`Delete ${d.name}`}
                  onClick={() => window.confirm(`Delete “${d.name}”? This cannot be undone.`) && void onDelete(d.id).then(refresh)}
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}, whileClosed);
