'use client';
import { useState, type ReactNode } from 'react';
import type { SaveStatus } from '../../lib/storage/autosave';
import { BackendBadge } from '../BackendBadge';
import { useBackend } from '../useBackend';
import { Menu, type MenuItem } from './Menu';
import { ThemeToggle } from './ThemeToggle';

type Props = {
  name: string | null;
  status: SaveStatus;
  canUndo: boolean;
  canRedo: boolean;
  onRename: (name: string) => void;
  onRenameDone: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onPresets: () => void;
  onDesigns: () => void;
  onShare: () => void;
  fileItems: readonly MenuItem[];
  /** The "Export project" control (components/export), placed beside the share button. */
  exportControl?: ReactNode;
};

const STATUS_TEXT: Record<SaveStatus, string> = { saved: 'Saved', pending: 'Saving…', saving: 'Saving…', error: 'Not saved' };
const mod = () => (typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+');

export function StudioHeader(p: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <header className="topbar">
      <div className="brand">
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden className="brand-mark">
          <circle cx="7" cy="12" r="4.2" />
          <circle cx="17" cy="12" r="4.2" />
          <path d="M11.2 12h1.6" />
        </svg>
        <h1>GAN Studio</h1>
      </div>
      <span className="topbar-sep" aria-hidden />
      <input
        className="design-name"
        aria-label="Design name"
        value={draft ?? p.name ?? ''}
        disabled={p.name === null}
        maxLength={200}
        onChange={(e) => {
          setDraft(e.target.value);
          if (e.target.value.trim()) p.onRename(e.target.value);
        }}
        onBlur={() => {
          setDraft(null);
          p.onRenameDone();
        }}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
      <span className="save-status" data-testid="save-status" data-status={p.status} role="status">
        {STATUS_TEXT[p.status]}
      </span>
      <span className="spacer" />
      <div className="toolbar" role="toolbar" aria-label="Edit">
        <button type="button" className="icon-button header-icon" aria-label="Undo" title={`Undo (${mod()}Z)`} disabled={!p.canUndo} onClick={p.onUndo}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden>
            <path d="M5.5 4 2.5 7l3 3M2.5 7h7a4 4 0 0 1 0 8h-2" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
        <button type="button" className="icon-button header-icon" aria-label="Redo" title={`Redo (${mod()}Shift+Z)`} disabled={!p.canRedo} onClick={p.onRedo}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden>
            <path d="M10.5 4l3 3-3 3M13.5 7h-7a4 4 0 0 0 0 8h2" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
      </div>
      <span className="topbar-sep" aria-hidden />
      <button type="button" className="button" onClick={p.onPresets}>
        Presets
      </button>
      <button type="button" className="button" onClick={p.onDesigns}>
        My designs
      </button>
      <Menu label="File" items={p.fileItems}>
        File
        <svg viewBox="0 0 16 16" width="10" height="10" aria-hidden>
          <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      </Menu>
      {p.exportControl}
      <button type="button" className="button primary" onClick={p.onShare}>
        Copy share link
      </button>
      <span className="topbar-sep" aria-hidden />
      <ThemeToggle />
      <BackendBadge state={useBackend()} />
    </header>
  );
}
