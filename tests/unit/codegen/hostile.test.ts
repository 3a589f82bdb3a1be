import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import type { ProjectFiles } from '../../../lib/codegen/generate';
import { validateDesign } from '../../../lib/validate';
import { generate, hostileDesign, presetDesign, text } from './helpers';

/** The source with every comment and string literal removed, as TypeScript's scanner reads it. */
function codeOnly(source: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, source);
  const stack: ('brace' | 'template')[] = [];
  let out = '';
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    // Inside `${…}`, the `}` that closes the substitution continues the template: rescan it as template text.
    if (kind === ts.SyntaxKind.CloseBraceToken && stack.at(-1) === 'template') {
      stack.pop();
      kind = scanner.reScanTemplateToken(false);
    } else if (kind === ts.SyntaxKind.OpenBraceToken) stack.push('brace');
    else if (kind === ts.SyntaxKind.CloseBraceToken) stack.pop();
    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle) stack.push('template');
    const isText = kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle || kind === ts.SyntaxKind.TemplateTail;
    out += isText ? ' "" ' : ` ${scanner.getTokenText()} `;
  }
  return out;
}

describe('the check itself', () => {
  it.each([
    ['const a = 1; pwned();', true],
    ["const a = 'pwned'; // pwned", false],
    ['/* pwned */ const b = `x${pwned}y`;', true],
    ['const c = `pwned ${1} pwned`;', false],
    ['const d = "*/ pwned"; /* a */', false],
  ])('codeOnly(%j) sees code: %s', (src, found) => {
    expect(/pwned/.test(codeOnly(src))).toBe(found);
  });
});

describe.each(['cgan-mnist', 'ring8-2d'])('an export of %s with hostile names and labels', (id) => {
  const design = hostileDesign(id);
  const report = validateDesign(design);
  const files: ProjectFiles = generate(design);
  const tsFiles = [...files].filter(([p]) => p.endsWith('.ts')) as [string, string][];

  it('still validates: labels are free text', () => {
    expect(report.ok).toBe(true);
  });

  it('keeps every payload out of the code: they appear only in string literals and comments', () => {
    let seen = 0;
    for (const [path, source] of tsFiles) {
      seen += (source.match(/pwned/g) ?? []).length;
      expect(codeOnly(source), path).not.toMatch(/pwned/);
    }
    // The labels did reach the code, as comments (models.ts names each layer's label).
    expect(seen).toBeGreaterThan(0);
    expect(text(files, 'src/models.ts')).toMatch(/pwned1/);
  });

  it('writes no raw line terminator inside a line comment', () => {
    for (const [path, source] of tsFiles) expect(source, path).not.toMatch(/[\u2028\u2029\r]/);
  });

  it('keeps package.json valid JSON with the name as data, and the README as escaped text', () => {
    const pkg = JSON.parse(text(files, 'package.json')) as { name: string; description: string };
    expect(pkg.name).toMatch(/^[a-z0-9-]+$/);
    expect(pkg.description).toContain('pwned1');
    const readme = text(files, 'README.md');
    expect(readme).not.toMatch(/[\u2028\u2029]/);
    expect(readme).toContain('\\`; pwned4(); \\`');
  });

  // That it compiles is checked with every preset, in compile.test.ts (one type-check for all).
});

describe('hostile params', () => {
  it('are refused by validation before they reach the generator', () => {
    const d = presetDesign('ring8-2d');
    d.networks[0]!.nodes.find((n) => n.type === 'dense')!.params['activation'] = `relu' }), process.exit(1), ({ a: '`;
    expect(validateDesign(d).ok).toBe(false);
    expect(() => generate(d)).toThrow(/error/);
  });
});
