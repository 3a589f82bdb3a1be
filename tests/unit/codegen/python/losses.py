"""Evaluates the loss blocks' PyTorch functions on cases GAN Studio wrote (JSON on stdin) and prints their values,
one JSON list on the last line. Used by torch-losses.test.ts."""
import json
import sys

import torch
import torch.nn.functional as F

case = json.load(sys.stdin)
scope = {'torch': torch, 'F': F}
for source in case['sources']:
    exec(source, scope)
out = []
for c in case['cases']:
    x = {k: torch.tensor(v['data'], dtype=torch.float32).reshape(v['shape']) for k, v in c['x'].items()}
    env = None
    if 'criticWeights' in c:
        w = torch.tensor(c['criticWeights'], dtype=torch.float32)
        env = {'critic': lambda t, w=w: (t.flatten(1) * w).sum(1, keepdim=True), 'eps': torch.rand(next(iter(x.values())).shape[0])}
    out.append(float(scope[c['fn']](c['params'], c['side'], x, env)))
print(json.dumps(out))
