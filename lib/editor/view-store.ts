/**
 * What each block and edge of the open graph shows, kept by id, with listeners by id.
 *
 * An edit in a long chain changes the shape of every edge below it, but nothing about where the blocks are or how
 * they connect. React Flow's store holds the latter; when it changes, React Flow re-runs every node's and edge's
 * selector (hundreds in a 300-node graph) and the mini map redraws. Keeping the shapes here instead, an edit leaves
 * React Flow's nodes and edges as they were and wakes only the blocks and labels whose view changed (those in the
 * DOM: the canvas draws only what is in view).
 */
export class KeyedViews<V> {
  private readonly values = new Map<string, V>();
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(private readonly same: (a: V, b: V) => boolean) {}

  get(id: string): V | undefined {
    return this.values.get(id);
  }

  /** Calls `listener` after each publish that changes the view of `id`; returns the unsubscribe. */
  subscribe(id: string, listener: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(id) === set) this.listeners.delete(id);
    };
  }

  /**
   * Takes the views of a new state of the graph. An id whose view looks the same keeps its old object (so a reader
   * comparing by identity sees no change); ids not in `next` are dropped. Returns the ids that changed, after their
   * listeners have been called.
   */
  publish(next: ReadonlyMap<string, V>): string[] {
    const changed: string[] = [];
    for (const [id, view] of next) {
      const old = this.values.get(id);
      if (old !== undefined && (old === view || this.same(old, view))) continue;
      this.values.set(id, view);
      changed.push(id);
    }
    // Every id of `next` is in `values` now, so anything more is an id that left the graph.
    if (this.values.size > next.size) {
      for (const id of this.values.keys()) {
        if (next.has(id)) continue;
        this.values.delete(id);
        changed.push(id);
      }
    }
    this.notify(changed);
    return changed;
  }

  /**
   * publish() for a graph of which only `ids` may differ from the last one published (their views changed in a
   * finer store): compares just those.
   */
  publishSome(next: ReadonlyMap<string, V>, ids: readonly string[]): string[] {
    const changed: string[] = [];
    for (const id of ids) {
      const view = next.get(id);
      const old = this.values.get(id);
      if (view === undefined) {
        if (this.values.delete(id)) changed.push(id);
      } else if (old === undefined || (old !== view && !this.same(old, view))) {
        this.values.set(id, view);
        changed.push(id);
      }
    }
    this.notify(changed);
    return changed;
  }

  private notify(ids: readonly string[]): void {
    for (const id of ids) {
      const set = this.listeners.get(id);
      if (set) for (const listener of [...set]) listener();
    }
  }
}
