import { readFileSync, statSync } from 'node:fs';
import { zWeightsPayload, type WeightsPayload } from '../lib/codegen/initial-checkpoint';
import { checkWeightsSize, MAX_WEIGHTS_BYTES_CLI, WeightsImportError } from '../lib/train/weights-import';

/**
 * A weights file the user named (`gan export --weights`, `gan import-weights`), read before any other work: its size
 * is checked before it is read, and every failure is one line that starts with the file's name.
 */
export function readWeightsFile(file: string): WeightsPayload {
  const fail = (why: string) => new Error(`${file}: ${why}`);
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw fail('is not a file');
    size = st.size;
  } catch (e) {
    if (e instanceof Error && e.message.startsWith(`${file}: `)) throw e;
    throw fail('no such file');
  }
  try {
    checkWeightsSize(size, MAX_WEIGHTS_BYTES_CLI);
  } catch (e) {
    throw fail(e instanceof WeightsImportError ? e.message : String(e));
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw fail(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = zWeightsPayload.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(`not a weights file: ${issue?.message ?? 'invalid'}${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}`);
  }
  return parsed.data;
}
