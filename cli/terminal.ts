import { terminalText } from '../lib/safe-text';

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

/**
 * Makes everything the CLI prints safe for a terminal: design names, labels, ids and the messages that quote them
 * reach stdout and stderr from every verb (and from libraries), so the guard sits on the streams rather than at each
 * console.log. Control characters other than newline and tab, and bidirectional and zero-width characters, print as
 * `\uXXXX` (lib/safe-text.ts) — a design named "\x1b]0;pwned\x07" cannot retitle the window or recolour what follows.
 * In `--json` output such a character can only sit inside a string, where the escape is valid JSON for the same text.
 * Buffers (binary writes) pass as they are.
 */
export function guardTerminalOutput(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    const write = stream.write.bind(stream) as Write;
    const guarded: Write = (chunk, ...rest) => write(typeof chunk === 'string' ? terminalText(chunk) : chunk, ...rest);
    stream.write = guarded as typeof stream.write;
  }
}
