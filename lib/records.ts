/**
 * Records keyed by what a user chose: network and node ids, tensor names from a checkpoint or a weights payload. A
 * plain `{}` inherits `constructor`, `toString` and `hasOwnProperty`, so `rec[id] ??= []` on a network called
 * `constructor` reads a function, and `rec['__proto__'] = x` replaces the prototype instead of storing x. These
 * records have no prototype, and `own` reads only a key the record itself holds — so such ids work like any other.
 * Imports nothing: every layer of lib/ may use it.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The value a record holds under `key` itself, never one inherited from Object.prototype. */
export function own<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

/** A prototype-free copy of `entries`' pairs (Object.fromEntries makes a plain object, which `__proto__` subverts). */
export function dictFrom<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = dict<T>();
  for (const [k, v] of entries) out[k] = v;
  return out;
}
