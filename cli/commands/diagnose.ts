import { CheckpointError, isCheckpointFile, readCheckpoint } from '../checkpoint-file';
import { formatDiagnosis } from '../format-diagnosis';
import { readRunLog, RunLogError } from '../run-log';
import { diagnose } from '../../lib/train/diagnostics';
import { parseRunRecord, type RunRecord } from '../../lib/train/diagnostics/run-record';

/** `gan diagnose <checkpoint | run log> [--json]`: the health check of a finished (or killed) run. */
export function diagnoseCommand(path: string, json: boolean): number {
  let record: RunRecord;
  let name: string;
  try {
    if (isCheckpointFile(path)) {
      const c = readCheckpoint(path);
      if (c.run === undefined) {
        console.error(`error: ${path} has no run history (it was written before \`gan train --save\` kept one); train again with --save or --log.`);
        return 1;
      }
      const parsed = parseRunRecord(c.run);
      if (!parsed.ok) {
        console.error(`error: ${path}: its run history is damaged: ${parsed.message}.`);
        return 1;
      }
      record = parsed.record;
      name = c.design.name;
    } else {
      ({ name, ...record } = readRunLog(path));
    }
  } catch (e) {
    if (e instanceof RunLogError || e instanceof CheckpointError) {
      console.error(`error: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const diagnostics = diagnose(record);
  const first = record.history[0]?.step ?? 0;
  const last = record.history.at(-1)?.step ?? 0;
  if (json) console.log(JSON.stringify({ source: path, design: name, steps: last, diagnostics }));
  else {
    console.log(diagnostics.length ? `${name}: ${diagnostics.length} problem${diagnostics.length > 1 ? 's' : ''} seen over steps ${first}–${last}` : `${name}: no problems seen over steps ${first}–${last}`);
    for (const d of diagnostics) console.log(formatDiagnosis(d));
  }
  return 0;
}
