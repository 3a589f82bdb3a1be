'use client';
import { createContext, useCallback, useContext, useLayoutEffect, useRef, useSyncExternalStore, type RefObject } from 'react';
import { sameEdgeView, sameNodeFrame, sameNodeView, type EdgeView, type NodeView } from '../../lib/editor/flow';
import { KeyedViews } from '../../lib/editor/view-store';

/**
 * The views of the open graph's blocks and edges (lib/editor/view-store.ts says why they live outside React Flow).
 *
 * `frames` holds the same views compared on what a block's frame draws (title, ports, state, message), and the
 * frame is React's to render. The shapes and counts, which an edit upstream changes on every block and edge below
 * it, are written into their elements by useViewText when they change, with no React render at all: re-rendering
 * the parts that print them (hundreds in a long chain) and committing them was most of the time from a keystroke to
 * the new shapes on the canvas (issue #4; `npm run bench -- editor-drag`).
 */
export type CanvasViews = { nodes: KeyedViews<NodeView>; frames: KeyedViews<NodeView>; edges: KeyedViews<EdgeView> };

export function createCanvasViews(): CanvasViews {
  return { nodes: new KeyedViews<NodeView>(sameNodeView), frames: new KeyedViews<NodeView>(sameNodeFrame), edges: new KeyedViews<EdgeView>(sameEdgeView) };
}

export function publishViews(c: CanvasViews, views: { nodes: ReadonlyMap<string, NodeView>; edges: ReadonlyMap<string, EdgeView> }): void {
  // A frame can only change where the whole view did (sameNodeView compares everything sameNodeFrame does).
  c.frames.publishSome(views.nodes, c.nodes.publish(views.nodes));
  c.edges.publish(views.edges);
}

export const CanvasViewsContext = createContext<CanvasViews | null>(null);

function useViews(): CanvasViews {
  const views = useContext(CanvasViewsContext);
  if (!views) throw new Error('a block or edge was drawn outside the design canvas');
  return views;
}

/** `pick` of the view of `id` in `store`; the caller re-renders only when what it picked changes (Object.is). */
function usePicked<V, T>(store: KeyedViews<V>, id: string, pick: (view: V | undefined) => T): T {
  const subscribe = useCallback((listener: () => void) => store.subscribe(id, listener), [store, id]);
  const get = () => pick(store.get(id));
  return useSyncExternalStore(subscribe, get, get);
}

const itself = <V,>(view: V | undefined) => view;

/**
 * A block's view for drawing its frame. The object is replaced only when the frame changes, so its shape fields may
 * be older than the design: those are written from the `nodes` store (useViewText).
 */
export function useNodeFrame(id: string): NodeView | undefined {
  return usePicked(useViews().frames, id, itself);
}

export function useEdgePick<T>(id: string, pick: (view: EdgeView | undefined) => T): T {
  return usePicked(useViews().edges, id, pick);
}

/**
 * Binds an element to the view of `id`: `write` runs before the first paint and again whenever the view changes,
 * straight from the store's publish. The element's content and the attributes `write` sets must be left out of the
 * JSX, so that React never owns what this writes. `write` should be a module-level function (it is a dependency).
 */
export function useViewText<V, E extends HTMLElement>(which: (c: CanvasViews) => KeyedViews<V>, id: string, write: (el: E, view: V | undefined) => void): RefObject<E | null> {
  const store = which(useViews());
  const ref = useRef<E>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => write(el, store.get(id));
    update();
    return store.subscribe(id, update);
  }, [store, id, write]);
  return ref;
}

/** For event handlers: the current view of a block, without subscribing. */
export function useCanvasViews(): CanvasViews {
  return useViews();
}

// What setText and setAttr last wrote to each element: comparing against these instead of reading the DOM back
// keeps a label whose text did not change from costing a DOM call at all.
const texts = new WeakMap<HTMLElement, { node: Text; text: string }>();
const attrs = new WeakMap<HTMLElement, Map<string, string | null>>();

/** Sets an element's text, touching the DOM only when it changes (these run for every label below an edit). */
export function setText(el: HTMLElement, text: string): void {
  const last = texts.get(el);
  if (last) {
    if (last.text !== text) last.node.data = last.text = text;
    return;
  }
  const node = document.createTextNode(text);
  el.replaceChildren(node);
  texts.set(el, { node, text });
}

/** Sets or removes an attribute, touching the DOM only when it changes. */
export function setAttr(el: HTMLElement, name: string, value: string | null): void {
  let written = attrs.get(el);
  if (!written) attrs.set(el, (written = new Map()));
  if (written.has(name) && written.get(name) === value) return;
  written.set(name, value);
  if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, value);
}
