import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { parseRunRecord, type RunRecord } from '../lib/train/diagnostics/run-record';
import type { DesignFacts } from '../lib/train/diagnostics';

/**
 * `gan train --log FILE`: the run as JSON lines, written as it goes (a run killed midway leaves every line before
 * the kill, and `gan diagnose` reads them). One object a line:
 *   {"type":"run","format":"gan-studio/run-log","version":1,"design":<DesignFacts>,"name":…,"source":…,"seed":…}
 *   {"type":"step",…StepMetrics} · {"type":"samples",…SampleStats} · {"type":"eval",…EvalResult}
 *   {"type":"diagnostics","step":N,"diagnostics":[…]} (at the end)
 * Non-finite numbers are written as null (JSON has no NaN).
 */
export const RUN_LOG_FORMAT = 'gan-studio/run-log';
export const RUN_LOG_VERSION = 1;
/** A run log of a million steps is ~250 MB; `gan diagnose` refuses anything larger than this. */
export const MAX_RUN_LOG_BYTES = 512 * 1024 * 1024;

export class RunLog {
  private constructor(private fd: number) {}

  /** Creates (or empties) `path` and writes the run's first line; throws with a one-line reason. */
  static open(path: string, head: { design: DesignFacts; name: string; source: string; seed: number }): RunLog {
    const log = new RunLog(openSync(path, 'w'));
    log.write({ type: 'run', format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, ...head });
    return log;
  }

  write(line: Record<string, unknown>): void {
    writeSync(this.fd, `${JSON.stringify(line, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }
}

export class RunLogError extends Error {}

/** A run log read back: the record the health check takes, or a RunLogError naming the first bad line. */
export function readRunLog(path: string): RunRecord & { name: string } {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new RunLogError(`cannot read ${path}: no such file.`);
  }
  if (size > MAX_RUN_LOG_BYTES) throw new RunLogError(`${path} is ${(size / 2 ** 20).toFixed(0)} MB; a run log is at most ${MAX_RUN_LOG_BYTES / 2 ** 20} MB.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch {
    throw new RunLogError(`${path} is not UTF-8 text.`);
  }
  const record: { design?: unknown; history: unknown[]; samples: unknown[]; evaluations: unknown[] } = { history: [], samples: [], evaluations: [] };
  let name = '';
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      // The last line of a run killed while writing may be cut short: everything before it still counts.
      if (i >= lines.length - 2) return;
      throw new RunLogError(`${path}, line ${i + 1}: not JSON.`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new RunLogError(`${path}, line ${i + 1}: not a JSON object.`);
    const { type, ...rest } = v as Record<string, unknown>;
    if (i === 0 || record.design === undefined) {
      if (type !== 'run' || rest['format'] !== RUN_LOG_FORMAT) throw new RunLogError(`${path} is not a GAN Studio run log (write one with \`gan train <design> --steps N --log FILE\`).`);
      if (rest['version'] !== RUN_LOG_VERSION) throw new RunLogError(`${path} is run-log version ${String(rest['version'])}; this build reads version ${RUN_LOG_VERSION}.`);
      record.design = rest['design'];
      name = typeof rest['name'] === 'string' ? rest['name'] : '';
    } else if (type === 'step') record.history.push(rest);
    else if (type === 'samples') record.samples.push(rest);
    else if (type === 'eval') record.evaluations.push(rest);
    // Other lines (the closing diagnostics) are what a reader recomputes.
  });
  if (record.design === undefined) throw new RunLogError(`${path} is empty.`);
  const parsed = parseRunRecord(record);
  if (!parsed.ok) throw new RunLogError(`${path} is damaged: ${parsed.message}.`);
  return { ...parsed.record, name };
}
