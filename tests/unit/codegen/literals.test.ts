import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../lib/blocks/types';
import { Scope, toIdentifier } from '../../../lib/codegen/identifiers';
import { docText, jsDoc, key, lineText, lit, num, prop, str } from '../../../lib/codegen/literals';
import { mdText } from '../../../lib/codegen/markdown';
import { contentDisposition, projectSlug } from '../../../lib/codegen/names';

/** Evaluates a generated expression the way a JavaScript engine reads it. */
const evaluate = (code: string): unknown => new Function(`return (${code});`)();

const HOSTILE = [
  `"); process.exit(1); //`,
  `'); process.exit(1); //`,
  '${globalThis}',
  '`${process.exit(1)}`',
  '*/ process.exit(1); /*',
  'line\nbreak\r\nend',
  'u2028\u2028process.exit(1)//',
  'u2029\u2029process.exit(1)//',
  'back\\slash\\',
  'nul\u0000bell\u0007del\u007f',
  'lone \ud800 surrogate and pair 😀',
  '</script><script>alert(1)</script>',
];

describe('literals', () => {
  it.each(HOSTILE)('str() writes %j as a literal that evaluates back to itself', (s) => {
    const code = str(s);
    expect(code).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(evaluate(code)).toBe(s.replace(/\ud800(?![\udc00-\udfff])/g, '\ud800'));
  });

  it.each(HOSTILE)('lineText() keeps %j on one comment line', (s) => {
    const comment = `// ${lineText(s)}`;
    expect([...comment].some((c) => c.charCodeAt(0) < 0x20 || c === '\u2028' || c === '\u2029')).toBe(false);
    expect(evaluate(`1 ${comment}\n`)).toBe(1);
  });

  it.each(HOSTILE)('docText() / jsDoc() cannot close the comment early: %j', (s) => {
    expect(docText(s)).not.toContain('*/');
    const doc = jsDoc([s, `${s} ${s}`]);
    expect(doc.match(/\*\//g)).toHaveLength(1);
    expect(evaluate(`${doc}\n2`)).toBe(2);
  });

  it.each([
    [{ units: 7, name: 'a', ok: true, shape: [1, 2], nested: { 'odd key': null } }, "{ units: 7, name: 'a', ok: true, shape: [1, 2], nested: { 'odd key': null } }"],
    [[], '[]'],
    [{}, '{}'],
    [1e-7, '1e-7'],
  ] as [JsonValue, string][])('lit(%j)', (value, code) => {
    expect(lit(value)).toBe(code);
    expect(evaluate(lit(value))).toEqual(value);
  });

  it('writes -0 as 0 and refuses numbers without a literal', () => {
    expect(num(-0)).toBe('0');
    for (const n of [NaN, Infinity, -Infinity]) expect(() => num(n)).toThrow(/literal/);
  });

  it.each([
    ['units', 'units', 's.units'],
    ['my-node', "'my-node'", "s['my-node']"],
    ["x'); y('", "'x\\'); y(\\''", "s['x\\'); y(\\'']"],
  ])('key / prop of %j', (k, keyCode, propCode) => {
    expect(key(k)).toBe(keyCode);
    expect(prop('s', k)).toBe(propCode);
  });
});

describe('identifiers', () => {
  it.each([
    ['G', 'G'],
    ['up_14', 'up_14'],
    ['g-net', 'g_net'],
    ['in', 'in_'],
    ['const', 'const_'],
    ['9lives', '_9lives'],
    ['"); process.exit(1); //', '____process_exit_1_____'],
    ['${globalThis}', '$_globalThis_'],
    ['', '_'],
  ])('toIdentifier(%j) = %j', (id, want) => {
    expect(toIdentifier(id)).toBe(want);
    expect(() => new Function(`let ${toIdentifier(id)} = 1;`)).not.toThrow();
  });

  it('a scope hands out every name once', () => {
    const s = new Scope(['tf']);
    expect([s.name('tf'), s.name('a-b'), s.name('a_b'), s.name('a b'), s.name('x')]).toEqual(['tf_2', 'a_b', 'a_b_2', 'a_b_3', 'x']);
  });
});

describe('names', () => {
  it.each([
    ['DCGAN on MNIST', 'dcgan-on-mnist'],
    ['Ring of 8 Gaussians (2-D)', 'ring-of-8-gaussians-2-d'],
    ['Crème brûlée GAN', 'creme-brulee-gan'],
    ['"; rm -rf / #', 'rm-rf'],
    ['../../etc/passwd', 'etc-passwd'],
    ['日本語', 'gan-project'],
    ['', 'gan-project'],
  ])('projectSlug(%j) = %j', (name, slug) => {
    expect(projectSlug(name)).toBe(slug);
  });

  it('Content-Disposition carries only the slug', () => {
    expect(contentDisposition('a"b\r\nSet-Cookie: x=1')).toBe(`attachment; filename="a-b-set-cookie-x-1.zip"; filename*=UTF-8''a-b-set-cookie-x-1.zip`);
  });

  it('mdText escapes what Markdown or HTML would read', () => {
    expect(mdText('<img src=x onerror=alert(1)> *bold* `code` [a](b) | x & y\nnext')).toBe('\\<img src=x onerror=alert(1)\\> \\*bold\\* \\`code\\` \\[a\\](b) \\| x &amp; y next');
  });
});
