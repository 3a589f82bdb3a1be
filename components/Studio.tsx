'use client';
import { useCallback, useDeferredValue, useMemo, useReducer, useRef, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { editorReducer, initialEditorState } from '../lib/editor/editor-state';
import { canRedo, canUndo } from '../lib/editor/history';
import { emptyDesign, layoutAll } from '../lib/editor/ops';
import { scopeKey, scopeLevel } from '../lib/editor/scope';
import type { Design } from '../lib/graph/schema';
import { blocks } from '../lib/blocks';
import { browserBudget, validateDesign } from '../lib/validate';
import { deviceMemory } from './device-memory';
import { shareUrl } from '../lib/share/link';
import * as library from '../lib/storage/library';
import { runArchive } from '../lib/train/run-archive-store';
import { DesignCanvas, type FocusRequest } from './canvas/DesignCanvas';
import { PresetGallery } from './dialogs/PresetGallery';
import { SavedDesigns } from './dialogs/SavedDesigns';
import { ShareDialog } from './dialogs/ShareDialog';
import { EditorActionsContext, type EditorActions } from './editor/EditorContext';
import { designStore } from './editor/store';
import { useLibrary } from './editor/useLibrary';
import { useEditorKeys } from './editor/useEditorKeys';
import { ExportButton } from './export/ExportButton';
import { Toasts } from './feedback/Toasts';
import { useToasts } from './feedback/toasts';
import { useDesignFiles } from './files/useDesignFiles';
import { useFileDrop } from './files/useFileDrop';
import { StudioHeader } from './header/StudioHeader';
import { Inspector } from './inspector/Inspector';
import { ProblemsPanel } from './problems/ProblemsPanel';
import { NetworksPanel } from './sidebar/NetworksPanel';
import { Palette } from './sidebar/Palette';
import { TrainingPanel } from './training/TrainingPanel';
import { DOCK_DEFAULT_PX, DOCK_ID, useDockSize } from './useDockSize';
import './studio.css';

/**
 * The studio: header / (graphs + palette | canvas | inspector + problems) / the training dock, whose height the user
 * sets by dragging or keying the separator above it. The editor state is one reducer over design documents
 * (lib/editor); this component wires it to storage, files, the clipboard and the keyboard.
 */
export function Studio() {
  const [state, dispatch] = useReducer(editorReducer, initialEditorState);
  const { toasts, show, dismiss } = useToasts();
  const lib = useLibrary(state, dispatch, show);
  const ready = state.phase === 'ready' ? state : null;
  const design = ready?.history.present ?? null;
  // Validation is a few ms: run it on every change so shapes and problems are always current.
  // Against this device's memory budget (lib/validate/budget.ts browserBudget), as the worker checks before training.
  const report = useMemo(() => (design ? validateDesign(design, blocks, browserBudget(deviceMemory())) : null), [design]);
  // The training dock gets the design a beat later, in a render of its own: rebuilding the trainer (the design as
  // text, then a copy posted to the worker) is no part of showing the new shapes, and typing "128" builds once
  // per keystroke anyway. The design and its key travel together, so a new design never meets an old key.
  const training = useDeferredValue(useMemo(() => ({ design, key: ready?.docId ?? null }), [design, ready?.docId]));
  // The graphs list and the problems follow in a render of their own too: they are a few hundred elements between the
  // keystroke and the new shapes on the canvas, and show nothing the user is acting on. The inspector is not
  // deferred: its selects and checkboxes show the design's value, and would flick back to the old one until the
  // deferred render caught up.
  const panels = useDeferredValue(useMemo(() => (design && report ? { design, report } : null), [design, report]));
  const [focus, setFocus] = useState<FocusRequest>(null);
  const [dialog, setDialog] = useState<'presets' | 'designs' | null>(null);
  const [share, setShare] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const dock = useDockSize();

  const actions = useMemo<EditorActions>(
    () => ({
      dispatch,
      edit: (edit, coalesce) => dispatch({ type: 'edit', edit, ...(coalesce ? { coalesce } : {}) }),
      openScope: (scope, select) => dispatch({ type: 'scope', scope, select: select ?? null }),
      focusNode: (scope, node) => {
        dispatch({ type: 'scope', scope, select: node });
        if (node) setFocus({ node, nonce: Date.now() });
      },
    }),
    [],
  );

  const files = useDesignFiles(design && report && ready ? { design, report, scope: ready.scope } : null, lib.openAsNew, show);
  const { openFile } = files;
  const dropping = useFileDrop(useCallback((f: File) => void openFile(f), [openFile]));
  useEditorKeys(ready, actions, (message) => show('error', message));

  const { flush } = lib;
  const listDesigns = useCallback(async () => {
    await flush();
    return library.listDesigns(designStore().store);
  }, [flush]);
  const openNewest = async (except: string) => {
    const other = (await library.listDesigns(designStore().store)).find((d) => d.id !== except);
    if (other) await lib.openSaved(other.id);
    else await lib.openAsNew(emptyDesign());
  };

  const rename = (name: string) => actions.edit((d) => ({ design: { ...d, name } }), 'name');
  return (
    <EditorActionsContext.Provider value={actions}>
      <ReactFlowProvider>
        <div className="studio">
          <StudioHeader
            name={design?.name ?? null}
            status={lib.status}
            canUndo={!!ready && canUndo(ready.history)}
            canRedo={!!ready && canRedo(ready.history)}
            onRename={rename}
            onRenameDone={() => dispatch({ type: 'seal' })}
            onUndo={() => dispatch({ type: 'undo' })}
            onRedo={() => dispatch({ type: 'redo' })}
            onPresets={() => setDialog('presets')}
            onDesigns={() => setDialog('designs')}
            onShare={() => design && setShare(shareUrl(location.href, design))}
            exportControl={
              <ExportButton
                design={design}
                loadWeights={async () => (ready ? ((await runArchive.load(ready.docId)) ?? null) : null)}
              />
            }
            fileItems={[
              { label: 'New blank design', onSelect: () => void lib.openAsNew(emptyDesign()), testId: 'menu-new' },
              { label: 'Open from presets…', onSelect: () => setDialog('presets') },
              { label: 'My designs…', onSelect: () => setDialog('designs') },
              'separator',
              { label: 'Import .gan.json or PNG…', onSelect: () => fileInput.current?.click(), testId: 'menu-import' },
              { label: 'Export .gan.json', onSelect: files.exportJson, testId: 'menu-export-json' },
              { label: 'Export PNG (design embedded)', onSelect: () => void files.exportPng(), testId: 'menu-export-png' },
            ]}
          />
          <Group orientation="vertical" className="studio-split" onLayoutChanged={dock.onLayoutChanged}>
            {/* The panel's own box scrolls; the workspace never needs to (its parts scroll inside). */}
            <Panel id="workspace" className="workspace" panelRef={dock.workspaceRef} minSize={160} style={{ overflow: 'hidden' }}>
              <aside className="sidebar left" aria-label="Graphs and blocks">
                {panels && ready && <NetworksPanel design={panels.design} report={panels.report} scope={ready.scope} />}
                {ready && <Palette level={scopeLevel(ready.scope)} />}
              </aside>
              <main className="canvas" aria-label="Design canvas">
                {design && report && ready ? (
                  <DesignCanvas
                    key={`${ready.docId}:${scopeKey(ready.scope)}`}
                    viewKey={`${ready.docId}:${scopeKey(ready.scope)}`}
                    design={design}
                    report={report}
                    scope={ready.scope}
                    selection={ready.selection}
                    focus={focus}
                    onFocused={() => setFocus(null)}
                    onRefused={(message, at) => show('error', message, at)}
                  />
                ) : (
                  <div className="canvas-loading" role="status">
                    Opening your design…
                  </div>
                )}
              </main>
              <aside className="sidebar right" aria-label="Inspector and problems">
                {design && report && ready && <Inspector design={design} report={report} scope={ready.scope} selection={ready.selection} />}
                {panels && <ProblemsPanel design={panels.design} report={panels.report} />}
              </aside>
            </Panel>
            <Separator className="dock-separator" aria-label="Resize the training dashboard" />
            <Panel id={DOCK_ID} className="dock" panelRef={dock.dockRef} defaultSize={DOCK_DEFAULT_PX} minSize={72} groupResizeBehavior="preserve-pixel-size">
              <TrainingPanel design={training.design} designKey={training.key} onNotice={show} />
            </Panel>
          </Group>
          <input
            ref={fileInput}
            type="file"
            accept=".json,.gan.json,application/json,image/png"
            hidden
            aria-label="Import a design file"
            data-testid="import-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void files.openFile(f);
            }}
          />
          {dropping && (
            <div className="drop-overlay" aria-hidden>
              <div>Drop a .gan.json design or a GAN Studio PNG to open it</div>
            </div>
          )}
          <Toasts toasts={toasts} onDismiss={dismiss} />
          <PresetGallery
            open={dialog === 'presets'}
            onClose={() => setDialog(null)}
            onOpen={(p) => {
              setDialog(null);
              void lib.openAsNew(layoutAll(structuredClone(p.design) as Design));
            }}
            onBlank={() => {
              setDialog(null);
              void lib.openAsNew(emptyDesign());
            }}
          />
          <SavedDesigns
            open={dialog === 'designs'}
            currentId={ready?.docId ?? null}
            list={listDesigns}
            onClose={() => setDialog(null)}
            onOpen={(id) => {
              setDialog(null);
              void lib.openSaved(id);
            }}
            onRename={async (id, name) => {
              if (id === ready?.docId) {
                rename(name);
                dispatch({ type: 'seal' });
              }
              await library.renameDesign(designStore().store, id, name);
            }}
            onDuplicate={async (id) => {
              await lib.flush();
              await library.duplicateDesign(designStore().store, id);
            }}
            onDelete={async (id) => {
              // A pending autosave of this design must not write it back after the delete.
              await lib.flush();
              await library.deleteDesign(designStore().store, id);
              if (id === ready?.docId) await openNewest(id);
            }}
          />
          <ShareDialog url={share} onClose={() => setShare(null)} />
        </div>
      </ReactFlowProvider>
    </EditorActionsContext.Provider>
  );
}
