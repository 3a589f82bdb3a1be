import { visibleText } from '../../safe-text';
import { Scope } from '../identifiers';
import { cut } from '../literals';

/**
 * Everything the PyTorch generator writes from a design is data: names, labels and params become Python string
 * literals, numbers or `#` comments through these functions, never pasted into code as they are. A label such as
 * `"""); __import__('os').system('x') #` stays text: quotes, backslashes, line breaks and control characters are
 * escaped, and comments cannot end their line early.
 */

/** Python's keywords and the builtins a generated name must not shadow. */
const RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is ' +
    'lambda nonlocal not or pass raise return try while with yield match case type print len range list dict set tuple int float str ' +
    'bool object super self cls input id min max sum abs all any map filter zip open exec eval compile globals locals vars getattr ' +
    'setattr delattr hasattr __import__ __builtins__ torch nn F math x'
  ).split(' '),
);

/** A single-quoted Python string literal of `s`, ASCII only: everything else is a \\x, \\u or \\U escape. */
export function pyStr(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c <= 0xff) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}'`;
}

/** A number as Python source; refuses NaN and infinities, which have no literal. */
export function pyNum(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write the number ${n} as a Python literal`);
  if (Object.is(n, -0)) return '0';
  return Number.isInteger(n) ? String(n) : String(n).replace(/^(-?)\./, '$10.');
}

export const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/**
 * Text for a `#` comment: line breaks and control characters become spaces; bidirectional and zero-width characters
 * show as `\uXXXX` (lib/safe-text.ts), so the comment cannot reorder or hide the code around it; long text is cut.
 */
export function pyComment(s: string, max = 160): string {
  let flat = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    flat += c < 0x20 || c === 0x7f || c === 0x85 || c === 0x2028 || c === 0x2029 || (c >= 0x80 && c < 0xa0) ? ' ' : ch;
  }
  return visibleText(cut(flat.replace(/ {2,}/g, ' ').trim(), max));
}

/** A Python identifier from an id: ASCII letters, digits and `_` only, no leading digit, no keyword or builtin. */
export function pyIdentifier(id: string): string {
  let s = id.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 80);
  if (!s) s = '_';
  if (/^[0-9]/.test(s)) s = `_${s}`;
  if (RESERVED.has(s) || s.startsWith('__')) s = `${s}_`;
  return s;
}

/** Hands out unique Python identifiers within one scope. */
export const pyScope = (taken: Iterable<string> = []): Scope => new Scope(taken, pyIdentifier);
