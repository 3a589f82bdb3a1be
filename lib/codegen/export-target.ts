import { projectSlug } from './names';

/**
 * The projects an export can write: the standalone TypeScript (tfjs) project, or the PyTorch one. Shared by the CLI's
 * `--target`, POST /api/export's `?target=` and the export dialog, so all three accept and name the same values.
 */
export const EXPORT_TARGETS = ['typescript', 'pytorch'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export const isExportTarget = (v: unknown): v is ExportTarget => typeof v === 'string' && (EXPORT_TARGETS as readonly string[]).includes(v);

/** The message for a target that is not one of EXPORT_TARGETS. */
export const unknownTargetMessage = (got: string) => `the export target must be ${EXPORT_TARGETS.join(' or ')}; got "${got}"`;

/** What tells a target's zip and folder apart: nothing for TypeScript (the original), `-pytorch` for PyTorch. */
export const targetSuffix = (target: ExportTarget): string => (target === 'typescript' ? '' : `-${target}`);

/** The zip's file name (without `.zip`) and the folder inside it: `dcgan-on-mnist`, `dcgan-on-mnist-pytorch`. */
export const exportSlug = (name: string, target: ExportTarget): string => `${projectSlug(name)}${targetSuffix(target)}`;
