import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { releaseBackend } from './backend.js';

/**
 * Runs `main` when the module at `moduleUrl` is the program (`tsx src/train.ts`), not a module imported by another:
 * exits with its code, or prints the first line of an error — a message meant for you, never a stack trace.
 */
export function runAsProgram(moduleUrl: string, main: (argv: string[]) => Promise<number>): void {
  if (!isEntry(moduleUrl)) return;
  main(process.argv.slice(2)).then(
    (code) => {
      releaseBackend();
      process.exit(code);
    },
    (e: unknown) => {
      console.error(`error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
      releaseBackend();
      process.exit(1);
    },
  );
}

/** A whole-number option between `min` and `max`, or `fallback` when not given; a message naming the option otherwise. */
export function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} takes a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}; got "${value}"`);
  return n;
}

function isEntry(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === moduleUrl;
  } catch {
    return false;
  }
}
