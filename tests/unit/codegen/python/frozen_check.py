"""Loads an exported project's frozen MNIST classifier (frozen.py; the project is the working folder) and prints, as
one JSON line, its activations at each layer named on stdin for the images given there (channels-last, as the app's),
its logits, and what frozen.py says of each damaged copy of the weights (a folder each). Used by
feature-loss-export.test.ts."""
import json
import os
import sys

sys.path.insert(0, os.getcwd())

import torch  # noqa: E402

import frozen  # noqa: E402
import graph  # noqa: E402

case = json.load(sys.stdin)
net = frozen.load_frozen(graph.FROZEN, 'cpu')['mnist-classifier']
x = torch.tensor(case['images']['data'], dtype=torch.float32).reshape(case['images']['shape'])
nhwc = lambda a: (a.permute(0, 2, 3, 1) if a.dim() == 4 else a).flatten().tolist()
with torch.no_grad():
    activations = {layer: nhwc(net.activations(x, layer)) for layer in case['layers']}
    logits = nhwc(net(x)[1])
refusals = {}
for name, folder in case['damaged'].items():
    try:
        frozen.read_classifier({**graph.FROZEN['mnist-classifier'], 'dir': folder})
        refusals[name] = None
    except SystemExit as e:
        refusals[name] = str(e)
print(json.dumps({'activations': activations, 'logits': logits, 'refusals': refusals}))
