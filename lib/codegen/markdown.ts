import { lineText } from './literals';

/**
 * Free text as inline Markdown on one line: the characters that start emphasis, code, links, tables or raw HTML are
 * backslash-escaped, so a design name stays text in the README however it is spelled.
 */
export function mdText(s: string, max = 300): string {
  return lineText(s, max)
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;');
}
