import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { emitTorchModels } from '../../../lib/codegen/python/emit-models';
import { generateTorchProject } from '../../../lib/codegen/python/generate';
import { loadTorchTemplates } from '../../../lib/codegen/templates';
import { pyIdentifier, pyStr } from '../../../lib/codegen/python/literals';
import { validateDesign } from '../../../lib/validate';
import { presetDesign, ROOT } from './helpers';

/** Nothing from a design becomes Python code: labels aimed at Python stay comments and docstring text. */

const PYTHON = '/usr/bin/python3';
const hasPython = spawnSync(PYTHON, ['-c', 'import ast; ast.unparse'], { stdio: 'ignore' }).status === 0;

const HOSTILE = [
  '"""\nimport os; os.system("touch /tmp/pwned")\n"""',
  "'''; __import__('os').system('id') #",
  'x\n    def forward(self, z): return __import__("os")',
  '# comment\r\nexec("print(1)")',
  '\\"\\"\\" \u2028 \u0085 \u202e \u200b',
  "${`}` and `` ` `` in {braces}",
];

describe('PyTorch export against hostile names', () => {
  it('names Python identifiers from ids without keywords, builtins or dunders', () => {
    expect(['class', 'None', '__import__', 'print', 'self', '9lives', 'a-b'].map(pyIdentifier)).toEqual(['class_', 'None_', '__import___', 'print_', 'self_', '_9lives', 'a_b']);
  });

  it.skipIf(!hasPython)(`keeps hostile labels out of the code of models.py, and strings round-trip (skipped without ${PYTHON})`, () => {
    const d = presetDesign('dcgan-mnist');
    d.name = HOSTILE[0]!;
    d.networks.forEach((n, i) => {
      n.label = HOSTILE[(i + 1) % HOSTILE.length]!;
      n.nodes.forEach((x, j) => (x.label = HOSTILE[(i + j) % HOSTILE.length]!));
    });
    const models = emitTorchModels(d, validateDesign(d), blocks);
    const r = spawnSync(PYTHON, [join(ROOT, 'tests/unit/codegen/python/structure.py')], { input: JSON.stringify({ models: models.code, literals: HOSTILE.map(pyStr) }), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { top: string[]; bodies: Record<string, string[]>; calls: string[]; strings: string[] };
    // A docstring, three imports, the helpers' definitions and one class per network: nothing else at the top level.
    expect(got.top.slice(0, 4)).toEqual(['Expr', 'Import', 'ImportFrom', 'Import']);
    expect(got.top.slice(4).every((t) => t === 'FunctionDef' || t === 'ClassDef')).toBe(true);
    for (const body of Object.values(got.bodies)) expect(body).toEqual(['Expr', 'FunctionDef', 'FunctionDef']);
    // Only layers, torch ops and tensor methods are called; none of the hostile text's calls.
    expect(got.calls.filter((c) => !/^(nn\.[\w.]+|torch\.\w+|F\.\w+|super|super\(\)\.__init__|self\.\w+|isinstance|keras_init|m\.modules|module\.modules|[\w.]+(\([\d, -]*\))?\.(permute|reshape|flatten|mean))$/.test(c))).toEqual([]);
    expect(got.calls.join(' ')).not.toMatch(/import|system|exec|print/);
    expect(got.strings).toEqual(HOSTILE);
  });

  it.skipIf(!hasPython)('keeps hostile names and labels out of the code of graph.py, data.py and losses.py', () => {
    const d = presetDesign('wgan-gp-mnist');
    d.name = HOSTILE[1]!;
    d.training.nodes.forEach((x, j) => (x.label = HOSTILE[j % HOSTILE.length]!));
    const files = generateTorchProject(d, { templates: loadTorchTemplates(join(ROOT, 'templates')) });
    const code = ['graph.py', 'data.py', 'losses.py'].map((f) => [f, files.get(f) as string]);
    const script = [
      'import ast, json, sys',
      'out = {}',
      'for name, src in json.load(sys.stdin):',
      '    tree = ast.parse(src, name)',
      '    calls = sorted({ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)})',
      '    out[name] = {"top": sorted({type(n).__name__ for n in tree.body}), "calls": calls}',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(code), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, { top: string[]; calls: string[] }>;
    for (const [file, x] of Object.entries(got)) {
      expect(x.top.every((t) => ['Expr', 'Import', 'ImportFrom', 'Assign', 'FunctionDef'].includes(t)), `${file}: ${x.top.join(', ')}`).toBe(true);
      expect(x.calls.join(' '), file).not.toMatch(/__import__|system|exec|eval\(|print/);
    }
  });
});
