/**
 * Names derived from a design's free-text name for places with rules of their own: the npm package name, file and
 * folder names, and the Content-Disposition header. All of them are lower-case ASCII letters, digits and dashes.
 */

const FALLBACK = 'gan-project';

/** `"DCGAN on MNIST"` → `dcgan-on-mnist`; never empty, at most 60 characters, safe as a file name and npm name. */
export function projectSlug(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const slug = ascii
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || FALLBACK;
}

/**
 * The header that makes a browser save the zip under the project's name, with `suffix` (e.g. `-pytorch`, kept to
 * lower-case letters, digits and dashes) after the slug.
 */
export function contentDisposition(name: string, suffix = ''): string {
  const file = `${projectSlug(name)}${suffix.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.zip`;
  return `attachment; filename="${file}"; filename*=UTF-8''${encodeURIComponent(file)}`;
}
