import type { Diagnosis, SettingLink } from '../lib/train/diagnostics';

const where = (s: SettingLink) => (s.kind === 'node' ? `node "${s.nodeId}", ${s.param}` : `training setting ${s.field}`);

/** A diagnosis as a few lines of text: code and sentence, the numbers it rests on, the fix and where to make it. */
export function formatDiagnosis(d: Diagnosis): string {
  const figures = Object.entries(d.evidence.figures).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    `${d.severity} ${d.code}: ${d.sentence}`,
    `  evidence (steps ${d.evidence.fromStep}–${d.evidence.toStep}): ${figures}`,
    `  fix: ${d.suggestion.text}${d.suggestion.setting ? ` [${where(d.suggestion.setting)}]` : ''}`,
  ].join('\n');
}
