'use client';
import { startTransition, type Dispatch, useCallback, useEffect, useRef, useState } from 'react';
import type { EditorAction, EditorState } from '../../lib/editor/editor-state';
import { layoutAll } from '../../lib/editor/ops';
import { parseScopeKey, scopeKey, TRAINING, type Scope } from '../../lib/editor/scope';
import type { Design } from '../../lib/graph/schema';
import { DEFAULT_PRESET_ID, getPreset } from '../../lib/presets';
import { decodeDesignFragment, fragmentPayload } from '../../lib/share/link';
import { createAutosaver, type SaveStatus } from '../../lib/storage/autosave';
import * as library from '../../lib/storage/library';
import type { SavedDesign } from '../../lib/storage/types';
import { designStore, fallBackToMemory } from './store';

type Notify = (kind: 'error' | 'info', message: string) => void;
type Pending = Omit<SavedDesign, 'updatedAt'>;

/**
 * Never lose work: the open design and graph are written to IndexedDB at most 250 ms after each change and at once
 * on `pagehide`; a reload reopens them. First visit opens the default preset; a `#design=` link opens its design.
 */
export function useLibrary(state: EditorState, dispatch: Dispatch<EditorAction>, notify: Notify) {
  const [status, setStatus] = useState<SaveStatus>('saved');
  const created = useRef(new Map<string, number>());
  const saver = useRef<ReturnType<typeof createAutosaver<Pending>> | null>(null);

  const getSaver = useCallback(() => {
    saver.current ??= createAutosaver<Pending>({
      delay: 250,
      write: (r) => library.saveDesign(designStore().store, r),
      onStatus: (s, e) => {
        // "Saving…" is news, not a reply to the keystroke: as a transition it renders after the canvas has the
        // new shapes, instead of re-rendering the whole studio inside the keystroke's own update.
        if (s === 'pending') startTransition(() => setStatus(s));
        else setStatus(s);
        if (s === 'error') notify('error', `Could not save: ${e instanceof Error ? e.message : String(e)}. Export the design to keep it.`);
      },
    });
    return saver.current;
  }, [notify]);

  const open = useCallback(
    (record: SavedDesign) => {
      created.current.set(record.id, record.createdAt);
      dispatch({ type: 'open', docId: record.id, design: record.design, scope: parseScopeKey(record.scope) });
    },
    [dispatch],
  );

  /** Opens a design as a new saved record (a preset, an import, a shared link). */
  const openAsNew = useCallback(
    async (design: Design, scope: Scope = TRAINING) => {
      await getSaver().flush();
      let record: SavedDesign;
      try {
        record = await library.createDesign(designStore().store, design, scopeKey(scope));
      } catch {
        record = await library.createDesign(fallBackToMemory(), design, scopeKey(scope));
      }
      open(record);
    },
    [getSaver, open],
  );

  const openSaved = useCallback(
    async (id: string) => {
      await getSaver().flush();
      const { store } = designStore();
      const record = await library.loadDesign(store, id);
      if (!record) return notify('error', 'That design could not be read; it may have been deleted in another tab.');
      await library.setCurrentDesign(store, id);
      open(record);
    },
    [getSaver, notify, open],
  );

  /** Opens the design of a `#design=` link as a new saved design; false when there is none or it is damaged. */
  const openFragment = useCallback(async (): Promise<boolean> => {
    const hash = location.hash;
    if (fragmentPayload(hash) === null) return false;
    // The design now lives in the saved designs; a reload should reopen that copy, not import it again.
    history.replaceState(null, '', location.pathname + location.search);
    const decoded = decodeDesignFragment(hash);
    if (!decoded.ok) {
      notify('error', decoded.message);
      return false;
    }
    await openAsNew(decoded.design);
    return true;
  }, [notify, openAsNew]);

  // A share link pasted into this tab changes only the hash: open it too.
  useEffect(() => {
    const onHash = () => void openFragment();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [openFragment]);

  // Boot once: a shared link, else the design open last time, else the newest saved, else the default preset.
  const booted = useRef(false);
  useEffect(() => {
    if (booted.current) return;
    booted.current = true;
    void (async () => {
      if (await openFragment()) return;
      try {
        const { store } = designStore();
        const id = await library.currentDesignId(store);
        const record = id ? await library.loadDesign(store, id) : null;
        if (record) return open(record);
        const newest = (await library.listDesigns(store))[0];
        const fallback = newest ? await library.loadDesign(store, newest.id) : null;
        if (fallback) {
          await library.setCurrentDesign(store, fallback.id);
          return open(fallback);
        }
      } catch {
        fallBackToMemory();
        notify('error', 'This browser does not let GAN Studio save designs (IndexedDB is unavailable). Export your work to keep it.');
      }
      const preset = getPreset(DEFAULT_PRESET_ID) ?? getPreset('gan-mlp-mnist');
      if (preset) await openAsNew(layoutAll(structuredClone(preset.design)));
    })();
  }, [notify, open, openAsNew, openFragment]);

  // Autosave every change to the design or the open graph.
  const design = state.phase === 'ready' ? state.history.present : null;
  const docId = state.phase === 'ready' ? state.docId : null;
  const scope = state.phase === 'ready' ? scopeKey(state.scope) : null;
  const lastSaved = useRef<{ docId: string; design: Design; scope: string } | null>(null);
  useEffect(() => {
    if (!design || !docId || !scope) return;
    const last = lastSaved.current;
    if (last && last.docId === docId && last.design === design && last.scope === scope) return;
    lastSaved.current = { docId, design, scope };
    getSaver().schedule({ id: docId, name: design.name, design, scope, createdAt: created.current.get(docId) ?? Date.now() });
  }, [design, docId, scope, getSaver]);

  useEffect(() => {
    const flush = () => void saver.current?.flush();
    const hidden = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', hidden);
    };
  }, []);

  const flush = useCallback(() => getSaver().flush(), [getSaver]);
  return { status, openAsNew, openSaved, flush };
}
