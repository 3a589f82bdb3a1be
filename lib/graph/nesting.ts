/**
 * How deep a JSON value nests, counted without recursion and given up past `limit`: a 100,000-deep array parses
 * (V8's JSON.parse is iterative) but then overflows the stack in anything recursive — JSON.stringify, structuredClone,
 * zod — long after the boundary that let it in. Every way a document comes in checks this first (parse.ts).
 */
export const MAX_JSON_DEPTH = 32;

/** The first depth past `limit` that `value` reaches, or null when it stays within it. */
export function depthBeyond(value: unknown, limit: number = MAX_JSON_DEPTH): number | null {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return depth;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, depth + 1]);
  }
  return null;
}
