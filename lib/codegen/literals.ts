import type { JsonValue } from '../blocks/types';
import { isInvisible, visibleText } from '../safe-text';

/**
 * Everything the code generator writes from a design is data: names, labels and params become string literals,
 * numbers or comments through these functions, never pasted into code as they are. They escape every character that
 * could end a literal or a comment early, so a label such as `'); process.exit(1); //` stays text.
 */

const IDENTIFIER_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A single-quoted TypeScript string literal of `s`; line terminators, control characters, lone surrogates and the
 * bidirectional and zero-width characters (lib/safe-text.ts) escaped: the value is the same, and an editor shows the
 * code in the order it runs.
 */
export function str(s: string): string {
  let out = "'";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (isInvisible(c)) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + s[i + 1]!;
        i++;
      } else out += `\\u${c.toString(16)}`;
    } else if (c >= 0xdc00 && c <= 0xdfff) out += `\\u${c.toString(16)}`;
    else out += ch;
  }
  return `${out}'`;
}

/** A number as TypeScript source; refuses NaN and infinities, which have no literal. */
export function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write the number ${n} as a literal`);
  return Object.is(n, -0) ? '0' : String(n);
}

/** An object key: bare when it is an identifier name, quoted otherwise. */
export function key(k: string): string {
  return IDENTIFIER_NAME.test(k) ? k : str(k);
}

/** `obj.k`, or `obj['k']` when k is not an identifier name. */
export function prop(obj: string, k: string): string {
  return IDENTIFIER_NAME.test(k) ? `${obj}.${k}` : `${obj}[${str(k)}]`;
}

/** Plain JSON data (block params, settings) as a TypeScript expression on one line. */
export function lit(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return v === null ? 'null' : 'undefined';
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number') return num(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
  const entries = Object.entries(v).map(([k, x]) => `${key(k)}: ${lit(x)}`);
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

/**
 * Text for a `//` comment: everything that ends a line in JavaScript (LF, CR, U+2028, U+2029) and other control
 * characters become spaces, so the comment cannot end before the line does; bidirectional and zero-width characters
 * show as `\uXXXX` (lib/safe-text.ts), so the comment cannot reorder or hide the code around it. Long text is cut.
 */
export function lineText(s: string, max = 160): string {
  let flat = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    flat += c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029 ? ' ' : ch;
  }
  return visibleText(cut(flat.replace(/ {2,}/g, ' ').trim(), max));
}

/** At most `max` characters, the last an ellipsis when cut; never half of a surrogate pair. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\ud800-\udbff]/.test(s[max - 2] ?? '') ? max - 2 : max - 1;
  return `${s.slice(0, end)}…`;
}

/** Text for a line inside a `/** … *\/` block: as lineText, and `*\/` cannot close the block. */
export function docText(s: string, max = 400): string {
  return lineText(s, max).replace(/\*\//g, '*\\/');
}

/** A JSDoc block from paragraphs of text, wrapped at `width` columns, each line escaped with docText. */
export function jsDoc(paragraphs: readonly string[], indent = '', width = 116): string {
  const lines: string[] = [];
  paragraphs.forEach((p, i) => {
    if (i > 0) lines.push('');
    let line = '';
    for (const word of docText(p, 4000).split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
  });
  if (lines.length === 1) return `${indent}/** ${lines[0]} */`;
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`].join('\n');
}
