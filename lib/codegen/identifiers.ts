/**
 * Identifiers in generated code come only from sanitised ids: anything but ASCII letters, digits, `_` and `$` becomes
 * `_`, a leading digit gets a `_`, reserved words get a trailing `_`, and a scope hands out each name once (a second
 * `a-b` and `a_b` become `a_b` and `a_b_2`). The design's ids are restricted already (schema.ts ID_PATTERN); this does
 * not rely on it.
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package ' +
    'private protected public await async arguments eval undefined NaN Infinity globalThis of as type any unknown never object string number ' +
    'boolean symbol bigint declare namespace module require constructor prototype __proto__'
  ).split(' '),
);

export function toIdentifier(id: string): string {
  let s = id.replace(/[^A-Za-z0-9_$]/g, '_').slice(0, 80);
  if (!s) s = '_';
  if (/^[0-9]/.test(s)) s = `_${s}`;
  if (RESERVED.has(s)) s = `${s}_`;
  return s;
}

/** `upper-case first` form for function names: `g-net` → `G_net`. */
export function toPascal(id: string): string {
  const s = toIdentifier(id);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Hands out unique identifiers within one scope (a generated function or module). */
export class Scope {
  private readonly used: Set<string>;

  /** `toId` sanitises for the target language: TypeScript's by default, Python's for the PyTorch export. */
  constructor(
    taken: Iterable<string> = [],
    private readonly toId: (id: string) => string = toIdentifier,
  ) {
    this.used = new Set(taken);
  }

  /** Every name handed out or reserved so far, to start an inner scope that must not shadow them. */
  names(): string[] {
    return [...this.used];
  }

  /** A fresh identifier derived from `id`. */
  name(id: string): string {
    const base = this.toId(id);
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}
