"""Runs the optimizer and constraint blocks' PyTorch functions on cases GAN Studio wrote (JSON on stdin): each
optimizer takes three steps on a vector from the same gradients; each constraint is applied to a module's weights.
Prints the results, one JSON list on the last line. Used by torch-optimizers.test.ts."""
import json
import sys

import torch
from torch import nn

case = json.load(sys.stdin)
scope = {'torch': torch}
for source in case['sources']:
    exec(source, scope)
out = []
for c in case['cases']:
    if c['kind'] == 'optimizer':
        w = nn.Parameter(torch.tensor(c['start'], dtype=torch.float32))
        opt = scope[c['fn']](c['params'], [w])
        for g in c['grads']:
            opt.zero_grad()
            w.grad = torch.tensor(g, dtype=torch.float32)
            opt.step()
        out.append(w.detach().tolist())
    else:
        m = nn.Linear(len(c['start']), 1, bias=False)
        with torch.no_grad():
            m.weight.copy_(torch.tensor([c['start']], dtype=torch.float32))
        scope[c['fn']](c['params'], m)
        out.append(m.weight.detach()[0].tolist())
print(json.dumps(out))
