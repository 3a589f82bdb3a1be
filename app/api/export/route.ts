import { strToU8, zipSync } from 'fflate';
import { join } from 'node:path';
import { CodegenError, generateProject, type ProjectFiles, type TemplateFiles } from '../../../lib/codegen/generate';
import { initialCheckpointFiles, WeightsError } from '../../../lib/codegen/initial-checkpoint';
import { MAX_EXPORT_BYTES, parseExportBody, readLimited } from '../../../lib/codegen/export-request';
import { contentDisposition, projectSlug } from '../../../lib/codegen/names';
import { loadTemplates } from '../../../lib/codegen/templates';

/**
 * POST /api/export: a design (optionally with browser-trained weights) in, the standalone training project out — a
 * zip, or with `?preview=1` the files as JSON for the export dialog's preview. Bodies over 5 MB and invalid designs
 * are refused with HTTP 400 and `{ error, code, problems? }`.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

let templates: TemplateFiles | null = null;
/** templates/ is read once per server process; the server runs from the repository root (npm start, next start). */
const getTemplates = () => (templates ??= loadTemplates(join(process.cwd(), 'templates')));

const json = (status: number, body: object) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
const refuse = (code: string, error: string, problems?: unknown) => json(400, { error, code, ...(problems ? { problems } : {}) });

export async function POST(request: Request): Promise<Response> {
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
    let extraFiles: ProjectFiles | undefined;
    if (req.weights) {
      const tf = await import('@tensorflow/tfjs');
      if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
      extraFiles = await initialCheckpointFiles(tf, req.design, req.report, req.weights);
    }
    files = generateProject(req.design, { templates: getTemplates(), report: req.report, extraFiles });
  } catch (e) {
    if (e instanceof WeightsError) return refuse('E_WEIGHTS', e.message);
    if (e instanceof CodegenError) return refuse('E_CODEGEN', e.message);
    throw e;
  }

  const slug = projectSlug(req.design.name);
  if (new URL(request.url).searchParams.get('preview') === '1') {
    const list = [...files].map(([path, contents]) =>
      typeof contents === 'string' ? { path, contents } : { path, contents: `(binary, ${contents.byteLength.toLocaleString('en')} bytes)`, binary: true },
    );
    return json(200, { name: req.design.name, slug, files: list });
  }
  const entries: Record<string, Uint8Array> = {};
  for (const [path, contents] of files) entries[`${slug}/${path}`] = typeof contents === 'string' ? strToU8(contents) : contents;
  const zip = zipSync(entries, { level: 6, mtime: new Date() });
  return new Response(zip as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': contentDisposition(req.design.name),
      'Content-Length': String(zip.byteLength),
      'Cache-Control': 'no-store',
    },
  });
}
