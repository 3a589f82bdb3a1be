import type { DesignEdge } from './schema';

/** Kahn's algorithm; nodes left with unresolved inputs lie on or behind a cycle. */
export function topoOrder(ids: readonly string[], edges: readonly Pick<DesignEdge, 'source' | 'target'>[]): { order: string[]; cycle: string[] } {
  const indeg = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const id of ids) indeg.set(id, 0);
  for (const e of edges) {
    if (!indeg.has(e.source) || !indeg.has(e.target)) continue;
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
    const list = out.get(e.source) ?? [];
    list.push(e.target);
    out.set(e.source, list);
  }
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const t of out.get(id) ?? []) {
      const d = (indeg.get(t) ?? 0) - 1;
      indeg.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  const placed = new Set(order);
  return { order, cycle: [...new Set(ids)].filter((id) => !placed.has(id)) };
}
