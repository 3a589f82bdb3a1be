"""Reads a generated models.py and the string literals GAN Studio wrote (JSON on stdin) and reports, as one JSON
object on the last line, what Python makes of them: the module's top-level statements, each class body's statements,
and the strings back. Used by torch-hostile.test.ts."""
import ast
import json
import sys

case = json.load(sys.stdin)
tree = ast.parse(case['models'])
top = [type(n).__name__ for n in tree.body]
bodies = {n.name: [type(m).__name__ for m in n.body] for n in tree.body if isinstance(n, ast.ClassDef)}
calls = sorted({ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)})
strings = [ast.literal_eval(s) for s in case['literals']]
print(json.dumps({'top': top, 'bodies': bodies, 'calls': calls, 'strings': strings}))
