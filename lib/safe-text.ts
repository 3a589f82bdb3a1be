/**
 * Text from a design (names, labels, ids, messages that quote them) shown where a character can do more than show:
 * a terminal obeys ESC sequences (colours, cursor moves, window titles, OSC 8 links) and a bare CR rewrites the line;
 * an editor or a code review reorders text around bidirectional overrides (the "Trojan Source" attack, CVE-2021-42574)
 * and shows nothing for zero-width characters. Such characters become visible `\uXXXX` escapes: the same notation in a
 * line of text, a comment, and inside a JSON or JavaScript string, where it even decodes back to the original.
 * Imports nothing.
 */

/** Whether the UTF-16 unit `c` hides itself or changes how other text is shown. */
export function isInvisible(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c < 0xa0) || // DEL and the C1 controls (0x9b is CSI on some terminals)
    c === 0x061c || // Arabic letter mark
    (c >= 0x200b && c <= 0x200f) || // ZWSP, ZWNJ, ZWJ, LRM, RLM
    (c >= 0x2028 && c <= 0x202e) || // line and paragraph separators, the embeddings and overrides LRE…RLO
    (c >= 0x2060 && c <= 0x2069) || // word joiner, invisible operators, the isolates LRI…PDI
    c === 0xfeff // BOM, zero-width no-break space
  );
}

/**
 * `text` with every control, bidirectional and zero-width character as a `\uXXXX` escape, except those in `keep`
 * (e.g. '\n\t' for lines printed to a terminal). Lone surrogates, which no encoding can carry, are escaped too.
 */
export function visibleText(text: string, keep = ''): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let hide: boolean;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a whole pair: an astral character, shown as it is
        continue;
      }
      hide = true;
    } else hide = (c >= 0xdc00 && c <= 0xdfff) || (isInvisible(c) && !keep.includes(text[i]!));
    if (hide) {
      out += `${text.slice(copied, i)}\\u${c.toString(16).padStart(4, '0')}`;
      copied = i + 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A line (or lines) for a terminal: newlines and tabs stay, every other control sequence shows as an escape. */
export const terminalText = (text: string): string => visibleText(text, '\n\t');
