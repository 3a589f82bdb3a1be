'use client';
import { useCallback, useEffect } from 'react';
import { usePanelRef, type Layout, type LayoutChangedMeta } from 'react-resizable-panels';

const KEY = 'gan-studio:dock-height';

/** Tall enough for the training controls and one row of charts; the rest of the dashboard scrolls. */
export const DOCK_DEFAULT_PX = 300;
/** The dock panel's id in the studio's group: the layouts the group reports are keyed by it. */
export const DOCK_ID = 'dock';

/**
 * The training dock's height in pixels, remembered across visits once the user has resized it. Restored after mount
 * rather than given as the panel's default size: the page is prerendered without storage, and a default read from
 * storage would make the hydrating render differ from the server's markup. Pixels rather than the library's
 * percentages: the dock keeps its height when the window changes (the panel preserves its pixel size too).
 */
export function useDockSize() {
  const dockRef = usePanelRef();
  const workspaceRef = usePanelRef();
  useEffect(() => {
    const saved = read();
    if (saved !== null) dockRef.current?.resize(saved);
  }, [dockRef]);
  const onLayoutChanged = useCallback(
    (layout: Layout, meta: LayoutChangedMeta) => {
      const pct = layout[DOCK_ID];
      const [dock, workspace] = [dockRef.current?.getSize(), workspaceRef.current?.getSize()];
      if (!meta.isUserInteraction || pct === undefined || !dock || !workspace) return;
      // The layout is in percentages, and a key press reports it before the panels are redrawn (their pixel sizes are
      // still the old ones). The two panels' sum is the same before and after, and is what the percentages divide.
      const px = (pct / 100) * (dock.inPixels + workspace.inPixels);
      try {
        localStorage.setItem(KEY, String(Math.round(px)));
      } catch {
        // Storage refused (private mode, quota): the size lasts for this visit only.
      }
    },
    [dockRef, workspaceRef],
  );
  return { dockRef, workspaceRef, onLayoutChanged };
}

function read(): number | null {
  try {
    const v = Number(localStorage.getItem(KEY));
    return Number.isFinite(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}
