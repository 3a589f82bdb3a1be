/** A pan and zoom as React Flow keeps it: a point p of the graph is drawn at p × zoom + (x, y) in the pane. */
export type Viewport = { x: number; y: number; zoom: number };
export type Rect = { x: number; y: number; width: number; height: number };
export type FitOptions = {
  /** Pane space kept free on each side (for the tools above the graph, the zoom controls and mini map below). */
  padding: { top: number; right: number; bottom: number; left: number };
  /** The zoom below which a block's text no longer reads: the fit never goes further out. */
  minZoom: number;
  maxZoom: number;
};

/**
 * "Fit view" that keeps blocks readable. A graph that fits the pane at `minZoom` or closer is shown whole and
 * centred, as React Flow's fitView does. A larger one (a long generator laid out left to right) is shown at
 * `minZoom` from its start — the left edge, where the data flow begins, at the height of `start` (the blocks the flow
 * starts from), as far as the graph reaches — rather than shrunk until its text is a few pixels high, or centred on a
 * middle stretch of the chain.
 */
export function readableFit(bounds: Rect, pane: { width: number; height: number }, o: FitOptions, start: Rect = bounds): Viewport {
  const room = { width: Math.max(1, pane.width - o.padding.left - o.padding.right), height: Math.max(1, pane.height - o.padding.top - o.padding.bottom) };
  const whole = Math.min(room.width / Math.max(1, bounds.width), room.height / Math.max(1, bounds.height));
  const zoom = Math.min(o.maxZoom, Math.max(o.minZoom, whole));
  // Along one axis: the graph centred when it fits; else `at` (a graph coordinate) in the middle of the room, moved
  // just enough that no empty space shows before the graph's first edge or after its last.
  const place = (lo: number, size: number, at: number, paneStart: number, space: number) => {
    if (size * zoom <= space) return paneStart + (space - size * zoom) / 2 - lo * zoom;
    const centred = paneStart + space / 2 - at * zoom;
    return Math.min(paneStart - lo * zoom, Math.max(paneStart + space - (lo + size) * zoom, centred));
  };
  return {
    x: place(bounds.x, bounds.width, bounds.x, o.padding.left, room.width),
    y: place(bounds.y, bounds.height, start.y + start.height / 2, o.padding.top, room.height),
    zoom,
  };
}
