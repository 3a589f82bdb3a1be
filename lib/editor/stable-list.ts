/**
 * Keeps the identity of list items that did not change: React Flow re-processes a node or edge whose object is new,
 * and copies the whole list into its store (waking every node's selector) when the array is new. Building nodes
 * from the design makes new objects on every edit; this hands back the old object for each one that looks the
 * same, and the old array when all of them do.
 */
export class StableList<T extends { readonly id: string }> {
  private last: T[] = [];
  private byId = new Map<string, T>();

  constructor(private readonly same: (a: T, b: T) => boolean) {}

  settle(next: readonly T[]): T[] {
    let changed = next.length !== this.last.length;
    const items = next.map((item, i) => {
      const old = this.byId.get(item.id);
      const kept = old !== undefined && (old === item || this.same(old, item)) ? old : item;
      if (kept !== this.last[i]) changed = true;
      return kept;
    });
    if (!changed) return this.last;
    this.last = items;
    this.byId = new Map(items.map((item) => [item.id, item]));
    return items;
  }
}
