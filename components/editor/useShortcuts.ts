'use client';
import { useEffect, useRef } from 'react';

export type Shortcuts = {
  undo: () => void;
  redo: () => void;
  copy: () => void;
  cut: () => void;
  paste: () => void;
  selectAll: () => void;
  remove: () => void;
  escape: () => void;
};

/** Text fields keep their own keys (Ctrl+Z in a field undoes typing); dialogs keep theirs. */
function editing(target: EventTarget | null): boolean {
  const el = target instanceof HTMLElement ? target : null;
  if (!el) return false;
  if (el.closest('dialog[open], [role=menu]')) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit'].includes((el as HTMLInputElement).type);
  return false;
}

/** The editor's keyboard: Delete/Backspace, Ctrl+C/X/V, Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y, Ctrl+A, Escape. */
export function useShortcuts(handlers: Shortcuts): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || editing(e.target)) return;
      const h = ref.current;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let run: (() => void) | null = null;
      if (mod && key === 'z') run = e.shiftKey ? h.redo : h.undo;
      else if (mod && key === 'y') run = h.redo;
      else if (mod && key === 'c') run = h.copy;
      else if (mod && key === 'x') run = h.cut;
      else if (mod && key === 'v') run = h.paste;
      else if (mod && key === 'a') run = h.selectAll;
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) run = h.remove;
      else if (e.key === 'Escape') run = h.escape;
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
