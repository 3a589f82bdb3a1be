import type { Viewport } from '@xyflow/react';

/**
 * Where each graph was last looked at (pan and zoom), by design and graph, for this tab: going into a network and
 * back comes back to the same spot, as in Blender's node groups. Not saved with the design: a view is the viewer's,
 * and a reload fits the graph into the window again.
 */
const views = new Map<string, Viewport>();
const LIMIT = 200;

export function savedViewport(key: string): Viewport | undefined {
  return views.get(key);
}

export function saveViewport(key: string, viewport: Viewport): void {
  views.delete(key);
  views.set(key, viewport);
  // Oldest first in a Map's order: forget the least recently moved view beyond the limit.
  if (views.size > LIMIT) views.delete(views.keys().next().value!);
}
