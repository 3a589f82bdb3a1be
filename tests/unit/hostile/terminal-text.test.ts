import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateProject } from '../../../lib/codegen/generate';
import { lineText, str } from '../../../lib/codegen/literals';
import { mdText } from '../../../lib/codegen/markdown';
import { generateTorchProject } from '../../../lib/codegen/python/generate';
import { pyComment } from '../../../lib/codegen/python/literals';
import { loadTorchTemplates } from '../../../lib/codegen/templates';
import { terminalText, visibleText } from '../../../lib/safe-text';
import { presetDesign, ROOT, templates } from '../codegen/helpers';

/**
 * Text from a design where a character can act instead of show (lib/safe-text.ts): the CLI's output to a terminal,
 * and the comments, strings and README of both exported projects. These cases have no error code — nothing is
 * refused — so each names the exact text it must become instead.
 */

const ESC = '\u001b';
/** Every kind of character that must not reach a terminal or a code comment raw. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

type Case = { name: string; input: string; expected: string };

const cases: Case[] = [
  { name: 'plain text, accents and emoji stay as they are', input: 'Réseau ✓ 🎨 — ok', expected: 'Réseau ✓ 🎨 — ok' },
  { name: 'an ANSI colour sequence', input: `${ESC}[31mred${ESC}[0m`, expected: '\\u001b[31mred\\u001b[0m' },
  { name: 'an OSC window-title sequence ending in BEL', input: `${ESC}]0;pwned\u0007`, expected: '\\u001b]0;pwned\\u0007' },
  { name: 'an 8-bit CSI (C1 control)', input: 'a\u009b2Jb', expected: 'a\\u009b2Jb' },
  { name: 'a carriage return that would overwrite the line', input: 'safe\rEVIL', expected: 'safe\\u000dEVIL' },
  { name: 'a backspace and DEL', input: 'ab\bc\u007f', expected: 'ab\\u0008c\\u007f' },
  { name: 'a right-to-left override (Trojan Source)', input: 'x \u202e} ⁦if (admin)⁩ ⁦ {', expected: 'x \\u202e} \\u2066if (admin)\\u2069 \\u2066 {' },
  { name: 'zero-width space, joiner and BOM', input: 'a\u200bb\u200dc\ufeffd\u2060e', expected: 'a\\u200bb\\u200dc\\ufeffd\\u2060e' },
  { name: 'LRM, RLM and the Arabic letter mark', input: '\u200e\u200f\u061c', expected: '\\u200e\\u200f\\u061c' },
  { name: 'line and paragraph separators', input: 'a\u2028b\u2029c', expected: 'a\\u2028b\\u2029c' },
  { name: 'a lone surrogate', input: 'a\ud800b', expected: 'a\\ud800b' },
  { name: 'newlines and tabs, which a terminal line keeps', input: 'a\n\tb', expected: 'a\n\tb' },
];

describe('terminal text (lib/safe-text.ts)', () => {
  it.each(cases)('$name', ({ input, expected }) => {
    expect(terminalText(input)).toBe(expected);
  });

  it('in JSON, the escape is the same string: a --json line still parses to the original', () => {
    const original = `n${ESC}]0;x\u0007\u202e\u009b`;
    const line = terminalText(JSON.stringify({ name: original }));
    expect(line).not.toMatch(INVISIBLE);
    expect((JSON.parse(line) as { name: string }).name).toBe(original);
  });

  it('outside a terminal, newlines and tabs are escaped too', () => {
    expect(visibleText('a\nb\tc')).toBe('a\\u000ab\\u0009c');
  });
});

describe('generated code', () => {
  const evil = `Gen\u202e}; pwned() //\u2066 zero\u200bwidth ${ESC}[2J`;

  it.each([
    ['a TypeScript // comment', lineText(evil)],
    ['a Python # comment', pyComment(evil)],
    ['a README line', mdText(evil)],
    ['a TypeScript string literal', str(evil)],
  ])('%s shows every bidirectional and zero-width character as an escape', (_, out) => {
    expect(out).not.toMatch(INVISIBLE);
    expect(out).toMatch(/\\+u202e/);
    expect(out).toMatch(/\\+u200b/);
  });

  it('a string literal still means the original text', () => {
    expect(JSON.parse(`"${str(evil).slice(1, -1).replace(/\\'/g, "'")}"`)).toBe(evil);
  });

  it('a comment cut at its length limit never splits an emoji', () => {
    // 12 characters: five emoji (10 UTF-16 units), and the ellipsis where half of the sixth would have been.
    expect(lineText('🎨'.repeat(100), 12)).toBe(`${'🎨'.repeat(5)}…`);
  });

  const hostile = () => {
    const d = presetDesign('cgan-mnist');
    d.name = evil;
    d.description = `desc\u202e${evil}`;
    for (const net of d.networks) {
      net.label = `${net.id}\u2067${evil}`;
      for (const n of net.nodes) n.label = `${n.id}\u200c${evil}`;
    }
    for (const n of d.training.nodes) n.label = `${n.id}\u202d${evil}`;
    return d;
  };

  it.each([
    ['TypeScript', () => generateProject(hostile(), { templates })],
    ['PyTorch', () => generateTorchProject(hostile(), { templates: loadTorchTemplates(join(ROOT, 'templates')) })],
  ])('the %s project has no invisible character in any code or README file', (_, make) => {
    const files = make();
    const code = [...files].filter(([p, c]) => typeof c === 'string' && /\.(ts|py|md)$/.test(p)) as [string, string][];
    expect(code.length).toBeGreaterThan(3);
    for (const [path, source] of code) expect(source, path).not.toMatch(INVISIBLE);
    // The labels did reach the code (as escaped text), so the check above looked at them.
    expect(code.some(([, source]) => /Gen\\+u202e/.test(source))).toBe(true);
  });
});

describe('the CLI prints design text safely', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-hostile-'));
  const design = presetDesign('gan-mlp-mnist');
  design.name = `Evil${ESC}]0;pwned\u0007${ESC}[2J\u202eend`;
  design.networks[0]!.label = `G${ESC}[31m\u009b\u2066`;
  const file = join(dir, 'evil.gan.json');
  writeFileSync(file, JSON.stringify(design));
  const gan = (...args: string[]) => spawnSync('npx', ['tsx', 'cli/gan.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

  it('validate: the name is printed with its control characters visible', () => {
    const r = gan('validate', file);
    expect(r.stdout).toContain('Evil\\u001b]0;pwned\\u0007\\u001b[2J\\u202eend');
    expect(r.stdout + r.stderr).not.toMatch(INVISIBLE);
  });

  it('validate --json: valid JSON, and the label inside it is the original text', () => {
    const r = gan('validate', file, '--json');
    expect(r.stdout + r.stderr).not.toMatch(INVISIBLE);
    const j = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { networks: Record<string, { label?: string }> };
    expect(Object.values(j.networks).map((n) => n.label)).toContain(design.networks[0]!.label);
  });
});
